"""Ingest: read articles, extract them in worker processes, store them in DuckDB.

    >>> ingest(["stories/"], "news.duckdb", ExtractOptions(jobs=2))
    IngestSummary(stored=89, skipped=0, failed=0, ...)

The main process reads the inputs, skips those already stored (`newswire.read.admit`:
same id, or same content hash from the same URL or outlet; the same text from another
outlet is a republication, stored and linked), sends chunks to `jobs` workers
(`newswire.pipeline.workers`: forked from this process, they share its loaded model)
and is the only writer of the database: one transaction per article, so a
crash, `kill -9` or Ctrl-C loses nothing committed and leaves no half article;
rerunning finishes the job. Cross-article links are recomputed at the end.
"""
from __future__ import annotations

import glob
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from collections import Counter
from dataclasses import dataclass, field

from ..errors import IngestError
from ..pipeline.extract import internal_error
from ..pipeline.options import ExtractOptions
from ..pipeline.workers import Pool
from ..read.admit import OTHER_TEXT, admit
from .store import Store, content_hash, input_origin
from .warning_kinds import kinds_of

__all__ = ["ingest", "IngestSummary", "IngestError", "expand_paths"]

DEFAULT_BACKEND: str | None = None  # None: newswire's pipeline; tests name a stand-in (see pipeline.workers)
CHUNK = 8  # articles per task sent to a worker


@dataclass
class IngestSummary:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    jobs: int = 1
    links: dict = field(default_factory=dict)
    peak_rss_mb: dict = field(default_factory=dict)  # worker pid -> peak resident memory (MB)
    warnings: Counter = field(default_factory=Counter)  # warning kind -> stored articles with it (warning_kinds)

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


# ------------------------------------------------------------ main side

def ingest(paths: Iterable[str] | str, db_path: str, options: ExtractOptions | None = None, progress: bool = True,
           *, backend: str | None = None, chunk_size: int = CHUNK, console=None, **given) -> IngestSummary:
    """Read, extract and store every input under `paths` that `db_path` does not have yet.

    `options` (or its fields as keywords: jobs, model, timeout, ...) says how to extract: with
    `jobs` worker processes, each article within `timeout` seconds (past it, it is stored as an
    error of kind `timeout`). `backend` names a stand-in for newswire's pipeline (see
    `newswire.pipeline.workers`). `console`: the rich Console the progress bar draws on
    (default: stderr, when it is a terminal). `summary.warnings` counts the stored articles
    with each kind of warning (`warning_kinds`).
    """
    options = ExtractOptions.of(options, **given)
    backend = backend or DEFAULT_BACKEND
    if isinstance(paths, str):
        paths = [paths]
    inputs = expand_inputs(paths)
    files = [path for path, _, _ in inputs]
    if not files:
        raise IngestError("no input files given")
    started = time.perf_counter()
    summary = IngestSummary(jobs=options.jobs)
    bar = _Progress(progress, files, console)
    # first: with fork, the workers share the model loaded here, and fork before the database
    # opens and before any thread starts, so that they inherit no lock (the bar runs no thread)
    bar.phase("loading model")
    pool = Pool(options, backend, fork=True)
    try:
        pool.start()
        if options.jobs > 1:  # the linker's imports (rapidfuzz) load while the workers work
            threading.Thread(target=_load_the_linker, daemon=True).start()
        with Store(db_path) as store:
            bar.phase("extracting")
            run = _Run(store, summary, bar)
            try:
                run.feed(iter_sources(inputs), pool, chunk_size)
            finally:
                pool.close()
            from .link import link_corpus

            bar.phase("linking")
            summary.links = link_corpus(store.con)
            bar.phase("done")
    finally:
        pool.close(wait=False)  # a store that failed to open leaves no workers
        bar.stop()
    summary.seconds = time.perf_counter() - started
    return summary


def _load_the_linker() -> None:
    import rapidfuzz.distance  # noqa: F401 — only loaded, here, while the workers work


class _Run:
    def __init__(self, store: Store, summary: IngestSummary, bar: "_Progress"):
        self.store, self.summary, self.bar = store, summary, bar
        self.pending: dict[str, tuple[str, str]] = {}  # id -> (content hash, path) sent to a worker

    def feed(self, sources, pool: Pool, chunk_size: int) -> None:
        in_flight: set[Future] = set()
        chunk: list[dict] = []
        for path, item in sources:
            item = self.admit(path, item)
            if item is None:
                continue
            chunk.append(item)
            if len(chunk) >= chunk_size:
                in_flight.add(pool.submit(chunk))
                chunk = []
            while len(in_flight) >= 2 * pool.jobs:
                in_flight = self.collect(in_flight)
        if chunk:
            in_flight.add(pool.submit(chunk))
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
                done = future.result()
            except BrokenProcessPool as exc:
                raise IngestError(f"a worker process died ({exc}); what was stored is kept: rerun to finish") from None
            self.summary.peak_rss_mb[done.pid] = done.peak_rss_mb
            for record in done.records:
                self.write(record)
        return rest

    def write(self, record: dict) -> None:
        digest, path = self.pending.pop(record["id"], (None, None))
        if "error" in record or digest is None:
            error = record.get("error") or internal_error(record["id"], "the extractor changed the id")["error"]
            self.fail(record["id"], error, path)
            return
        self.store.write_article(record, digest, path)
        self.summary.stored += 1
        self.summary.warnings.update(kinds_of(record.get("warnings")))
        self.bar.advance(self.summary)

    def fail(self, article_id: str, error: dict, path: str | None) -> None:
        self.store.write_error(article_id, error, path)
        self.summary.failed += 1
        self.bar.advance(self.summary)


class _Progress:
    """A rich progress bar on a terminal (nothing otherwise) that names its phase: loading
    model, extracting (articles/second, time left), linking. It is redrawn when something
    changes and runs no thread of its own, so that the workers fork from a process with none."""

    def __init__(self, enabled: bool, files: list[str], console=None):
        self.enabled = enabled and (console is not None or sys.stderr.isatty())
        self.files, self.console = files, console
        self.progress = self.task = None
        self.started = time.perf_counter()
        self.done = 0

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.description:<13}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                 TextColumn("{task.fields[left]}"), console=self.console or Console(stderr=True),
                                 transient=False, auto_refresh=False)
        self.progress.start()
        self.task = self.progress.add_task("loading model", total=_count_inputs(self.files), rate="", left="")

    def phase(self, name: str) -> None:
        """Name what happens now on the bar (done: the bar is full, with no time left)."""
        if not self.enabled:
            return
        if self.progress is None:
            self._start()
        if name == "extracting":
            self.started = time.perf_counter()
        fields = {"left": ""} if name != "extracting" else {}
        total = self.progress.tasks[0].total
        if name in ("linking", "done") and total is not None:
            fields["completed"] = total
        self.progress.update(self.task, description=name, **fields)
        self.progress.refresh()

    def advance(self, summary: IngestSummary) -> None:
        if self.progress is None:
            return
        self.done += 1
        elapsed = time.perf_counter() - self.started
        rate = (summary.stored + summary.failed) / elapsed if elapsed else 0.0
        total = self.progress.tasks[0].total
        left = f"left {_clock((total - self.done) / rate)}" if total and rate else ""
        self.progress.update(self.task, advance=1, rate=f"{rate:.1f} articles/s", left=left)
        self.progress.refresh()

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


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
