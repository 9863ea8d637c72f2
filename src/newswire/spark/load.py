"""A DuckDB corpus from the Spark job's Parquet output (no pyspark needed).

    >>> import_parquet("spark-out/", "news.duckdb")
    ImportSummary(articles=89, skipped=0, errors=0, links={...})

The store imports the Parquet in one transaction (`Store.import_parquet`);
articles the corpus already has (same id, or same text from the same outlet:
`newswire.read.admit`) are skipped with their rows, as `ingest` skips them; then the links (copies, shared quotes, one
event in many sources) are computed over the whole corpus by `corpus.link`, as
after `ingest`.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field

from ..corpus.link import link_corpus
from ..corpus.store import TABLES, Store
from ..errors import StoreError

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


def import_parquet(out_dir: str, db_path: str, link: bool = True) -> ImportSummary:
    """Add the articles, their rows and the errors under `out_dir` to the corpus at `db_path`."""
    if not os.path.isdir(out_dir) or not parquet_files(out_dir, "articles") and not parquet_files(out_dir, "errors"):
        raise StoreError(f"{str(out_dir)!r} holds no newswire Parquet output (articles/, errors/): "
                         "write it with `newswire spark INPUT... --out DIR`")
    files = {table: parquet_files(out_dir, table) for table in TABLES}
    with Store(db_path) as store:
        summary = ImportSummary(**store.import_parquet(files, out_dir))
        if link:
            summary.links = link_corpus(store.con)
    return summary
