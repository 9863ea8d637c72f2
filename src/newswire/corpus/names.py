"""Which names of a corpus an `actor` or `speaker` filter means.

A plain substring misses what a journalist types: "Zelenskiy" where the corpus
says "Zelenskyy", "U.N." for "United Nations". A name matches a query when
- both are names of one identity in the actor tables (data/actors: a country,
  seat, organisation, office holder, armed group or person, with its aliases:
  "Putin", "Vladimir Putin"), or
- its spelling, folded, contains the query's from the start of a word ("draghi"
  in "Mario Draghi", but "un" not in "Tunisia"): case, accents and punctuation
  dropped, doubled letters collapsed, spelling variants mapped
  (data/lexicon/name_variants.tsv: Zelenskiy, Zelenskyy → zelensky), which
  also makes it a case- and accent-insensitive substring match.

`NameIndex(names)` folds a corpus's names once; `.matching(query)` lists those
a query means, which the Corpus turns into an exact test on the names."""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import read_tsv, split_multi
from .vocab import fold

__all__ = ["spelling", "identities_of", "NameIndex", "is_description", "is_coded"]

# the actor tables that name identities, each with its `name` and `aliases` columns
IDENTITY_TABLES = ("countries", "seats", "organizations", "office_holders", "armed_groups", "international",
                   "people")
_NOT_WORD = re.compile(r"[^\w\s]+")
_POSSESSIVE = re.compile(r"['’]s\b")
_DOUBLED = re.compile(r"(\w)\1+")


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    return {row["variant"]: row["canonical"] for row in read_tsv("lexicon/name_variants.tsv")}


@lru_cache(maxsize=65536)
def spelling(name: str) -> str:
    """`name` folded for comparison: "Zelenskiy's" and "ZELENSKYY" → "zelensky"; "U.N." → "un"."""
    folded = _POSSESSIVE.sub("", fold(name))
    words = _NOT_WORD.sub(lambda m: "" if m.group(0) in (".", "'", "’") else " ", folded).split()
    variants = _variants()
    out = []
    for word in words:
        word = variants.get(word, word)
        word = variants.get(_DOUBLED.sub(r"\1", word), _DOUBLED.sub(r"\1", word))
        out.append(_DOUBLED.sub(r"\1", word))
    return " ".join(out)


@lru_cache(maxsize=1)
def _identities() -> dict[str, frozenset[int]]:
    """Folded name or alias → the identities (numbered rows of the actor tables) it names."""
    index: dict[str, set[int]] = {}
    number = 0
    for table in IDENTITY_TABLES:
        for row in read_tsv(f"actors/{table}.tsv"):
            number += 1
            for name in [row.get("name", ""), *split_multi(row.get("aliases"))]:
                key = spelling(name)
                if len(key) > 1:
                    index.setdefault(key, set()).add(number)
    return {k: frozenset(v) for k, v in index.items()}


def identities_of(name: str) -> frozenset[int]:
    """The identities the actor tables know `name` as (none for a name they do not know)."""
    return _identities().get(spelling(name), frozenset())


class NameIndex:
    """The distinct names of a corpus, folded once, for many queries."""

    def __init__(self, names):
        self.names = sorted({n for n in names if n})
        self.folded = [" " + spelling(n) for n in self.names]
        self.known = [identities_of(n) for n in self.names]

    def matching(self, query: str) -> list[str]:
        """The names `query` means: of its identity, or spelled to contain it (see the module)."""
        wanted = spelling(query)
        if not wanted:  # only punctuation: the text itself, ignoring case
            raw = query.casefold()
            return [n for n in self.names if raw in n.casefold()]
        same, wanted = identities_of(query), " " + wanted
        return [name for name, folded, known in zip(self.names, self.folded, self.known)
                if wanted in folded or (same and known & same)]


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """Role words and group nouns (data/actors/titles.tsv): "people", "government", "officials"."""
    return frozenset(row["phrase"].lower() for row in read_tsv("actors/titles.tsv"))


def is_description(name: str) -> bool:
    """Whether an actor's name describes rather than names it: "people", "government",
    "Authorities", "G7 foreign ministers", "U.S. government". A role word or group noun on
    its own, or a name whose last word has no capital, unless the actor tables know it."""
    words = name.split()
    if not words or identities_of(name):
        return False
    if " ".join(words).lower() in _role_words():
        return True
    return not any(c.isupper() for c in words[-1])


def is_coded(name: str, code: str | None) -> bool:
    """A coded actor: it has a code (a country, IGO, NGO, ...) and a name that names it."""
    return bool(code) and not is_description(name)
