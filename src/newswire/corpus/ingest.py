"""Ingest: read articles, extract them in worker processes, store them in DuckDB.

    >>> ingest(["stories/"], "news.duckdb", jobs=2)
    IngestSummary(stored=89, skipped=0, failed=0, ...)

The main process reads the inputs, skips those already stored (same id, or same
content hash from the same URL or outlet: the same text from another outlet is a
republication, stored and linked), sends chunks to `jobs` workers (each loads the spaCy model once)
and is the only writer of the database: one transaction per article, so a
crash, `kill -9` or Ctrl-C loses nothing committed and leaves no half article;
rerunning finishes the job. Cross-article links are recomputed at the end.
"""
from __future__ import annotations

import glob
import importlib
import inspect
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from ..errors import NewswireError
from ..read.admit import OTHER_TEXT, admit
from .store import Store, content_hash, input_origin

__all__ = ["ingest", "IngestSummary", "IngestError", "expand_paths"]

DEFAULT_BACKEND = "newswire.pipeline.extract"  # a module with load_model(name) and extract_records(inputs, nlp, batch_size)
CHUNK = 8  # articles per task sent to a worker


class IngestError(NewswireError):
    code = "NW310"
    kind = "ingest"


@dataclass
class IngestSummary:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    jobs: int = 1
    links: dict = field(default_factory=dict)
    peak_rss_mb: dict = field(default_factory=dict)  # worker pid -> peak resident memory (MB)

    @property
    def rate(self) -> float:
        return (self.stored + self.failed) / self.seconds if self.seconds else 0.0


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Files from files, folders (walked, known suffixes only) and glob patterns, in a stable order."""
    return [path for path, _, error in expand_inputs(paths) if error is None]


def expand_inputs(paths: Iterable[str]) -> list[tuple[str, str, dict | None]]:
    """(file, id label, None) for every input file, or (folder, label, error record) for a
    folder that cannot be read. A file in a folder is labelled by its path under that
    folder (or under a glob's fixed part), so `a/story.txt` and `b/story.txt` differ;
    two given files that would still share a label keep their whole paths."""
    from ..read.files import list_inputs

    out: list[tuple[str, str, dict | None]] = []
    for path in paths:
        path = os.path.expanduser(str(path))
        if not glob.has_magic(path):
            out.extend(list_inputs(path))
            continue
        base = _fixed_part(path)
        for match in sorted(glob.glob(path, recursive=True)):
            out.extend(list_inputs(match, os.path.relpath(match, base).replace(os.sep, "/")))
    owner: dict[str, str] = {}
    for i, (file, label, error) in enumerate(out):
        first = owner.setdefault(label, file)
        if first != file and error is None:
            out[i] = (file, os.path.normpath(file).replace(os.sep, "/"), None)
    return out


def _fixed_part(pattern: str) -> str:
    """The folder of a glob pattern before its first wildcard: 'data/*/x.txt' -> 'data'."""
    parts = []
    for part in pattern.replace(os.sep, "/").split("/"):
        if glob.has_magic(part):
            break
        parts.append(part)
    return "/".join(parts) or "."


def iter_sources(inputs: list[tuple[str, str, dict | None]]) -> Iterator[tuple[str, dict]]:
    """(path, input record) for every input; unreadable ones are error records."""
    from ..read.files import iter_file

    for path, label, error in inputs:
        if error is not None:
            yield path, error
        elif not os.path.lexists(path):
            yield path, {"id": label, "error": {"kind": "unreadable", "message": f"{path}: no such file or folder"}}
        else:
            for record in iter_file(path, label):
                yield path, record


# ------------------------------------------------------------ worker side

_WORKER: dict = {}


def _init_worker(backend: str, model: str | None, timeout: float | None = None) -> None:
    """Load the model for the workers (in the parent itself when the workers are forked)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # one core per worker: threads would fight
    module = importlib.import_module(backend)
    _WORKER["module"] = module
    _WORKER["nlp"] = module.load_model(model)
    takes_timeout = "timeout" in inspect.signature(module.extract_records).parameters
    _WORKER["options"] = {"timeout": timeout} if timeout is not None and takes_timeout else {}


def _peak_rss_mb() -> float:
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _extract_chunk(chunk: list[dict]) -> tuple[list[dict], int, float]:
    module, nlp = _WORKER["module"], _WORKER["nlp"]
    try:
        records = list(module.extract_records(chunk, nlp=nlp, batch_size=len(chunk), **_WORKER["options"]))
        if len(records) != len(chunk):
            raise IngestError(f"the extractor gave {len(records)} records for {len(chunk)} inputs")
    except Exception:  # one bad article must not take its chunk down: redo them one by one
        records = [_extract_one(module, nlp, item) for item in chunk]
    return records, os.getpid(), _peak_rss_mb()


def _extract_one(module, nlp, item: dict) -> dict:
    try:
        return next(iter(module.extract_records([item], nlp=nlp, batch_size=1, **_WORKER["options"])))
    except Exception as exc:
        return {"schema": "newswire.article/1", "id": item["id"],
                "error": {"kind": "extract_failed", "message": f"{type(exc).__name__}: {exc}"}}


class _InlineExecutor:
    """jobs=1: the same protocol as the process pool, in this process."""

    def __init__(self, backend: str, model: str | None, timeout: float | None = None):
        _init_worker(backend, model, timeout)

    def submit(self, fn, *args) -> Future:
        future = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def _executor(jobs: int, backend: str, model: str | None, timeout: float | None = None):
    if jobs <= 1:
        return _InlineExecutor(backend, model, timeout)
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        # Load the model once here and fork: the workers share its pages instead of each
        # importing spaCy and loading it again. Done before the database is opened and
        # before any thread starts, so the children inherit no lock.
        _init_worker(backend, model, timeout)
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_one_thread)  # which also ends them if this process is killed
        pool.submit(os.getpid).result()  # with fork, every worker starts now
        return pool
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_spawned_worker,
                               initargs=(backend, model, timeout))


