"""Stage: store. Article records in a DuckDB file: the tables, their DDL and the writes.

One table per part of the record (`articles`, `actors`, `quotes`, `events`,
`removed`) plus `errors` for articles that could not be processed, and the link
tables (`LINK_TABLES`: `article_links`, `article_clusters`, `quote_clusters`,
`event_clusters`) that `newswire.corpus.link` recomputes after each ingest. Lists and
objects of the record stay LIST and STRUCT columns. Every article is written in
one transaction, so a crash leaves either the whole article or none of it; so
is every import of Parquet tables (`Store.import_parquet`).
Reading is `newswire.corpus.query` (the `Corpus`).

    >>> with Store("news.duckdb") as store:
    ...     store.write_article(record, content_hash(item))
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..read.admit import Seen, admit
from ..read.admit import origin as input_origin  # where an input comes from (URL, else outlet)

__all__ = ["Store", "StoreError", "Connection", "connect", "check_newswire", "content_hash", "input_origin",
           "TABLES", "LINK_TABLES", "TABLE_COLUMNS", "CHILD_TABLES", "child_rows", "ensure_parent"]


class Connection:
    """A DuckDB connection used as a context manager (Store and Corpus share it)."""

    con: duckdb.DuckDBPyConnection

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# Column types as JSON structures: a str is a DuckDB type, a list is a LIST of
# its one item, a dict is a STRUCT. The same value gives the DDL and the
# `from_json` structure that unpacks a record's JSON into typed rows.
SPAN = {"text": "VARCHAR", "start": "INTEGER", "end": "INTEGER"}
ACTOR_REF = {"id": "VARCHAR", "name": "VARCHAR", "kind": "VARCHAR", "code": "VARCHAR",
             "sector": "VARCHAR", "title": "VARCHAR"}
CHILD_TABLES: dict[str, dict] = {
    "actors": {"id": "VARCHAR", "name": "VARCHAR", "kind": "VARCHAR", "code": "VARCHAR",
               "sector": "VARCHAR", "title": "VARCHAR", "mentions": [SPAN]},
    "quotes": {"id": "VARCHAR", "kind": "VARCHAR", "text": "VARCHAR",
               "spans": [{"start": "INTEGER", "end": "INTEGER"}], "speaker": "VARCHAR",
               "speaker_name": "VARCHAR", "cue": "VARCHAR"},
    "events": {"id": "VARCHAR", "type": "VARCHAR", "mode": "VARCHAR", "context": ["VARCHAR"],
               "source": ["VARCHAR"], "target": ["VARCHAR"], "status": "VARCHAR",
               "date": {"start": "VARCHAR", "end": "VARCHAR", "precision": "VARCHAR", "text": "VARCHAR"},
               "location": {"name": "VARCHAR", "country": "VARCHAR", "lat": "DOUBLE", "lon": "DOUBLE",
                            "geonameid": "BIGINT", "admin1": "VARCHAR", "how": "VARCHAR"},
               "evidence": SPAN, "quote": "VARCHAR", "confidence": "DOUBLE",
               # denormalised from `actors` at write time, for filters and exports
               "source_actors": [ACTOR_REF], "target_actors": [ACTOR_REF]},
    "removed": {"seq": "INTEGER", "kind": "VARCHAR", "text": "VARCHAR"},
}
ARTICLE_COLUMNS = {"id": "VARCHAR PRIMARY KEY", "content_hash": "VARCHAR NOT NULL", "url": "VARCHAR",
                   "source": "VARCHAR", "title": "VARCHAR", "published": "VARCHAR", "text": "VARCHAR",
                   "warnings": "VARCHAR[]", "path": "VARCHAR", "ingested_at": "TIMESTAMP",
                   # the record's language and model: NULL for a record written before records named them (English)
                   "language": "VARCHAR", "model": "VARCHAR"}
# columns a corpus written before them lacks: added when a Store opens it, read as NULL before that
ADDED_COLUMNS = {"articles": ("language", "model")}
# struct fields likewise (a location's admin1 and how, issue 21): the column is widened in place
ADDED_FIELDS = {("events", "location"): ("admin1", "how")}
ERROR_COLUMNS = {"id": "VARCHAR PRIMARY KEY", "path": "VARCHAR", "kind": "VARCHAR",
                 "message": "VARCHAR", "failed_at": "TIMESTAMP"}
TABLES = ("articles", "actors", "quotes", "events", "removed", "errors")
# Every table's columns in one place: the DDL here and the Spark layer's Parquet schemas derive from it.
TABLE_COLUMNS: dict[str, dict] = {"articles": ARTICLE_COLUMNS, "errors": ERROR_COLUMNS,
                                  **{name: {"article_id": "VARCHAR NOT NULL", **columns}
                                     for name, columns in CHILD_TABLES.items()}}

# The cross-article link tables, recomputed by `newswire.corpus.link` after every
# ingest. Defined here, with the other tables, so that every writer (DuckDB, the
# Parquet export of the Spark helper) shares one definition.
MEMBER = {"article_id": "VARCHAR", "outlet": "VARCHAR", "published": "VARCHAR"}
LINK_TABLES: dict[str, dict] = {
    # one row per article that copies another: what it republishes, how and how closely
    "article_links": {**MEMBER, "cluster_id": "INTEGER", "republishes": "VARCHAR",
                      "republishes_outlet": "VARCHAR", "republishes_published": "VARCHAR",
                      "kind": "VARCHAR", "score": "DOUBLE", "containment": "DOUBLE", "aligned": "DOUBLE"},
    "article_clusters": {"cluster_id": "INTEGER", "title": "VARCHAR", "n_articles": "INTEGER",
                         "n_outlets": "INTEGER", "outlets": ["VARCHAR"], "original_article_id": "VARCHAR",
                         "original_outlet": "VARCHAR", "original_published": "VARCHAR",
                         "earliest_article_id": "VARCHAR", "earliest_published": "VARCHAR", "similarity": "DOUBLE",
                         "copies": ["VARCHAR"],  # "outlet article_id (kind score)", for a glance
                         "articles": [{**MEMBER, "title": "VARCHAR", "role": "VARCHAR", "kind": "VARCHAR",
                                       "score": "DOUBLE"}]},
    "quote_clusters": {"cluster_id": "INTEGER", "text": "VARCHAR", "speaker_name": "VARCHAR", "speakers": ["VARCHAR"],
                       "n_quotes": "INTEGER", "n_articles": "INTEGER", "n_outlets": "INTEGER",
                       "n_sources": "INTEGER", "n_fragments": "INTEGER", "outlets": ["VARCHAR"],
                       "earliest_article_id": "VARCHAR", "earliest_outlet": "VARCHAR",
                       "earliest_published": "VARCHAR", "earliest_text": "VARCHAR",
                       "variants": [{**MEMBER, "quote_id": "VARCHAR", "text": "VARCHAR", "speaker_name": "VARCHAR",
                                     "role": "VARCHAR", "fragment": "BOOLEAN", "score": "DOUBLE",
                                     "diff": "VARCHAR"}]},
    "event_clusters": {"cluster_id": "INTEGER", "type": "VARCHAR", "status": "VARCHAR", "day_start": "VARCHAR",
                       "day_end": "VARCHAR", "source_names": ["VARCHAR"], "target_names": ["VARCHAR"],
                       "places": ["VARCHAR"], "n_events": "INTEGER", "n_articles": "INTEGER",
                       "n_outlets": "INTEGER", "n_sources": "INTEGER", "outlets": ["VARCHAR"],
                       "events": [{**MEMBER, "event_id": "VARCHAR", "evidence": "VARCHAR", "role": "VARCHAR",
                                   "copy_of": "VARCHAR"}]},
}


def sql_type(spec) -> str:
    if isinstance(spec, list):
        return sql_type(spec[0]) + "[]"
    if isinstance(spec, dict):
        return "STRUCT(" + ", ".join(f'"{k}" {sql_type(v)}' for k, v in spec.items()) + ")"
    return spec


def json_insert_sql(table: str, columns: dict, prefix: str | None = None) -> str:
    """INSERT of the rows in the JSON list `$rows`, typed by `columns` (keys missing in a row are NULL)."""
    select = ", ".join(([prefix] if prefix else []) + [f'x."{c}"' for c in columns])
    structure = json.dumps([columns]).replace("'", "''")
    return f"INSERT INTO {table} SELECT {select} FROM (SELECT unnest(from_json($rows, '{structure}')) AS x)"


def widen_structs(con) -> None:
    """Give an older corpus's struct columns the fields added since (ADDED_FIELDS), so that what a
    new record says (a location's `how`) is stored, not dropped; old rows read NULL there."""
    for (table, column), fields in ADDED_FIELDS.items():
        row = con.execute("SELECT data_type FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                          [table, column]).fetchone()
        spec = TABLE_COLUMNS[table][column]
        missing = [f for f in fields if row is not None and not re.search(rf'[(,]\s*"?{f}"?\s', row[0])]
        if not missing:
            continue
        added = ", ".join(f"{f} := NULL::{sql_type(spec[f])}" for f in missing)
        con.execute(f'ALTER TABLE {table} ALTER "{column}" TYPE {sql_type(spec)} '
                    f'USING CASE WHEN "{column}" IS NULL THEN NULL ELSE struct_insert("{column}", {added}) END')


def ddl(name: str, columns: dict) -> str:
    cols = ", ".join(f'"{c}" {sql_type(t)}' for c, t in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols})"


def schema_sql() -> list[str]:
    statements = [ddl(name, TABLE_COLUMNS[name]) for name in TABLES]
    statements.append("CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash)")
    return statements


_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.S | re.I)


