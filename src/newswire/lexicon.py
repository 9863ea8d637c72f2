"""Load the data files under newswire/data: TSV lexicons with `#` comment
lines (their sources), then a header row. Loaded once, on first use."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("newswire") / "data"))


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
    """Credit sentences, anchored to the end of a paragraph (see clean.cut_credit_lines)."""
    return tuple((row["kind"], re.compile(f"(?:{row['pattern']})\\s*$")) for row in read_tsv("lexicon/credit_lines.tsv"))


@lru_cache(maxsize=None)
def word_set(relative: str, column: str = "word") -> frozenset[str]:
    return frozenset(row[column].lower() for row in read_tsv(relative) if row.get(column))


@lru_cache(maxsize=None)
def words_by(relative: str, key: str = "role", column: str = "word") -> dict[str, frozenset[str]]:
    """A word list grouped by one of its columns: {value of `key`: the `column` words
    with it}, keys in the order they first appear. A word may be in several groups."""
    groups: dict[str, set[str]] = {}
    for row in read_tsv(relative):
        groups.setdefault(row[key], set()).add(row[column])
    return {value: frozenset(words) for value, words in groups.items()}
