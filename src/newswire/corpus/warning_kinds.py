"""The warnings of stored articles, grouped by kind for ingest's closing summary: an
article stored with a warning (not English, so nothing coded) is not a failure, and
must not pass in silence either ("1 article not in English: stored, not coded").

The kinds are data (data/lexicon/warning_kinds.tsv: a pattern, the kind, how to name
one article and many); a warning no pattern knows is of kind `other`."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..lexicon import read_tsv

__all__ = ["kinds_of", "summary_lines"]


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[re.Pattern, str, str, str], ...]:
    rows = read_tsv("lexicon/warning_kinds.tsv")
    return tuple((re.compile(r["pattern"]), r["kind"], r["one"], r["many"]) for r in rows)


def kinds_of(warnings: Iterable[str] | None) -> set[str]:
    """The kinds of one article's warnings (each kind once)."""
    found = set()
    for warning in warnings or []:
        kind = next((k for pattern, k, _, _ in _kinds() if pattern.search(warning)), "other")
        found.add(kind)
    return found


def summary_lines(articles_by_kind: Counter) -> list[str]:
    """One line per kind, most articles first: "1 article not in English: stored, not coded"."""
    names = {kind: (one, many) for _, kind, one, many in _kinds()}
    names["other"] = ("article with another warning", "articles with other warnings")
    return [f"{n:,} {names[kind][0] if n == 1 else names[kind][1]}"
            for kind, n in sorted(articles_by_kind.items(), key=lambda kv: (-kv[1], kv[0]))]