def normalise_text(text: str) -> str:
    """Case-, width- and whitespace-insensitive form of a text (tags dropped)."""
    text = _TAGS.sub(" ", text) if "<" in text else text
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(record: dict) -> str | None:
    """sha256 of the normalised `text` (or `html`) of an input record."""
    raw = record.get("text") if record.get("text") is not None else record.get("html")
    if not isinstance(raw, str):
        return None
    return hashlib.sha256(normalise_text(raw).encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except (duckdb.Error, OSError) as exc:
        if "lock" in str(exc).lower():
            holder = re.search(r"PID (\d+)", str(exc))
            raise StoreError(
                f"the corpus {str(path)!r} is open for writing by another process"
                f"{f' (PID {holder.group(1)}, an ingest?)' if holder else ''}. DuckDB lets one process write "
                "a database or several read it, never both at once: query when the ingest is done, or "
                f"query a copy (cp {path} snapshot.duckdb)") from None
        raise StoreError(f"cannot open the database {str(path)!r}: {exc}") from None


def check_newswire(con: duckdb.DuckDBPyConnection, path: str, full: bool = False) -> None:
    """Refuse a DuckDB file that is not a newswire corpus (other tables, or an `articles`
    table without newswire's columns); with `full`, read every block of every table so
    that a checksum-corrupt file is found before anything is written to it."""
    tables = dict(con.execute("SELECT table_name, list(column_name) FROM duckdb_columns() "
                              "WHERE NOT internal AND schema_name = 'main' AND database_name = current_database() "
                              "GROUP BY table_name").fetchall())
    if tables:
        missing = set(ARTICLE_COLUMNS) - set(ADDED_COLUMNS["articles"]) - set(tables.get("articles") or [])
        if missing:
            found = ", ".join(sorted(tables)[:6]) + (", ..." if len(tables) > 6 else "")
            raise StoreError(f"{path!r} is a DuckDB database but not a newswire corpus (its tables: {found}; "
                             f"no `articles` table with {', '.join(sorted(missing))}): give --db a new file")
    if not full:
        return
    for table, columns in tables.items():
        cols = ", ".join(f'"{c}"' for c in columns)
        try:
            con.execute(f'SELECT count(hash({cols})) FROM "{table}"').fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"the database {path!r} is damaged ({exc}); nothing was written to it: "
                             "restore it from a copy, or ingest into a new file") from None


