"""A DuckDB corpus from the Spark job's Parquet output (no pyspark needed).

    >>> import_parquet("spark-out/", "news.duckdb")
    ImportSummary(articles=89, skipped=0, errors=0, links={...})

DuckDB reads the Parquet and inserts it in one transaction; articles the corpus
already has (same id or same content hash) are skipped with their rows, as
`ingest` skips them; then the links (copies, shared quotes, one event in many
sources) are computed over the whole corpus by `corpus.link`, as after `ingest`.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field

import duckdb

from ..corpus.store import TABLE_COLUMNS, Store, StoreError

__all__ = ["import_parquet", "ImportSummary", "parquet_files"]


@dataclass
class ImportSummary:
    articles: int = 0
    skipped: int = 0
    errors: int = 0
    links: dict = field(default_factory=dict)


def parquet_files(out_dir: str, table: str) -> list[str]:
    """The Parquet files of one table (events: every month=... folder)."""
    return sorted(glob.glob(os.path.join(str(out_dir), table, "**", "*.parquet"), recursive=True))


def _scan(files: list[str], table: str) -> str:
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    columns = ", ".join(f'"{c}"' for c in TABLE_COLUMNS[table])  # the store's columns (events: not `month`)
    return f"SELECT {columns} FROM read_parquet([{listed}], hive_partitioning = false)"


def import_parquet(out_dir: str, db_path: str, link: bool = True) -> ImportSummary:
    """Add the articles, their rows and the errors under `out_dir` to the corpus at `db_path`."""
    if not os.path.isdir(out_dir) or not parquet_files(out_dir, "articles") and not parquet_files(out_dir, "errors"):
        raise StoreError(f"{str(out_dir)!r} holds no newswire Parquet output (articles/, errors/): "
                         "write it with `newswire spark INPUT... --out DIR`")
    summary = ImportSummary()
    with Store(db_path) as store:
        con = store.con
        con.execute("BEGIN TRANSACTION")
        try:
            _import(con, out_dir, summary)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"cannot import {out_dir!r} into {db_path!r}: {exc}; nothing was imported") from None
        if link:
            from ..corpus.link import link_corpus

            summary.links = link_corpus(con)
    return summary


def _import(con, out_dir: str, summary: ImportSummary) -> None:
    articles = parquet_files(out_dir, "articles")
    con.execute("CREATE OR REPLACE TEMP TABLE incoming AS " + (_scan(articles, "articles") if articles else
                "SELECT * FROM articles LIMIT 0"))
    total = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
    # the first of each id and of each content hash, and only what the corpus lacks
    con.execute("""CREATE OR REPLACE TEMP TABLE fresh AS
        SELECT * FROM (SELECT * FROM incoming QUALIFY row_number() OVER (PARTITION BY id ORDER BY path, id) = 1)
        QUALIFY row_number() OVER (PARTITION BY content_hash ORDER BY path, id) = 1""")
    con.execute("DELETE FROM fresh WHERE id IN (SELECT id FROM articles) "
                "OR content_hash IN (SELECT content_hash FROM articles)")
    summary.articles = con.execute("SELECT count(*) FROM fresh").fetchone()[0]
    summary.skipped = total - summary.articles
    con.execute("INSERT INTO articles SELECT * FROM fresh")
    con.execute("DELETE FROM errors WHERE id IN (SELECT id FROM fresh)")
    for table in ("actors", "quotes", "events", "removed"):
        files = parquet_files(out_dir, table)
        if files:  # insertion order is the Parquet order: each article's rows in record order
            con.execute(f"INSERT INTO {table} SELECT * FROM ({_scan(files, table)}) "
                        "WHERE article_id IN (SELECT id FROM fresh)")
    errors = parquet_files(out_dir, "errors")
    if errors:
        con.execute(f"INSERT OR REPLACE INTO errors SELECT * FROM ({_scan(errors, 'errors')}) "
                    "WHERE id NOT IN (SELECT id FROM articles) QUALIFY row_number() OVER (PARTITION BY id) = 1")
        summary.errors = con.execute(f"SELECT count(*) FROM ({_scan(errors, 'errors')}) "
                                     "WHERE id NOT IN (SELECT id FROM articles)").fetchone()[0]
    con.execute("DROP TABLE incoming")
    con.execute("DROP TABLE fresh")
