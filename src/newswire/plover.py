"""The PLOVER vocabulary, in one place: the event types, their quad classes and
modes, and the statuses of an event.

Read once, on import, from data/plover/types.tsv, quads.tsv and statuses.tsv
(each names its source: the PLOVER manual, and for the statuses newswire's
contract). The coding stages, the corpus and the web all take them from here.

    >>> QUAD_OF["CONSULT"], QUAD_NAMES[1]
    (1, 'verbal cooperation')
"""
from __future__ import annotations

from .lexicon import read_tsv, split_multi

__all__ = ["TYPES", "QUAD_OF", "QUAD_NAMES", "QUAD_TYPES", "MODES", "STATUSES", "AUXILIARY", "RECIPIENT", "FREE_MODES"]

_TYPES = read_tsv("plover/types.tsv")
_STATUSES = read_tsv("plover/statuses.tsv")

TYPES: tuple[str, ...] = tuple(row["type"] for row in _TYPES)
"""The 16 event types, in the manual's order."""
QUAD_OF: dict[str, int] = {row["type"]: int(row["quad"]) for row in _TYPES}
QUAD_NAMES: dict[int, str] = {int(row["quad"]): row["name"] for row in read_tsv("plover/quads.tsv")}
QUAD_TYPES: dict[int, tuple[str, ...]] = {q: tuple(t for t in TYPES if QUAD_OF[t] == q) for q in QUAD_NAMES}
MODES: dict[str, tuple[str, ...]] = {row["type"]: tuple(split_multi(row["modes"])) for row in _TYPES}
RECIPIENT: dict[str, str] = {row["type"]: row["recipient"] for row in _TYPES}
# the modes whose event keeps without a recipient: "resigned", "declared a ceasefire"
FREE_MODES: dict[str, frozenset[str]] = {row["type"]: frozenset(m for m in row["free_modes"].split("|") if m != "-")
                                         for row in _TYPES}
"""Per type: `required`, `directed` (emitted only with a recipient or a compound actor) or `optional`."""
STATUSES: tuple[str, ...] = tuple(row["status"] for row in _STATUSES)
"""occurred, negated, hypothetical, planned: only `occurred` events are facts."""
AUXILIARY: dict[str, str | None] = {row["status"]: (split_multi(row["auxiliary"]) or [None])[0] for row in _STATUSES}