def _spawned_worker(backend: str, model: str | None, timeout: float | None) -> None:
    from ..processes import die_with_parent

    from ..processes import set_part_processes

    die_with_parent()
    set_part_processes(1)  # its sibling workers have the other cores
    _init_worker(backend, model, timeout)


def _one_thread() -> None:
    from ..processes import die_with_parent
    from ..processes import set_part_processes

    die_with_parent()
    set_part_processes(1)  # its sibling workers have the other cores
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


# ------------------------------------------------------------ main side

def ingest(paths: Iterable[str] | str, db_path: str, jobs: int = 1, model: str | None = None,
           progress: bool = True, *, backend: str | None = None, chunk_size: int = CHUNK,
           timeout: float | None = None) -> IngestSummary:
    """Read, extract and store every input under `paths` that `db_path` does not have yet.

    `backend` names a module with `load_model(name)` and `extract_records(inputs, nlp, batch_size)`
    (default: newswire.pipeline). `timeout`: seconds each article may take (default: the
    backend's, 60 s for newswire's); an article past it is stored as an error of kind `timeout`.
    """
    backend = backend or DEFAULT_BACKEND
    if isinstance(paths, str):
        paths = [paths]
    inputs = expand_inputs(paths)
    files = [path for path, _, _ in inputs]
    if not files:
        raise IngestError("no input files given")
    started = time.perf_counter()
    summary = IngestSummary(jobs=max(1, jobs))
    executor = _executor(jobs, backend, model, timeout)  # first: workers fork before the database opens
    if jobs > 1:  # the linker's imports (rapidfuzz) load while the workers work
        threading.Thread(target=importlib.import_module, args=("rapidfuzz.distance",), daemon=True).start()
    try:
        with Store(db_path) as store, _Progress(progress, files) as bar:
            run = _Run(store, summary, bar)
            try:
                run.feed(iter_sources(inputs), executor, max(1, jobs), chunk_size)
            finally:
                executor.shutdown(wait=True, cancel_futures=True)
            from .link import link_corpus

            summary.links = link_corpus(store.con)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)  # a store that failed to open leaves no workers
    summary.seconds = time.perf_counter() - started
    return summary


