"""Parquet part files of the corpus tables, written by the Python worker itself
(no pyspark here: tested without Spark).

Each extraction task writes its own rows: DuckDB (in the worker, one thread)
types them with the store's table definitions (`TABLE_COLUMNS`, through
`from_json`, as `Store.write_article` types a record) and writes
`TABLE/part-NNNNN-SSS.parquet` (events: `events/month=YYYY-MM/...`). The
files are therefore the store's columns and types by construction, and the
JVM never holds a row: it schedules the tasks and collects the list of files.

A part file's name depends only on its task's partition number and its place
in that task's output, so a retried or speculative task writes the same names
again; each file is written under a temporary name and renamed into place (or,
on a remote store, put whole: S3 and GCS objects appear at once). The driver
then deletes every part file that no successful task reported (`commit`).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from datetime import datetime

from ..corpus.store import TABLE_COLUMNS, TABLES

__all__ = ["PartWriter", "write_table", "month_of", "MONTH", "SUCCESS", "commit", "prepare_out", "join",
           "is_remote", "part_files"]

MONTH = "month"  # events are partitioned by the article's publication month: events/month=2024-05/
UNKNOWN_MONTH = "unknown"
SUCCESS = "_SUCCESS"  # as Hadoop's committers mark a finished dataset
INPUTS_PER_FILE = 1000  # a task flushes its rows every so many inputs: memory stays flat on big partitions
_MONTH = re.compile(r"^(\d{4}-\d{2})")
_WORKER: dict = {}


def month_of(published) -> str:
    """The `month=` folder of an article's events: YYYY-MM of `published`, else `unknown`."""
    found = _MONTH.match(published) if isinstance(published, str) else None
    return found.group(1) if found else UNKNOWN_MONTH