class Store(Connection):
    """The one writer of a corpus database."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.con = connect(self.path)
        try:
            check_newswire(self.con, self.path, full=True)
        except StoreError:
            self.con.close()
            raise
        for statement in schema_sql():
            self.con.execute(statement)
        for table, columns in ADDED_COLUMNS.items():
            for column in columns:
                self.con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {TABLE_COLUMNS[table][column]}")
        widen_structs(self.con)
        self._read_known()

    def _read_known(self) -> None:
        """`known`: what the corpus holds, for the admit rule (`newswire.read.admit`)."""
        self.known = Seen()
        for aid, digest, url, source in self.con.execute("SELECT id, content_hash, url, source FROM articles").fetchall():
            self.known.add(aid, digest, input_origin({"url": url, "source": source}))

    def hash_of(self, article_id: str) -> str | None:
        """The content hash stored under `article_id`, if any."""
        return self.known.ids.get(article_id)

    def seen(self, article_id: str, digest: str | None, origin: str = "") -> bool:
        """Stored already: the same id, or the same text from the same origin (`input_origin`)."""
        return not admit(article_id, digest, origin, self.known)

    def write_article(self, record: dict, digest: str, path: str | None = None) -> None:
        """Store one contract record (and drop an earlier error for its id), atomically."""
        aid = record["id"]
        self._transaction(lambda: self._insert_article(record, digest, path), self._article_failed(aid))
        self.known.add(aid, digest, input_origin(record))

    def write_error(self, article_id: str, error: dict, path: str | None = None) -> None:
        row = [article_id, path, error.get("kind", "error"), error.get("message", ""), _now()]
        self._transaction(lambda: self._insert_rows("INSERT OR REPLACE INTO errors VALUES (?, ?, ?, ?, ?)", row),
                          self._article_failed(article_id))

    def import_parquet(self, files: dict[str, list[str]], source: str) -> dict[str, int]:
        """Add the articles in Parquet files (`files`: table name → its files; `source` names
        them in messages), their rows and the errors, in one transaction. Articles are admitted
        as `ingest` admits them (`newswire.read.admit`): one whose id the corpus has, or whose text
        it has from the same origin, is skipped with its rows, and so are such repeats among the
        files; the same text from another outlet is imported. Gives the counts of `articles`
        added, `skipped` and `errors`."""
        counts: dict[str, int] = {}

        def failed(exc: Exception) -> StoreError:
            return StoreError(f"cannot import {source!r} into {self.path!r}: {exc}; nothing was imported")
        try:
            self._transaction(lambda: counts.update(_import_parquet(self.con, files, self.known)), failed)
        finally:
            self._read_known()  # what was admitted, or (rolled back) what is there
        return counts

    def _article_failed(self, article_id: str) -> Callable[[Exception], StoreError]:
        def failed(exc: Exception) -> StoreError:
            return StoreError(f"cannot write to {self.path!r} ({exc}); nothing of this article was "
                              "stored, earlier articles are safe: fix the cause and rerun", article_id)
        return failed

    def _transaction(self, work: Callable[[], None], failed: Callable[[Exception], StoreError]) -> None:
        """Run `work` in one transaction; a database or file error rolls it back as `failed(exc)`."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            work()
            self.con.execute("COMMIT")
        except BaseException as exc:
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if isinstance(exc, (OSError, duckdb.Error)):
                raise failed(exc) from exc
            raise

    def _insert_rows(self, sql: str, params) -> None:
        self.con.execute(sql, params)

    def _insert_article(self, record: dict, digest: str, path: str | None) -> None:
        aid = record["id"]
        self._insert_rows("DELETE FROM errors WHERE id = ?", [aid])
        self._insert_rows(f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})", [
            aid, digest, record.get("url"), record.get("source"), record.get("title"),
            record.get("published"), record.get("text"), list(record.get("warnings") or []), path, _now(),
            record.get("language"), record.get("model")])
        for table, rows in child_rows(record).items():
            if rows:
                self._insert_rows(json_insert_sql(table, CHILD_TABLES[table], "$aid"),
                                  {"aid": aid, "rows": json.dumps(rows)})


