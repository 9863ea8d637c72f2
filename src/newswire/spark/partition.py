"""The work of one Spark partition, in plain Python (no pyspark here): testable
without Spark, and the same code runs in every executor's Python worker.

Two steps, as in commoncrawl/cc-pyspark's `process_warcs` / `process_record`:

- `read_partition(paths)`: input files → `Input`s (one per input record); a
  file that cannot be opened is counted, logged and becomes one error input;
- `extract_partition(inputs)`: `Input`s → the rows each adds to the corpus
  tables (`table_rows`: an article and its actors, quotes, events, removed
  parts; or an error), with the spaCy model loaded once per Python worker
  (`newswire.pipeline.workers`, never pickled: only the function's name
  crosses the wire);
- `write_partition(index, inputs, out)`: the same, written by the worker as
  Parquet part files (`parquet.PartWriter`); only the file names go back.

`counters` is a mapping of names (`COUNTERS`) to objects with `.add(n)`: Spark
accumulators in the job, `Counter`s in tests.
"""
from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

from ..corpus.store import TABLE_COLUMNS, child_rows, content_hash
from ..model import SCHEMA, content_id
from ..pipeline import workers
from ..pipeline.extract import internal_error
from ..pipeline.options import ExtractOptions
from ..processes import one_core_per_worker
from ..read.admit import Seen, admit, origin

__all__ = ["Input", "read_partition", "extract_partition", "process_partition", "write_partition", "table_rows",
           "record_of", "admit_in_order", "COUNTERS", "Counter"]

log = logging.getLogger("newswire.spark")

CHUNK = 16  # inputs per nlp.pipe call; a chunk that fails is redone one article at a time
COUNTERS = ("files_read", "files_failed", "records_read", "duplicates", "articles", "errors", "models_loaded",
            "models_shared", "model_seconds", "extract_seconds")
PEAK = "peak_rss_mb"  # the largest resident memory of a Python worker (a max, not a sum)
CHILD = ("actors", "quotes", "events", "removed")
LOCAL_SCHEMES = ("file://",)


@dataclass
class Input:
    """One input record and where it came from; `order` keeps the first of duplicates."""

    order: tuple[int, int]  # (file number, record number in the file)
    path: str
    item: dict
    digest: str | None  # content hash; None for an input that is already an error

    @property
    def key(self) -> str:
        return self.item["id"]

    @property
    def origin(self) -> str:
        return origin(self.item)


class Counter:
    """A stand-in for a Spark accumulator."""

    def __init__(self):
        self.value = 0

    def add(self, n: int) -> None:
        self.value += n


class Peak(Counter):
    """A stand-in for the job's max-accumulator."""

    def add(self, n) -> None:
        self.value = max(self.value, n)


def new_counters() -> dict[str, Counter]:
    return {**{name: Counter() for name in COUNTERS}, PEAK: Peak()}


# ------------------------------------------------------------ read

def read_partition(paths: Iterable[tuple[int, str]], counters: Mapping | None = None) -> Iterator[Input]:
    """Inputs of every (file number, path); never raises for a bad file."""
    from ..read.files import iter_file

    counters = counters or new_counters()
    for number, path in paths:
        try:
            with local_copy(path) as local:
                if not os.path.isfile(local):
                    raise FileNotFoundError(f"no such file: {path}")
                with open(local, "rb"):
                    pass  # opening is the test of readability; iter_file reports what breaks later
                counters["files_read"].add(1)
                for index, item in enumerate(iter_file(local)):
                    counters["records_read"].add(1)
                    yield to_input(item, (number, index), path)
        except Exception as exc:  # noqa: BLE001 — one file never stops the job
            counters["files_failed"].add(1)
            message = f"{path}: cannot be read ({type(exc).__name__}: {exc})"
            log.error("skipped %s", message)
            yield Input((number, 0), path, {"id": path, "error": {"kind": "unreadable", "message": message}}, None)