class _Run:
    def __init__(self, store: Store, summary: IngestSummary, bar: "_Progress"):
        self.store, self.summary, self.bar = store, summary, bar
        self.pending: dict[str, tuple[str, str]] = {}  # id -> (content hash, path) sent to a worker

    def feed(self, sources, executor, jobs: int, chunk_size: int) -> None:
        in_flight: set[Future] = set()
        chunk: list[dict] = []
        for path, item in sources:
            item = self.admit(path, item)
            if item is None:
                continue
            chunk.append(item)
            if len(chunk) >= chunk_size:
                in_flight.add(executor.submit(_extract_chunk, chunk))
                chunk = []
            while len(in_flight) >= 2 * jobs:
                in_flight = self.collect(in_flight)
        if chunk:
            in_flight.add(executor.submit(_extract_chunk, chunk))
        while in_flight:
            in_flight = self.collect(in_flight)

    def admit(self, path: str, item: dict) -> dict | None:
        """The input if it must be extracted; errors and skips are dealt with here."""
        if "error" in item:
            self.fail(item.get("id") or path, item["error"], path)
            return None
        digest = content_hash(item)
        if digest is None:
            self.fail(item.get("id") or path, {"kind": "malformed",
                                               "message": "the record has neither `text` nor `html`"}, path)
            return None
        if not item.get("id"):
            from ..model import content_id

            item["id"] = content_id(item.get("text") if item.get("text") is not None else item["html"])
        aid, where = item["id"], input_origin(item)
        verdict = admit(aid, digest, where, self.store.known)  # the stored articles and those admitted so far
        if verdict.reason == OTHER_TEXT:  # not a copy: another article under a stored id
            self.fail(aid, {"kind": "duplicate_id", "message": f"article {aid!r}: another article with other "
                            f"text is already stored under this id; this one ({path}) was not stored: give it "
                            "an id of its own"}, path)
            return None
        if not verdict:  # stored already (same id, or same text from the same origin); from another outlet it is not
            self.summary.skipped += 1
            self.bar.advance(self.summary)
            return None
        self.store.known.add(aid, digest, where)
        self.pending[aid] = (digest, path)
        return item

    def collect(self, in_flight: set[Future]) -> set[Future]:
        done, rest = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            try:
                records, pid, peak = future.result()
            except BrokenProcessPool as exc:
                raise IngestError(f"a worker process died ({exc}); what was stored is kept: rerun to finish") from None
            self.summary.peak_rss_mb[pid] = peak
            for record in records:
                self.write(record)
        return rest

    def write(self, record: dict) -> None:
        digest, path = self.pending.pop(record["id"], (None, None))
        if "error" in record or digest is None:
            error = record.get("error") or {"kind": "extract_failed", "message": "the extractor changed the id"}
            self.fail(record["id"], error, path)
            return
        self.store.write_article(record, digest, path)
        self.summary.stored += 1
        self.bar.advance(self.summary)

    def fail(self, article_id: str, error: dict, path: str | None) -> None:
        self.store.write_error(article_id, error, path)
        self.summary.failed += 1
        self.bar.advance(self.summary)


class _Progress:
    """A rich progress bar (articles/second, time left) on a terminal; nothing otherwise."""

    def __init__(self, enabled: bool, files: list[str]):
        self.enabled = enabled and sys.stderr.isatty()
        self.files = files
        self.progress = self.task = None
        self.started = time.perf_counter()

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(),
                                     TextColumn("left"), TimeRemainingColumn(),
                                     console=Console(stderr=True), transient=False)
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=_count_inputs(self.files), rate=0.0)
        return self

    def advance(self, summary: IngestSummary) -> None:
        if self.progress is not None:
            elapsed = time.perf_counter() - self.started
            rate = (summary.stored + summary.failed) / elapsed if elapsed else 0.0
            self.progress.update(self.task, advance=1, rate=rate)

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()


def _count_inputs(files: list[str]) -> int | None:
    """How many inputs there are, when that is cheap to know (None for archives)."""
    total = 0
    for path in files:
        lower = path.lower()
        if lower.endswith((".gz", ".warc")):
            return None
        if lower.endswith((".jsonl", ".ndjson")):
            try:
                with open(path, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total
