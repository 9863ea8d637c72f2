"""Load the data files under newswire/data: TSV lexicons with `#` comment
lines (their sources), then a header row. Loaded once, on first use.

The tables at the top of data/ are English. A language newswire codes beside English
keeps its own under data/<code>/, in the same paths and formats (data/fr/lexicon/
actor_words.tsv beside data/lexicon/actor_words.tsv): while it is being coded
(`coding_in`), a word list reads the English words and its own."""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("newswire") / "data"))
ENGLISH = "en"
_CODING: ContextVar[str] = ContextVar("newswire_coding_language", default=ENGLISH)


def coding_language() -> str:
    """The language of the article being coded (ISO 639-1): English unless `coding_in` says otherwise."""
    return _CODING.get()


@contextmanager
def coding_in(language: str | None):
    """Code in `language` inside the block: word lists read its tables too."""
    token = _CODING.set(language or ENGLISH)
    try:
        yield
    finally:
        _CODING.reset(token)


def language_rows(relative: str, language: str) -> list[dict[str, str]]:
    """The rows of `language`'s own table at `relative` (data/<language>/<relative>); none for
    English (its tables are the ones at the top) or where the language has no such table."""
    if language == ENGLISH or not (DATA / language / relative).is_file():
        return []
    return read_tsv(f"{language}/{relative}")


class Words:
    """A word list per language: `in`, iteration and `|` read the English words together with the
    coding language's own (computed once per language)."""

    def __init__(self, build: Callable[[str], frozenset[str]]):
        self._build = build
        self._by_language: dict[str, frozenset[str]] = {}

    def current(self) -> frozenset[str]:
        language = coding_language()
        if language not in self._by_language:
            self._by_language[language] = self._build(language)
        return self._by_language[language]

    def __contains__(self, word) -> bool:
        words = self._by_language.get(_CODING.get())  # the hot path: one lookup once built
        return word in (words if words is not None else self.current())

    def __iter__(self) -> Iterator[str]:
        return iter(self.current())

    def __len__(self) -> int:
        return len(self.current())

    def __or__(self, other) -> "Words":
        return Words(lambda language: self._build(language) | (other._build(language) if isinstance(other, Words)
                                                                else frozenset(other)))


def read_tsv(relative: str) -> list[dict[str, str]]:
    """Rows of a data file as dicts keyed by its header. A missing file is an
    error: a lexicon that quietly reads as empty would code nothing."""
    path = DATA / relative
    with path.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def split_multi(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip() and part.strip() != "-"]


@lru_cache(maxsize=None)
def boilerplate_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((row["kind"], re.compile(row["pattern"], re.IGNORECASE)) for row in read_tsv("lexicon/boilerplate.tsv"))


@lru_cache(maxsize=None)
def credit_line_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """Credit sentences, anchored to the end of a paragraph (see clean.cut_credit_lines): every
    language's, since a story is cleaned before its language is known."""
    rows = read_tsv("lexicon/credit_lines.tsv") + [row for language in table_languages()
                                                    for row in language_rows("lexicon/credit_lines.tsv", language)]
    return tuple((row["kind"], re.compile(f"(?:{row['pattern']})\\s*$")) for row in rows)


@lru_cache(maxsize=None)
def word_set(relative: str, column: str = "word") -> Words:
    return Words(lambda language: frozenset(row[column].lower() for row in read_tsv(relative) + language_rows(relative, language)
                                            if row.get(column)))


@lru_cache(maxsize=None)
def words_by(relative: str, key: str = "role", column: str = "word") -> dict[str, Words]:
    """A word list grouped by one of its columns: {value of `key`: the `column` words
    with it}, keys in the order they first appear (in the English table). A word may be
    in several groups."""
    def group(value: str) -> Words:
        return Words(lambda language: frozenset(row[column] for row in read_tsv(relative) + language_rows(relative, language)
                                                if row[key] == value))
    rows = read_tsv(relative) + [row for language in table_languages() for row in language_rows(relative, language)]
    return {value: group(value) for value in dict.fromkeys(row[key] for row in rows)}


@lru_cache(maxsize=1)
def table_languages() -> tuple[str, ...]:
    """The languages with tables of their own: the folders data/<code>/ (a two-letter ISO 639-1 code)."""
    return tuple(sorted(p.name for p in DATA.iterdir() if p.is_dir() and len(p.name) == 2))