def to_input(item: dict, order: tuple[int, int], path: str) -> Input:
    """The input with its id and content hash, as `ingest` reads them (an id from the text when it has none)."""
    if "error" in item and "text" not in item and "html" not in item:
        item["id"] = str(item.get("id") or path)
        return Input(order, path, item, None)
    digest = content_hash(item)
    if digest is None:
        return Input(order, path, {"id": str(item.get("id") or f"{path}:{order[1] + 1}"), "error": {
            "kind": "malformed", "message": "the record has neither `text` nor `html`"}}, None)
    if not item.get("id"):
        item["id"] = content_id(item.get("text") if item.get("text") is not None else item["html"])
    return Input(order, path, item, digest)


@contextmanager
def local_copy(path: str):
    """A local file name for `path`: itself, or a temporary copy of a remote file (s3://, gs://,
    hdfs://, https://, through fsspec) under the same base name, so ids read the same."""
    if path.startswith(LOCAL_SCHEMES):
        yield path[len("file://"):]
        return
    if "://" not in path:
        yield path
        return
    try:
        import fsspec
    except ImportError:
        raise OSError(f"reading {path.split('://')[0]}:// paths in the executors needs fsspec "
                      "(and its backend, e.g. s3fs or gcsfs) in their Python environment") from None
    folder = tempfile.mkdtemp(prefix="newswire-")
    try:
        local = os.path.join(folder, os.path.basename(path.rstrip("/")) or "input")
        with fsspec.open(path, "rb") as remote, open(local, "wb") as out:
            shutil.copyfileobj(remote, out, 1 << 20)
        yield local
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def first(a: Input, b: Input) -> Input:
    """Of two inputs with one key, the one read first (as `ingest` keeps the first)."""
    return a if a.order <= b.order else b


def admit_in_order(inputs: Iterable[Input], dropped=None) -> Iterator[Input]:
    """The inputs that the admit rule (`newswire.read.admit`, as `ingest` applies it) lets in,
    taken in the order they were read; an input that is already an error always is. Each one
    left out adds 1 to `dropped` (a counter) when given."""
    seen = Seen()
    for given in sorted(inputs, key=lambda g: g.order):
        if given.digest is None:
            yield given
        elif admit(given.key, given.digest, given.origin, seen):
            seen.add(given.key, given.digest, given.origin)
            yield given
        elif dropped is not None:
            dropped.add(1)


# ------------------------------------------------------------ extract

# one short story for the daemon to extract before it forks: the imports, lexicons and compiled
# patterns that an article's first extraction loads are then shared by every worker, not loaded by each
WARM_UP = {"id": "warm-up", "published": "2022-05-28", "text": (
    "Italian Prime Minister Mario Draghi spoke on the phone with Ukrainian President Volodymyr Zelensky "
    "in Kyiv on Friday. \"We will keep supporting Ukraine,\" Draghi told reporters in Rome after the call. "
    "Russia accused NATO of threatening its security last week.")}


def preload(model: str | None = None, backend: str | None = None) -> None:
    """Load the model in this process before it forks workers (see `daemon`), and warm it up on
    one story: the workers share all of it."""
    one_core_per_worker()
    workers.load(ExtractOptions(model=model), backend).extract([dict(WARM_UP)])
    from . import parquet  # noqa: F401  (and DuckDB, imported, never connected before the fork)
    import duckdb  # noqa: F401

    _freeze()


def _freeze() -> None:
    # PySpark's daemon runs gc.collect() in a reused worker after every task: over the model's millions
    # of objects that took ~0.5 s a task (and copied their pages out of the shared ones). Frozen objects
    # are never scanned; the loaded model lives as long as the process anyway.
    gc.collect()
    gc.freeze()


def worker(options: ExtractOptions, backend: str | None, counters: Mapping) -> workers.Worker:
    """This Python worker's extractor (`pipeline.workers`), loaded once per process or inherited
    from the daemon that forked it."""
    have = workers.current()
    if have is not None and (have.backend, have.options.model) == (backend, options.model):
        if have.pid != os.getpid():
            have.pid = os.getpid()  # a worker forked from a daemon that had loaded it
            counters["models_shared"].add(1)
        return workers.load(options, backend)
    one_core_per_worker()  # one core per Spark task, and one process for a long text's parts
    started = time.perf_counter()
    loaded = workers.load(options, backend)
    _freeze()
    counters["models_loaded"].add(1)
    counters["model_seconds"].add(round(time.perf_counter() - started, 3))
    return loaded