def is_remote(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def local(path: str) -> str:
    return path.removeprefix("file://")


def join(base: str, *names: str) -> str:
    return "/".join([base.rstrip("/"), *names])


# ------------------------------------------------------------ typing and writing

def _plain(spec):
    # a column's type without its constraints (PRIMARY KEY, NOT NULL): the rows are checked by the store on import
    return spec.split()[0] if isinstance(spec, str) else spec


def select_sql(table: str) -> str:
    """The rows of the JSON list `$rows` as the typed columns of `table` (missing keys are NULL)."""
    columns = {name: _plain(spec) for name, spec in TABLE_COLUMNS[table].items()}
    structure = json.dumps([columns]).replace("'", "''")
    select = ", ".join(f'x."{c}"' for c in columns)
    return f"SELECT {select} FROM (SELECT unnest(from_json($rows, '{structure}')) AS x)"


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    raise TypeError(f"{type(value).__name__} is not JSON")


def _connection():
    """One DuckDB connection per process (never one inherited through fork), on one thread."""
    import duckdb

    if _WORKER.get("pid") != os.getpid():
        _WORKER.update(pid=os.getpid(), con=duckdb.connect(":memory:", config={"threads": 1}))
    return _WORKER["con"]


def write_table(table: str, rows: list[dict], dest: str) -> None:
    """`rows` of one corpus table as the Parquet file `dest` (local, file:// or an fsspec URL)."""
    payload = json.dumps(rows, default=_json_default, ensure_ascii=False)
    relation = _connection().sql(select_sql(table), params={"rows": payload})
    if not is_remote(dest):
        target = local(dest)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temporary = f"{os.path.dirname(target)}/.{os.path.basename(target)}.{os.getpid()}.tmp"
        relation.write_parquet(temporary)
        os.replace(temporary, target)  # a reader never sees half a file
        return
    folder = tempfile.mkdtemp(prefix="newswire-parquet-")
    try:
        temporary = os.path.join(folder, "part.parquet")
        relation.write_parquet(temporary)
        with open(temporary, "rb") as src, _filesystem(dest).open(dest, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class PartWriter:
    """The rows of one task, buffered per table (events per month) and written as part files."""

    def __init__(self, out: str, part: int):
        self.out, self.part, self.flushes = out, part, 0
        self.buffer: dict[tuple[str, str | None], list[dict]] = {}
        self.inputs = 0
        self.written: list[tuple[str, str, int]] = []  # (table, path, rows)

    def add(self, rows: Mapping[str, list[dict]]) -> None:
        """The rows one input adds to each table (`partition.table_rows`)."""
        month = month_of(rows["articles"][0].get("published")) if rows.get("articles") else UNKNOWN_MONTH
        for table, table_rows in rows.items():
            if table_rows:
                self.buffer.setdefault((table, month if table == "events" else None), []).extend(table_rows)
        self.inputs += 1
        if self.inputs >= INPUTS_PER_FILE:
            self.flush()

    def flush(self) -> None:
        for (table, month), rows in sorted(self.buffer.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            dest = self.path(table, month)
            write_table(table, rows, dest)
            self.written.append((table, dest, len(rows)))
        self.buffer, self.inputs = {}, 0
        self.flushes += 1

    def path(self, table: str, month: str | None) -> str:
        name = f"part-{self.part:05d}-{self.flushes:03d}.parquet"
        return join(self.out, table, f"{MONTH}={month}", name) if month else join(self.out, table, name)

    def close(self) -> list[tuple[str, str, int]]:
        if self.buffer:
            self.flush()
        return self.written


# ------------------------------------------------------------ the driver's side

def _filesystem(url: str):
    try:
        import fsspec
    except ImportError:
        raise OSError("writing to a remote --out needs fsspec (and its backend, e.g. s3fs or gcsfs) in the "
                      "driver's and the executors' Python environments") from None
    return fsspec.core.url_to_fs(url)[0]


def part_files(out: str, table: str) -> list[str]:
    """Every part file of `table` under `out` (events: in every month= folder)."""
    if is_remote(out):
        fs = _filesystem(out)
        protocol = out.split("://", 1)[0]
        found = fs.glob(join(out, table, "**", "*.parquet"))
        return sorted(p if "://" in p else f"{protocol}://{p}" for p in found)
    root = join(local(out), table)
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files if f.endswith(".parquet"))


def taken_tables(out: str) -> list[str]:
    if is_remote(out):
        fs = _filesystem(out)
        return [t for t in TABLES if fs.exists(join(out, t))]
    return [t for t in TABLES if os.path.exists(os.path.join(local(out), t))]


def prepare_out(out: str, overwrite: bool) -> None:
    """Refuse an --out that holds tables (unless `overwrite`, which removes them first)."""
    taken = taken_tables(out)
    if taken and not overwrite:
        raise FileExistsError(f"{out} already holds {', '.join(taken)}: pass --overwrite to replace them, "
                              "or choose another --out")
    for table in taken:
        if is_remote(out):
            _filesystem(out).rm(join(out, table), recursive=True)
        else:
            shutil.rmtree(os.path.join(local(out), table))


def commit(out: str, written: Iterable[tuple[str, str, int]]) -> dict[str, int]:
    """After the job: drop part files no successful task reported (a failed attempt's), give every
    table at least one (empty) file so that DuckDB can read it, mark each table done; rows per table."""
    written = list(written)
    kept = {_key(path) for _, path, _ in written}
    rows = dict.fromkeys(TABLES, 0)
    for table, _, n in written:
        rows[table] += n
    for table in TABLES:
        for path in part_files(out, table):
            if _key(path) not in kept:
                _remove(path)
        if not any(t == table for t, _, _ in written):
            empty = join(out, table, f"{MONTH}={UNKNOWN_MONTH}", "part-00000-000.parquet") if table == "events" \
                else join(out, table, "part-00000-000.parquet")
            write_table(table, [], empty)
        _touch(join(out, table, SUCCESS))
    return rows


def _key(path: str) -> str:
    return path if is_remote(path) else os.path.abspath(local(path))


def _remove(path: str) -> None:
    if is_remote(path):
        _filesystem(path).rm(path)
    else:
        os.remove(path)


def _touch(path: str) -> None:
    if is_remote(path):
        with _filesystem(path).open(path, "wb"):
            pass
    else:
        os.makedirs(os.path.dirname(local(path)), exist_ok=True)
        open(local(path), "wb").close()
