"""Stage: store. Article records in a DuckDB file, and the `Corpus` to query them.

One table per part of the record (`articles`, `actors`, `quotes`, `events`,
`removed`) plus `errors` for articles that could not be processed, and the link
tables (`LINK_TABLES`: `article_links`, `article_clusters`, `quote_clusters`,
`event_clusters`) that `newswire.corpus.link` recomputes after each ingest. Lists and
objects of the record stay LIST and STRUCT columns. Every article is written in
one transaction, so a crash leaves either the whole article or none of it.

    >>> corpus = open_corpus("news.duckdb")
    >>> corpus.events(actor="Putin", type="CONSULT", since="2022-05-01")
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ..errors import BadDate, NewswireError

__all__ = ["Store", "Corpus", "StoreError", "open_corpus", "content_hash", "input_origin", "TABLES", "LINK_TABLES",
           "TABLE_COLUMNS", "child_rows"]


class _Connection:
    """A DuckDB connection used as a context manager (Store and Corpus share it)."""

    con: duckdb.DuckDBPyConnection

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class StoreError(NewswireError):
    """The database cannot be opened, read or written."""

    code = "NW300"
    kind = "store"


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
                            "geonameid": "BIGINT"},
               "evidence": SPAN, "quote": "VARCHAR", "confidence": "DOUBLE",
               # denormalised from `actors` at write time, for filters and exports
               "source_actors": [ACTOR_REF], "target_actors": [ACTOR_REF]},
    "removed": {"seq": "INTEGER", "kind": "VARCHAR", "text": "VARCHAR"},
}
ARTICLE_COLUMNS = {"id": "VARCHAR PRIMARY KEY", "content_hash": "VARCHAR NOT NULL", "url": "VARCHAR",
                   "source": "VARCHAR", "title": "VARCHAR", "published": "VARCHAR", "text": "VARCHAR",
                   "warnings": "VARCHAR[]", "path": "VARCHAR", "ingested_at": "TIMESTAMP"}
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


def input_origin(record: dict) -> str:
    """Where an input comes from: its URL, else its outlet (`source`), else nothing.

    An input is already stored when its id is, or when the same text came from the
    same origin; the same text from another outlet is a republication, stored as an
    article of its own and linked to the one it copies."""
    return str(record.get("url") or record.get("source") or "")


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
        missing = set(ARTICLE_COLUMNS) - set(tables.get("articles") or [])
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


class Store(_Connection):
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
        self.known_ids = dict(self.con.execute("SELECT id, content_hash FROM articles").fetchall())
        self.known_inputs = {(h, input_origin({"url": u, "source": s})) for h, u, s in
                             self.con.execute("SELECT content_hash, url, source FROM articles").fetchall()}

    def hash_of(self, article_id: str) -> str | None:
        """The content hash stored under `article_id`, if any."""
        return self.known_ids.get(article_id)

    def seen(self, article_id: str, digest: str | None, origin: str = "") -> bool:
        """Stored already: the same id, or the same text from the same origin (`input_origin`)."""
        return article_id in self.known_ids or (digest is not None and (digest, origin) in self.known_inputs)

    def write_article(self, record: dict, digest: str, path: str | None = None) -> None:
        """Store one contract record (and drop an earlier error for its id), atomically."""
        aid = record["id"]
        self._transaction(aid, lambda: self._insert_article(record, digest, path))
        self.known_ids[aid] = digest
        self.known_inputs.add((digest, input_origin(record)))

    def write_error(self, article_id: str, error: dict, path: str | None = None) -> None:
        row = [article_id, path, error.get("kind", "error"), error.get("message", ""), _now()]
        self._transaction(article_id, lambda: self._insert_rows(
            "INSERT OR REPLACE INTO errors VALUES (?, ?, ?, ?, ?)", row))

    def _transaction(self, article_id: str, work) -> None:
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
                raise StoreError(f"cannot write to {self.path!r} ({exc}); nothing of this article was "
                                 "stored, earlier articles are safe: fix the cause and rerun", article_id) from exc
            raise

    def _insert_rows(self, sql: str, params) -> None:
        self.con.execute(sql, params)

    def _insert_article(self, record: dict, digest: str, path: str | None) -> None:
        aid = record["id"]
        self._insert_rows("DELETE FROM errors WHERE id = ?", [aid])
        self._insert_rows("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            aid, digest, record.get("url"), record.get("source"), record.get("title"),
            record.get("published"), record.get("text"), list(record.get("warnings") or []), path, _now()])
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


# ---------------------------------------------------------------- reading

OUTLET = r"coalesce(a.source, nullif(regexp_extract(a.url, '^[a-z]+://(?:www\.)?([^/:?#]+)', 1), ''))"
QUERY_KINDS = ("events", "quotes", "articles", "errors", "article_links", "article_clusters", "quote_clusters",
               "event_clusters")


def open_corpus(path: str | Path) -> "Corpus":
    """Open a corpus database for reading (several readers may share it)."""
    if not Path(path).exists():
        raise StoreError(f"no database at {str(path)!r}: create it with `newswire ingest PATH --db {path}`")
    return Corpus(path)


class Corpus(_Connection):
    """Read-only queries over an ingested corpus; every method returns a list of dicts."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.con = connect(self.path, read_only=True)
        try:
            check_newswire(self.con, self.path)
        except StoreError:
            self.con.close()
            raise


    # each *_sql method gives (sql, params) so that lists, DataFrames and files share one query
    def events_sql(self, actor=None, country=None, type=None, since=None, until=None, place=None,
                   status=None, search=None):
        where, params = [], {}
        if actor:
            where.append("(len(list_filter(e.source_actors, lambda a: a.name ILIKE $actor ESCAPE '\\')) > 0 "
                         "OR len(list_filter(e.target_actors, lambda a: a.name ILIKE $actor ESCAPE '\\')) > 0)")
            params["actor"] = contains_pattern(actor)
        if country:
            where.append("(list_contains(list_transform(e.source_actors || e.target_actors, lambda a: a.code), $country)"
                         " OR e.location.country = $country)")
            params["country"] = country.upper()
        if type:
            where.append("e.type = $type")
            params["type"] = type.upper()
        _date_range(where, params, "day", since, until)
        if place:
            where.append("e.location.name ILIKE $place ESCAPE '\\'")
            params["place"] = contains_pattern(place)
        if status:
            where.append("e.status = $status")
            params["status"] = status
        if search:
            where.append("(e.evidence.text ILIKE $search ESCAPE '\\' OR a.title ILIKE $search ESCAPE '\\')")
            params["search"] = contains_pattern(search)
        sql = (f"SELECT e.article_id, e.id, e.type, e.mode, e.status, "
               "coalesce(e.date.start, left(a.published, 10)) AS day, e.date, "
               "list_transform(e.source_actors, lambda x: x.name) AS source_names, "
               "list_transform(e.target_actors, lambda x: x.name) AS target_names, "
               "e.location.name AS place, e.evidence.text AS evidence, e.quote, e.confidence, "
               f"{OUTLET} AS outlet, a.url, a.title, e.context, e.source, e.target, e.location, "
               "e.source_actors, e.target_actors "
               "FROM events e JOIN articles a ON a.id = e.article_id")
        return _finish(sql, where, "day, e.article_id, e.id"), params

    def quotes_sql(self, speaker=None, words=None, since=None, until=None, search=None):
        where, params = [], {}
        if speaker:
            where.append("q.speaker_name ILIKE $speaker ESCAPE '\\'")
            params["speaker"] = contains_pattern(speaker)
        for i, word in enumerate(filter(None, [words, search])):
            where.append(f"q.text ILIKE $w{i} ESCAPE '\\'")
            params[f"w{i}"] = contains_pattern(word)
        _date_range(where, params, "left(a.published, 10)", since, until)
        sql = (f"SELECT q.article_id, q.id, q.speaker_name, q.text, q.kind, q.cue, "
               f"left(a.published, 10) AS published, {OUTLET} AS outlet, a.url, a.title, q.speaker, q.spans "
               "FROM quotes q JOIN articles a ON a.id = q.article_id")
        return _finish(sql, where, "published, q.article_id, q.id"), params

    def articles_sql(self, search=None, since=None, until=None):
        where, params = [], {}
        for i, word in enumerate((search or "").split()):
            where.append(f"(a.title ILIKE $w{i} ESCAPE '\\' OR a.text ILIKE $w{i} ESCAPE '\\')")
            params[f"w{i}"] = contains_pattern(word)
        _date_range(where, params, "left(a.published, 10)", since, until)
        sql = (f"SELECT a.id, a.title, {OUTLET} AS outlet, left(a.published, 10) AS published, a.url, "
               "(SELECT count(*) FROM actors x WHERE x.article_id = a.id) AS actors, "
               "(SELECT count(*) FROM quotes x WHERE x.article_id = a.id) AS quotes, "
               "(SELECT count(*) FROM events x WHERE x.article_id = a.id) AS events, "
               "a.warnings, a.content_hash, a.path FROM articles a")
        if self._has_table("article_links"):  # what the article republishes, when it is a copy
            sql = sql.replace(", a.warnings,", ", l.republishes, l.kind AS copy_kind, l.score AS copy_score, a.warnings,")
            sql += " LEFT JOIN article_links l ON l.article_id = a.id"
        return _finish(sql, where, "published, a.id"), params

    def errors_sql(self):
        return "SELECT id, kind, message, path, failed_at FROM errors ORDER BY id", {}

    def clusters_sql(self, kind: str, cluster_id=None, speaker=None, search=None):
        if kind not in LINK_TABLES:
            raise StoreError(f"unknown cluster table {kind!r}")
        if not self._has_table(kind):
            raise StoreError(f"{kind} has not been computed: run `newswire ingest` again")
        where, params = [], {}
        if cluster_id is not None:
            where.append("cluster_id = $cluster_id")
            params["cluster_id"] = int(cluster_id)
        if speaker and kind == "quote_clusters":
            where.append("list_contains(list_transform(speakers, lambda s: s ILIKE $speaker), true)")
            params["speaker"] = f"%{speaker}%"
        if search:
            column = {"article_clusters": "title", "quote_clusters": "text"}.get(kind)
            if column:
                where.append(f"{column} ILIKE $search")
                params["search"] = f"%{search}%"
        order = "cluster_id, article_id" if kind == "article_links" else "cluster_id"
        return _finish(f"SELECT * FROM {kind}", where, order), params

    def article_clusters(self, **filters) -> list[dict]:
        """Stories carried by several articles: the original, then its copies (`articles`)."""
        return self._rows(*self.clusters_sql("article_clusters", **filters))

    def quote_clusters(self, speaker=None, **filters) -> list[dict]:
        """Quotes carried by several articles, each with its variants (`variants`: diff, fragment)."""
        return self._rows(*self.clusters_sql("quote_clusters", speaker=speaker, **filters))

    def event_clusters(self, **filters) -> list[dict]:
        """Occurred events, one row per real-world event, with its independent sources."""
        return self._rows(*self.clusters_sql("event_clusters", **filters))

    def republications(self, article_id: str | None = None) -> list[dict]:
        """What each article republishes (`republishes`, `kind`, `score`); one article's with `article_id`."""
        sql, params = self.clusters_sql("article_links")
        if article_id is not None:
            sql, params = ("SELECT * FROM article_links WHERE article_id = $id OR republishes = $id "
                           "ORDER BY cluster_id, article_id", {"id": article_id})
        return self._rows(sql, params)

    def quote_variants(self, cluster_id: int) -> list[dict]:
        """The variants of one quote cluster, the representative first, each with its word diff."""
        rows = self.quote_clusters(cluster_id=cluster_id)
        return list(rows[0]["variants"]) if rows else []

    def query_sql(self, kind: str, **filters):
        if kind not in QUERY_KINDS:
            raise StoreError(f"unknown query {kind!r}; one of: {', '.join(QUERY_KINDS)}")
        if kind in LINK_TABLES:
            return self.clusters_sql(kind, **{k: v for k, v in filters.items()
                                              if v is not None and k in ("cluster_id", "speaker", "search")})
        method = getattr(self, f"{kind}_sql")
        return method(**{k: v for k, v in filters.items() if v is not None})

    def query(self, kind: str, **filters) -> list[dict]:
        return self._rows(*self.query_sql(kind, **filters))

    def events(self, actor=None, country=None, type=None, since=None, until=None, place=None, **more):
        return self._rows(*self.events_sql(actor, country, type, since, until, place, **more))

    def quotes(self, speaker=None, words=None, **more):
        return self._rows(*self.quotes_sql(speaker, words, **more))

    def articles(self, **filters):
        return self._rows(*self.articles_sql(**filters))

    def search(self, text: str):
        """Articles whose title or text contains every word of `text` (case-insensitive)."""
        return self._rows(*self.articles_sql(search=text))

    def errors(self):
        return self._rows(*self.errors_sql())

    def article(self, article_id: str) -> dict | None:
        """One article back in the contract's record shape."""
        row = self._rows("SELECT id, url, source, title, published, text, warnings FROM articles WHERE id = $id",
                         {"id": article_id})
        if not row:
            return None
        record = {"schema": "newswire.article/1", **row[0]}
        for table, columns in CHILD_TABLES.items():
            keep = [c for c in columns if c not in ("seq", "source_actors", "target_actors")]
            order = "seq" if table == "removed" else "rowid"
            record[table] = self._rows(f"SELECT {', '.join(repr_col(c) for c in keep)} FROM {table} "
                                       f"WHERE article_id = $id ORDER BY {order}", {"id": article_id})
        record["warnings"] = record.pop("warnings") or []
        return record

    def relation(self, kind: str, **filters):
        """The query as a DuckDB relation (`.write_parquet`, `.write_csv`, `.df()`)."""
        sql, params = self.query_sql(kind, **filters)
        return self.con.sql(sql, params=params)

    def df(self, kind: str = "events", **filters):
        """The query as a pandas DataFrame (needs pandas)."""
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise StoreError("DataFrame output needs pandas: pip install pandas") from None
        return self.relation(kind, **filters).df()

    def tables(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall()]

    def export(self, table: str, path: str | Path, format: str = "parquet") -> Path:
        """Write a whole table to a file with DuckDB COPY (`parquet`, `csv` or `jsonl`)."""
        if table not in self.tables():
            raise StoreError(f"no table {table!r}; one of: {', '.join(self.tables())}")
        options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER", "jsonl": "FORMAT json"}
        if format not in options:
            raise StoreError(f"cannot export a table as {format!r}; use parquet, csv or jsonl")
        target = str(path).replace("'", "''")
        try:
            self.con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{target}' ({options[format]})")
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot write {str(path)!r}: {exc}") from None
        return Path(path)

    def plover(self, **filters) -> Iterator[dict]:
        """Occurred events as PLOVER JSON records (PLOVER manual, "PLOVER JSON" table)."""
        links = {}
        if self._has_table("event_clusters"):
            for cid, members in self.con.execute("SELECT cluster_id, events FROM event_clusters").fetchall():
                links.update({(m["article_id"], m["event_id"]): cid for m in members})
        for e in self.events(status="occurred", **filters):
            yield plover_record(e, links.get((e["article_id"], e["id"])))

    def _has_table(self, name: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = ?", [name]).fetchall())

    def _rows(self, sql: str, params) -> list[dict]:
        try:
            cursor = self.con.execute(sql, params)
        except duckdb.Error as exc:
            raise StoreError(f"query failed on {self.path!r}: {exc}") from None
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
        "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}  # the manual's "Quad categories" table


def plover_record(event: dict, link: int | None = None) -> dict:
    """One row of `Corpus.events()` as a PLOVER JSON record."""
    def entity(ref):
        return {k: v for k, v in {"code": ref.get("code"), "sector": ref.get("sector"),
                                  "entity_text": ref.get("name"), "office": ref.get("title")}.items() if v}
    date, loc = event.get("date") or {}, event.get("location")
    record = {"id": f"{event['article_id']}-{event['id']}", "date": event.get("day"),
              "actor": [entity(r) for r in event.get("source_actors") or []],
              "recipient": [entity(r) for r in event.get("target_actors") or []],
              "event": [event["type"]], "mode": [event["mode"]] if event.get("mode") else [],
              "context": list(event.get("context") or []), "quad_code": QUAD.get(event["type"]),
              "event_text": [event["evidence"]] if event.get("evidence") else [],
              "cite_info": {k: v for k, v in {"url": event.get("url"), "title": event.get("title"),
                                              "publication": event.get("outlet"), "coder": "newswire",
                                              "language": "en"}.items() if v}}
    if date.get("end") and date.get("end") != event.get("day"):
        record["enddate"] = date["end"]
    if loc and loc.get("name"):
        record["event_loc"] = {k: v for k, v in {"extracted_place": loc["name"], "resolved_place": loc["name"],
                                                 "geonameid": loc.get("geonameid"), "lat": loc.get("lat"),
                                                 "lon": loc.get("lon"), "country_code": loc.get("country")}.items()
                               if v is not None}
    if link is not None:
        record["link"] = f"event_cluster-{link}"
    return record


def repr_col(name: str) -> str:
    return f'"{name}"'


def contains_pattern(text: str) -> str:
    """An ILIKE pattern (with ESCAPE '\\') for "contains `text`": its % and _ are plain characters."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def iso_day(value, option: str) -> str:
    """`value` as YYYY-MM-DD, or BadDate naming the option: dates are compared as days, not strings."""
    from datetime import date as day

    if isinstance(value, day):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return day.fromisoformat(text).isoformat()
    except ValueError:
        raise BadDate(f"{option} {text!r} is not a day: give it as YYYY-MM-DD, e.g. 2022-05-28".lstrip()) from None


def _date_range(where: list, params: dict, column: str, since, until) -> None:
    """Add since/until bounds (ISO days, inclusive) on `column`."""
    if since:
        where.append(f"{column} >= $since")
        params["since"] = iso_day(since, "--since")
    if until:
        where.append(f"{column} <= $until")
        params["until"] = iso_day(until, "--until")


def _finish(sql: str, where: list[str], order: str) -> str:
    if where:
        sql += " WHERE " + " AND ".join(where)
    return f"{sql} ORDER BY {order}"
