"""The worker pool of every parallel path: `extract --jobs`, `ingest --jobs` and the Spark job's
Python workers all extract through here.

- `load(options)`: this process's `Worker` (the extractor and its loaded model), once per process;
  a process forked from one that has it (ingest's workers, Spark's daemon) shares it;
- `Worker.extract(batch)`: one record per input, in order; an article that fails is its own
  error record (kind `internal`), never an exception;
- `Pool(options)`: `options.jobs` processes, each set up as a pool worker (it dies with its parent,
  one core each), with `submit(batch)` → a Future of the batch's `Done`; one job runs here.

The extractor is newswire's pipeline (`newswire.pipeline.extract`). Tests and benchmarks may name
another module, a `backend`, with the same `load_model(name)` and `extract_records(inputs, nlp,
batch_size, ...)`; it is given only the options its `extract_records` takes.
"""
from __future__ import annotations

import importlib
import inspect
import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from types import ModuleType

from ..processes import die_with_parent, one_core_per_worker
from . import extract as pipeline
from .extract import internal_error
from .options import ExtractOptions

__all__ = ["Worker", "Done", "Pool", "load", "current", "extract_batch", "backend_module", "peak_rss_mb"]


def backend_module(backend: str | None = None) -> ModuleType:
    """newswire's pipeline, or the module named `backend` (a stand-in with the same functions)."""
    return pipeline if backend is None else importlib.import_module(backend)


@dataclass
class Worker:
    """One process's extractor: the backend module, its loaded model and the options."""

    backend: str | None
    module: ModuleType
    nlp: object
    options: ExtractOptions
    pid: int  # the process that loaded the model (a forked child shares it)

    @property
    def keywords(self) -> dict:
        """The options for the backend's `extract_records`, those it takes."""
        given = {"batch_size": self.options.batch_size, "published": self.options.published,
                 "timeout": self.options.timeout, "language": self.options.language}
        takes = inspect.signature(self.module.extract_records).parameters
        return {name: value for name, value in given.items() if name in takes}

    def extract(self, batch: list[dict]) -> list[dict]:
        """One record per input, in order. newswire's `extract_records` turns each failure into its
        article's error record itself; a backend that raises, or gives a record too many or too
        few, has its batch redone one article at a time, so that only the culprit fails."""
        try:
            records = list(self.module.extract_records(batch, nlp=self.nlp, **self.keywords))
            if len(records) == len(batch):
                return records
        except Exception:  # noqa: BLE001 — redone one by one, where the culprit gets its own error
            pass
        return [self.extract_one(item) for item in batch]

    def extract_one(self, item: dict) -> dict:
        try:
            return next(iter(self.module.extract_records([item], nlp=self.nlp, **self.keywords)))
        except Exception as exc:  # noqa: BLE001 — one article's failure must not stop a batch
            return internal_error(str(item.get("id") or "unknown"), f"{type(exc).__name__}: {exc}")


_worker: Worker | None = None  # this process's


def load(options: ExtractOptions | None = None, backend: str | None = None) -> Worker:
    """This process's worker, with the model of `options` loaded once (a new model or backend
    loads again; other options are only swapped in)."""
    global _worker
    options = options or ExtractOptions()
    if _worker is None or (_worker.backend, _worker.options.model) != (backend, options.model):
        module = backend_module(backend)
        _worker = Worker(backend, module, module.load_model(options.model), options, os.getpid())
    elif _worker.options != options:
        _worker = replace(_worker, options=options)
    return _worker


def current() -> Worker | None:
    """This process's worker, if one was loaded here or in the process it was forked from."""
    return _worker


def peak_rss_mb() -> float:
    """This process's largest resident memory so far, in MB."""
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


@dataclass(frozen=True)
class Done:
    """A batch's records, in input order, and the worker that made them."""

    records: list[dict]
    pid: int
    peak_rss_mb: float


def extract_batch(batch: list[dict]) -> Done:
    """The records of `batch` by this process's worker (in a pool worker: the task it runs)."""
    return Done(_worker.extract(batch), os.getpid(), peak_rss_mb())


def _start_worker(options: ExtractOptions, backend: str | None) -> None:
    die_with_parent()
    one_core_per_worker()
    load(options, backend)


def _forked_worker() -> None:
    die_with_parent()  # the model came with the fork
    one_core_per_worker()


class _Here:
    """One job: the protocol of the process pool, run in this process."""

    def submit(self, fn, *args) -> Future:
        future = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


class Pool:
    """`options.jobs` worker processes, each with the model loaded (one job: this process).

    `fork`: load the model here and fork the workers, which share its pages (make the pool before
    opening files or starting threads: the children inherit them); otherwise the workers are
    started with `start_method` (default forkserver, spawn where there is none) and each loads
    the model itself, inheriting nothing. A script that makes a pool keeps its top-level code
    under `if __name__ == "__main__":`, as with any multiprocessing code."""

    def __init__(self, options: ExtractOptions | None = None, backend: str | None = None, *,
                 fork: bool = False, start_method: str | None = None):
        self.options, self.backend = options or ExtractOptions(), backend
        self.jobs = self.options.jobs
        methods = multiprocessing.get_all_start_methods()
        self.fork = fork and "fork" in methods
        self._context = multiprocessing.get_context(
            "fork" if self.fork else start_method or ("forkserver" if "forkserver" in methods else "spawn"))
        self._executor: ProcessPoolExecutor | _Here | None = None

    def __enter__(self) -> "Pool":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> "Pool":
        """Start the workers now (they start with the first batch otherwise)."""
        if self._executor is not None:
            return self
        if self.jobs <= 1 or self.fork:
            load(self.options, self.backend)
        if self.jobs <= 1:
            self._executor = _Here()
        elif self.fork:
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=self._context, initializer=_forked_worker)
            self._executor.submit(os.getpid).result()  # with fork, every worker starts now
        else:
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=self._context, initializer=_start_worker,
                                                 initargs=(self.options, self.backend))
        return self

    def submit(self, batch: list[dict]) -> Future:
        """A Future of the batch's `Done`; BrokenProcessPool when a worker died (see `restart`)."""
        return self.start()._executor.submit(extract_batch, batch)

    def restart(self) -> None:
        """Drop a broken pool (its batches in flight are lost); the next batch starts a fresh one."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self, wait: bool = True) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None