def extract_partition(inputs: Iterable[Input], counters: Mapping | None = None,
                      options: ExtractOptions | None = None, backend: str | None = None,
                      chunk_size: int = CHUNK) -> Iterator[dict[str, list[dict]]]:
    """The table rows (`table_rows`) of each input; a failure is an error row, never an exception."""
    counters, options = counters or new_counters(), options or ExtractOptions()
    extractor = None
    chunk: list[Input] = []
    for given in inputs:
        chunk.append(given)
        if len(chunk) >= chunk_size:
            extractor = extractor or worker(options, backend, counters)
            yield from _rows(chunk, extractor, counters)
            chunk = []
    if chunk:
        extractor = extractor or worker(options, backend, counters)
        yield from _rows(chunk, extractor, counters)


def _rows(chunk: list[Input], extractor: workers.Worker, counters: Mapping) -> Iterator[dict[str, list[dict]]]:
    started = time.perf_counter()
    records = extractor.extract([given.item for given in chunk])
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    counters["extract_seconds"].add(round(time.perf_counter() - started, 3))
    counters[PEAK].add(workers.peak_rss_mb())
    for given, record in zip(chunk, records):
        rows = table_rows(record, given, now)
        counters["errors" if "errors" in rows else "articles"].add(1)
        yield rows


def process_partition(paths: Iterable[tuple[int, str]], counters: Mapping | None = None,
                      options: ExtractOptions | None = None,
                      backend: str | None = None) -> Iterator[dict[str, list[dict]]]:
    """Read and extract in one go (no de-duplication across partitions): `newswire extract` as table rows."""
    counters = counters or new_counters()
    yield from extract_partition(read_partition(paths, counters), counters, options, backend)


def write_partition(index: int, inputs: Iterable[Input], out: str, counters: Mapping | None = None,
                    options: ExtractOptions | None = None,
                    backend: str | None = None) -> Iterator[tuple[str, str, int]]:
    """Extract task `index`'s inputs and write their rows as Parquet part files under `out`;
    yields (table, file, rows) for each file, all that goes back to the driver."""
    from .parquet import PartWriter

    writer = PartWriter(out, index)
    for rows in extract_partition(inputs, counters, options, backend):
        writer.add(rows)
    yield from writer.close()


# ------------------------------------------------------------ rows

def table_rows(record: dict, given: Input, now: datetime) -> dict[str, list[dict]]:
    """The rows one extracted record adds to each corpus table, as `Store.write_article` (or
    `write_error`) stores them: column names of TABLE_COLUMNS, child rows from the store's `child_rows`."""
    if "error" in record or given.digest is None:
        error = record.get("error") or internal_error(given.key, "no record")["error"]
        return {"errors": [{"id": record.get("id") or given.key, "path": given.path,
                            "kind": error.get("kind", "error"), "message": error.get("message", ""),
                            "failed_at": now}]}
    aid = record["id"]
    rows = {"articles": [{"id": aid, "content_hash": given.digest, "url": record.get("url"),
                          "source": record.get("source"), "title": record.get("title"),
                          "published": record.get("published"), "text": record.get("text"),
                          "warnings": list(record.get("warnings") or []), "path": given.path, "ingested_at": now,
                          "language": record.get("language"), "model": record.get("model")}]}
    for name, children in child_rows(record).items():
        rows[name] = [{"article_id": aid, **child} for child in children]
    return rows


def record_of(rows: dict[str, list[dict]]) -> dict:
    """The contract record back from one input's table rows (as `Corpus.article` gives it from the store)."""
    if rows.get("errors"):
        error = rows["errors"][0]
        return {"id": error["id"], "error": {"kind": error["kind"], "message": error["message"]}}
    article = rows["articles"][0]
    record = {"schema": SCHEMA, **{k: article[k] for k in
                                                 ("id", "url", "source", "title", "published", "text")}}
    for name in CHILD:
        keep = [c for c in TABLE_COLUMNS[name] if c not in ("article_id", "seq", "source_actors", "target_actors")]
        record[name] = [{k: r.get(k) for k in keep} for r in rows.get(name, [])]
    record["warnings"] = article["warnings"] or []
    if article.get("language"):  # the record as it was written: one from before records named them names neither
        record["language"], record["model"] = article["language"], article.get("model")
    return record
