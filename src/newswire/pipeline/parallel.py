"""Extraction in worker processes, records still in input order.

    >>> for record in extract_parallel(iter_inputs(["stories/"]), jobs=2):
    ...     print(record["id"])

Each of `jobs` workers loads the spaCy pipeline once and runs
`pipeline.extract_records` over batches of `batch_size` articles; the main
process reads the inputs, keeps at most `2 * jobs` batches in flight (memory
stays flat on a big corpus) and yields the records in the order of the inputs.
A batch whose worker dies becomes error records (kind `internal`), the pool is
restarted and the rest goes on: one bad article never stops the run.
`jobs=1` runs in this process, with no pool at all.

The workers are started with forkserver (spawn where there is none), so a
script that calls this must keep its top-level code under
`if __name__ == "__main__":`, as with any multiprocessing code.
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from itertools import islice

from ..model import error_record
from ..processes import die_with_parent, one_core_per_worker

__all__ = ["extract_parallel", "ParallelExtractor", "die_with_parent"]

CHUNK = 4  # articles per work unit sent to a worker
BACKEND = "newswire.pipeline.extract"  # a module with load_model(name) and extract_records(inputs, nlp, batch_size, published)


def extract_parallel(inputs: Iterable[dict], jobs: int = 2, model: str | None = None, batch_size: int = 16,
                     published: str | date | None = None, timeout: float | None = None) -> Iterator[dict]:
    """One contract record per input, in input order, extracted by `jobs` worker processes.

    `timeout`: seconds per article (None: the backend's default)."""
    options = {"timeout": timeout} if timeout is not None else {}
    if jobs <= 1:
        module = importlib.import_module(BACKEND)
        yield from module.extract_records(inputs, nlp=module.load_model(model), batch_size=batch_size,
                                          published=published, **options)
        return
    with ParallelExtractor(jobs, model=model, batch_size=batch_size, published=published, timeout=timeout) as pool:
        yield from pool.extract(inputs)


# ------------------------------------------------------------ worker side

_WORKER: dict = {}

def _init_worker(backend: str, model: str | None, batch_size: int, published, timeout=None) -> None:
    die_with_parent()
    one_core_per_worker()
    module = importlib.import_module(backend)
    _WORKER.update(module=module, nlp=module.load_model(model), batch_size=batch_size, published=published,
                   options={"timeout": timeout} if timeout is not None else {})


def _extract_batch(batch: list[dict]) -> tuple[int, list[dict]]:
    module, nlp = _WORKER["module"], _WORKER["nlp"]
    records = list(module.extract_records(batch, nlp=nlp, batch_size=_WORKER["batch_size"],
                                          published=_WORKER["published"], **_WORKER["options"]))
    if len(records) != len(batch):  # the contract is one record per input: never shift the order
        raise RuntimeError(f"the extractor gave {len(records)} records for {len(batch)} inputs")
    return os.getpid(), records


# ------------------------------------------------------------ main side

class ParallelExtractor:
    """A pool of `jobs` workers, each with the model loaded; reusable for many `extract` calls.

    `warm_up(inputs)` makes sure every worker has loaded the model (and run it
    once) before anything is timed; `extract` works without it.
    """

    def __init__(self, jobs: int = 2, model: str | None = None, batch_size: int = 16,
                 published: str | date | None = None, start_method: str | None = None,
                 timeout: float | None = None):
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs, self.batch_size = jobs, max(1, batch_size)
        # small work units keep both workers busy to the end (16-article units split 89
        # articles 48/41); spaCy's throughput barely changes below its batch size
        self.chunk_size = max(1, min(self.batch_size, CHUNK))
        methods = multiprocessing.get_all_start_methods()
        # forkserver/spawn: the workers do not inherit this process's threads or open files
        self._context = multiprocessing.get_context(start_method or ("forkserver" if "forkserver" in methods else "spawn"))
        self._initargs = (BACKEND, model, self.batch_size, published, timeout)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "ParallelExtractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=self._context,
                                             initializer=_init_worker, initargs=self._initargs)
        return self._pool

    def warm_up(self, inputs: list[dict], tries: int = 20) -> set[int]:
        """Run single articles until every worker has done one; returns the worker pids."""
        if not inputs:
            return set()
        seen: set[int] = set()
        for attempt in range(tries):
            futures = [self._executor().submit(_extract_batch, [inputs[(attempt * self.jobs + i) % len(inputs)]])
                       for i in range(self.jobs)]
            seen.update(f.result()[0] for f in futures)
            if len(seen) >= self.jobs:
                break
        return seen

    def extract(self, inputs: Iterable[dict]) -> Iterator[dict]:
        """Records for `inputs`, in their order."""
        in_flight: deque[tuple[list[dict], Future]] = deque()
        for batch in _batches(inputs, self.chunk_size):
            in_flight.append((batch, self._submit(batch)))
            if len(in_flight) >= 3 * self.jobs:
                yield from self._collect(*in_flight.popleft())
        while in_flight:
            yield from self._collect(*in_flight.popleft())

    def _submit(self, batch: list[dict]) -> Future:
        try:
            return self._executor().submit(_extract_batch, batch)
        except BrokenProcessPool:  # an earlier batch killed a worker: start a fresh pool
            self._restart()
            return self._executor().submit(_extract_batch, batch)

    def _collect(self, batch: list[dict], future: Future) -> list[dict]:
        try:
            return future.result()[1]
        except BrokenProcessPool:
            # Some article killed its worker, and every batch in flight with it: redo
            # this batch one article at a time in a fresh pool to find which.
            return [record for item in batch for record in self._one_by_one(item)]
        except Exception as exc:  # noqa: BLE001 — a batch's failure becomes its error records
            return _failed(batch, f"{type(exc).__name__}: {exc}")

    def _one_by_one(self, item: dict) -> list[dict]:
        try:
            return self._submit([item]).result()[1]
        except BrokenProcessPool as exc:
            self._restart()
            return _failed([item], f"its worker process died ({exc or 'killed'})")
        except Exception as exc:  # noqa: BLE001
            return _failed([item], f"{type(exc).__name__}: {exc}")

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _batches(inputs: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(inputs)
    while batch := list(islice(it, size)):
        yield batch


def _failed(batch: list[dict], why: str) -> list[dict]:
    return [error_record(str(item.get("id") or "unknown"), "internal",
                         f"[NW900] article {item.get('id')!r}: {why}") for item in batch]