def child_rows(record: dict) -> dict[str, list[dict]]:
    """The rows of each CHILD_TABLES table for one contract record (before `article_id`)."""
    return {"actors": record.get("actors") or [], "quotes": record.get("quotes") or [],
            "events": _with_actor_refs(record),
            "removed": [{**r, "seq": i} for i, r in enumerate(record.get("removed") or [])]}


def _with_actor_refs(record: dict) -> list[dict]:
    actors = {a.get("id"): a for a in record.get("actors") or []}

    def refs(ids):
        return [{k: actors[i].get(k) for k in ACTOR_REF} for i in ids or [] if i in actors]
    return [{**e, "source_actors": refs(e.get("source")), "target_actors": refs(e.get("target"))}
            for e in record.get("events") or []]


def _scan(con: duckdb.DuckDBPyConnection, files: list[str], table: str) -> str:
    """The store's columns of `table` (events: not `month`) read from its Parquet `files`; a
    column added since (ADDED_COLUMNS) that older files lack reads NULL, as it does in an older corpus."""
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    added = ADDED_COLUMNS.get(table, ())
    # by name: files of before and after an added column may be imported together
    source = f"read_parquet([{listed}], hive_partitioning = false{', union_by_name = true' if added else ''})"
    have = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()} if added else set()
    columns = ", ".join(f'NULL::{TABLE_COLUMNS[table][c]} AS "{c}"' if c in added and c not in have else f'"{c}"'
                        for c in TABLE_COLUMNS[table])
    return f"SELECT {columns} FROM {source}"


