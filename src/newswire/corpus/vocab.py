"""The codes that the `country` and `type` filters take, and what a person probably
meant by one they do not: "unknown country 'russia': did you mean RUS (Russia)?".

A code the corpus does not know would select nothing, which reads as "no such
events" when it means "no such code"; so an unknown code is an error with a
suggestion (`newswire query` prints it, the API answers 422, a page names it).
Country codes are those of data/actors (ISO 3166-1 alpha-3, and IGO, NGO, MNC,
IMG); a name, demonym or capital suggests its code. Types are PLOVER's 16; a
trigger word of one of its frames (data/plover/<TYPE>.tsv: "attack") suggests it."""
from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from functools import lru_cache

from ..lexicon import read_tsv, split_multi
from ..plover import TYPES

__all__ = ["country_problem", "type_problem", "country_codes", "suggest_country", "suggest_type", "fold",
           "frame_lemmas"]


def fold(text: str) -> str:
    """Lower case without accents: "Côte d'Ivoire" → "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Every actor code a filter takes → its name (countries, then the codes of organisations)."""
    codes = {row["code"]: row["name"] for row in read_tsv("actors/countries.tsv") if row.get("code")}
    names = {"IGO": "intergovernmental organisation", "NGO": "non-governmental organisation",
             "MNC": "multinational company", "IMG": "transnational militarized group"}
    for row in read_tsv("actors/organizations.tsv"):
        code = row.get("code")
        if code and code not in codes:
            codes[code] = names.get(code, code)
    return codes


@lru_cache(maxsize=1)
def _country_words() -> dict[str, str]:
    """Folded country names, aliases, demonyms and capitals → code."""
    words: dict[str, str] = {}
    for row in read_tsv("actors/countries.tsv"):
        for cell in ("name", "aliases", "demonyms", "capital"):
            for word in split_multi(row.get(cell)) if cell != "name" else [row["name"]]:
                words.setdefault(fold(word), row["code"])
    return words


def suggest_country(value: str) -> str | None:
    """The code a person most likely meant by `value` (a name, demonym, capital or a misspelt code)."""
    folded = fold(value)
    words = _country_words()
    if folded in words:
        return words[folded]
    close = difflib.get_close_matches(folded, list(words), n=1, cutoff=0.75)
    if close:
        return words[close[0]]
    close = difflib.get_close_matches(value.upper(), list(country_codes()), n=1, cutoff=0.67)
    return close[0] if close else None


def country_problem(value: str, known: frozenset[str] = frozenset()) -> str | None:
    """Why `value` is not a country code a filter takes (None when it is one, in any case);
    `known`: codes the corpus itself holds, accepted too."""
    code = value.strip().upper()
    if code in country_codes() or code in known:
        return None
    hint = suggest_country(value)
    if hint:
        return f"unknown country {value!r}: did you mean {hint} ({country_codes()[hint]})?"
    return (f"unknown country {value!r}: give an ISO 3166-1 alpha-3 code (RUS, UKR, USA) "
            "or IGO, NGO, MNC, IMG")


@lru_cache(maxsize=1)
def _trigger_types() -> dict[str, str]:
    """A frame's trigger lemma → the type most of its frames give it (a frame that needs
    no other word counts most: "meet" alone is CONSULT, "meet demands" CONCEDE)."""
    counts: dict[str, Counter] = {}
    for kind in TYPES:
        for row in read_tsv(f"plover/{kind}.tsv"):
            if row.get("lemma"):
                counts.setdefault(fold(row["lemma"]), Counter())[kind] += 3 if row.get("requires") == "-" else 1
    return {lemma: c.most_common(1)[0][0] for lemma, c in counts.items()}


@lru_cache(maxsize=None)
def frame_lemmas(kind: str) -> frozenset[str]:
    """The trigger lemmas of one PLOVER type's frames (data/plover/<TYPE>.tsv): "attack", "kill" …"""
    if kind not in TYPES:
        return frozenset()
    return frozenset(fold(row["lemma"]) for row in read_tsv(f"plover/{kind}.tsv") if row.get("lemma"))


def suggest_type(value: str) -> str | None:
    """The PLOVER type a person most likely meant: a misspelling of one, or a trigger word of its frames."""
    trigger = _trigger_types().get(fold(value)) or _trigger_types().get(fold(value).rstrip("s"))
    if trigger:
        return trigger
    close = difflib.get_close_matches(value.strip().upper(), TYPES, n=1, cutoff=0.7)
    return close[0] if close else None


def type_problem(value: str) -> str | None:
    """Why `value` is not a PLOVER type (None when it is one, in any case)."""
    if value.strip().upper() in TYPES:
        return None
    hint = suggest_type(value)
    if hint:
        return f"unknown type {value!r}: did you mean {hint}?"
    return f"unknown type {value!r}: one of {', '.join(TYPES)}"
