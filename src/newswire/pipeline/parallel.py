"""Extraction in worker processes, records still in input order.

    >>> for record in extract_many(iter_inputs(["stories/"]), ExtractOptions(jobs=2)):
    ...     print(record["id"])

Each of `options.jobs` workers (`workers.Pool`) loads the spaCy pipeline once
and extracts small batches; the main process reads the inputs, keeps at most
`3 * jobs` batches in flight (memory stays flat on a big corpus) and yields the
records in the order of the inputs. A batch whose worker dies is redone one
article at a time in a fresh pool: the article that kills its worker becomes an
error record (kind `internal`) and the rest goes on. One job runs in this
process, with no pool at all.

The workers are started with forkserver (spawn where there is none), so a
script that calls this must keep its top-level code under
`if __name__ == "__main__":`, as with any multiprocessing code.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from ..processes import die_with_parent
from .extract import extract_records, internal_error, load_model
from .options import ExtractOptions
from .workers import Pool

__all__ = ["extract_many", "extract_parallel", "ParallelExtractor", "die_with_parent"]

CHUNK = 4  # articles per work unit sent to a worker


def extract_many(inputs: Iterable[dict], options: ExtractOptions | None = None, *, nlp=None,
                 **given) -> Iterator[dict]:
    """One contract record per input, in input order, extracted by `options.jobs` processes.

    `options` (or its fields as keywords: model, batch_size, published, timeout, jobs, language); `nlp`: a
    loaded pipeline to use in this process when there is one job."""
    options = ExtractOptions.of(options, **given)
    if options.jobs <= 1:
        yield from extract_records(inputs, nlp=nlp or load_model(options.model), batch_size=options.batch_size,
                                   published=options.published, timeout=options.timeout, language=options.language)
        return
    with ParallelExtractor(options=options) as pool:
        yield from pool.extract(inputs)


def extract_parallel(inputs: Iterable[dict], jobs: int = 2, **given) -> Iterator[dict]:
    """`extract_many` with `jobs` processes (the options' other fields as keywords)."""
    return extract_many(inputs, ExtractOptions.of(jobs=jobs, **given))


class ParallelExtractor:
    """A pool of `jobs` workers, each with the model loaded; reusable for many `extract` calls.

    `warm_up(inputs)` makes sure every worker has loaded the model (and run it
    once) before anything is timed; `extract` works without it. `backend`: a stand-in
    module for newswire's pipeline (see `workers`).
    """

    def __init__(self, jobs: int | None = None, options: ExtractOptions | None = None,
                 start_method: str | None = None, backend: str | None = None, **given):
        jobs = jobs if jobs is not None else options.jobs if options else 2
        options = ExtractOptions.of(options, jobs=jobs, **given)
        self.jobs, self.batch_size = options.jobs, options.batch_size
        # small work units keep both workers busy to the end (16-article units split 89
        # articles 48/41); spaCy's throughput barely changes below its batch size
        self.chunk_size = max(1, min(self.batch_size, CHUNK))
        self.pool = Pool(options, backend, start_method=start_method)

    def __enter__(self) -> "ParallelExtractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.pool.close()

    def warm_up(self, inputs: list[dict], tries: int = 20) -> set[int]:
        """Run single articles until every worker has done one; returns the worker pids."""
        if not inputs:
            return set()
        seen: set[int] = set()
        for attempt in range(tries):
            futures = [self.pool.submit([inputs[(attempt * self.jobs + i) % len(inputs)]])
                       for i in range(self.jobs)]
            seen.update(f.result().pid for f in futures)
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
            return self.pool.submit(batch)
        except BrokenProcessPool:  # an earlier batch killed a worker: start a fresh pool
            self.pool.restart()
            return self.pool.submit(batch)

    def _collect(self, batch: list[dict], future: Future) -> list[dict]:
        try:
            return future.result().records
        except BrokenProcessPool:
            # Some article killed its worker, and every batch in flight with it: redo
            # this batch one article at a time in a fresh pool to find which.
            return [record for item in batch for record in self._one_by_one(item)]
        except Exception as exc:  # noqa: BLE001 — a batch's failure becomes its error records
            return _failed(batch, f"{type(exc).__name__}: {exc}")

    def _one_by_one(self, item: dict) -> list[dict]:
        try:
            return self._submit([item]).result().records
        except BrokenProcessPool as exc:
            self.pool.restart()
            return _failed([item], f"its worker process died ({exc or 'killed'})")
        except Exception as exc:  # noqa: BLE001
            return _failed([item], f"{type(exc).__name__}: {exc}")


def _batches(inputs: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(inputs)
    while batch := list(islice(it, size)):
        yield batch


def _failed(batch: list[dict], why: str) -> list[dict]:
    return [internal_error(str(item.get("id") or "unknown"), why) for item in batch]