def _import_parquet(con: duckdb.DuckDBPyConnection, files: dict[str, list[str]], seen: Seen) -> dict[str, int]:
    articles = files.get("articles")
    con.execute("CREATE OR REPLACE TEMP TABLE incoming AS " + (_scan(con, articles, "articles") if articles else
                "SELECT * FROM articles LIMIT 0"))
    total = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
    kept = _admitted_rows(con, seen)
    con.execute("CREATE OR REPLACE TEMP TABLE fresh AS SELECT * FROM incoming "
                "WHERE rowid IN (SELECT unnest($kept::BIGINT[]))", {"kept": kept})
    counts = {"articles": len(kept), "errors": 0, "skipped": total - len(kept)}
    con.execute("INSERT INTO articles SELECT * FROM fresh")
    con.execute("DELETE FROM errors WHERE id IN (SELECT id FROM fresh)")
    for table in ("actors", "quotes", "events", "removed"):
        if files.get(table):  # insertion order is the Parquet order: each article's rows in record order
            con.execute(f"INSERT INTO {table} SELECT * FROM ({_scan(con, files[table], table)}) "
                        "WHERE article_id IN (SELECT id FROM fresh)")
    errors = files.get("errors")
    if errors:
        con.execute(f"INSERT OR REPLACE INTO errors SELECT * FROM ({_scan(con, errors, 'errors')}) "
                    "WHERE id NOT IN (SELECT id FROM articles) QUALIFY row_number() OVER (PARTITION BY id) = 1")
        counts["errors"] = con.execute(f"SELECT count(*) FROM ({_scan(con, errors, 'errors')}) "
                                       "WHERE id NOT IN (SELECT id FROM articles)").fetchone()[0]
    con.execute("DROP TABLE incoming")
    con.execute("DROP TABLE fresh")
    return counts


def _admitted_rows(con: duckdb.DuckDBPyConnection, seen: Seen) -> list[int]:
    """The rows of `incoming` the admit rule lets in, taken in (path, id) order; each is added to `seen`."""
    kept = []
    for rowid, aid, digest, url, source in con.execute(
            "SELECT rowid, id, content_hash, url, source FROM incoming ORDER BY path, id, rowid").fetchall():
        where = input_origin({"url": url, "source": source})
        if admit(aid, digest, where, seen):
            seen.add(aid, digest, where)
            kept.append(rowid)
    return kept


def ensure_parent(path: str | Path) -> None:
    """Make the folder that `path` is to be written in, if it is missing."""
    parent = os.path.dirname(str(path))
    if parent:
        os.makedirs(parent, exist_ok=True)
