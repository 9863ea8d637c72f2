"""The filters of every list and chart, shared by the API and the pages.

The names are those of `newswire query` (actor, country, type, status, since,
until, place, speaker, words, search, language) plus `outlet`, and four that the charts
need so that every mark links to exactly the list it counts: `quad` (PLOVER quad
class), `who` (an actor's exact name, either side), `source` and `target` (an
actor's exact name on that side), and `place_id` (a place exactly: its GeoNames id,
else "name|ISO3"), what each map dot links to; `confidence` (events at least this
confident) and `attributed` (quotes with a speaker found: yes, no, any), with which
the pages hide by default what the extractor is least sure of."""
from __future__ import annotations

import re
from datetime import date
from dataclasses import asdict, dataclass, fields, replace
from urllib.parse import urlencode

from ..corpus.query import FILTERS
from ..corpus.vocab import country_problem, type_problem
from ..plover import QUAD_NAMES, STATUSES, TYPES as PLOVER_TYPES

__all__ = ["Filters", "PAGE_DEFAULTS", "parse_filters", "is_day", "check_value", "APPLIES", "PLOVER_TYPES", "QUAD_NAMES",
           "STATUSES"]

# which filters each list understands: the Corpus's own table of them
APPLIES = {kind: FILTERS[kind] for kind in ("events", "quotes", "articles")}
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LANGUAGE = re.compile(r"^[a-z]{2}$")  # ISO 639-1, as the API's `language` takes it
# what the pages (not the API) apply unless the URL says otherwise: the extractor's least
# sure events (its lowest confidence band, 0.45) and quotes with no speaker found are hidden,
# one click away (confidence=0, attributed=any)
PAGE_DEFAULTS = {"confidence": 0.5, "attributed": "yes"}


@dataclass(frozen=True)
class Filters:
    actor: str | None = None
    country: str | None = None
    type: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    speaker: str | None = None
    words: str | None = None
    search: str | None = None
    outlet: str | None = None
    quad: int | None = None
    who: str | None = None
    source: str | None = None
    target: str | None = None
    place_id: str | None = None
    confidence: float | None = None
    attributed: str | None = None
    language: str | None = None  # events, quotes and articles of articles in this language (en, fr)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def given(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    def only(self, kind: str) -> "Filters":
        """The filters that `kind` (events, quotes, articles) understands; the others dropped."""
        keep = APPLIES[kind]
        return Filters(**{k: v for k, v in self.given().items() if k in keep})

    def ignored_by(self, kind: str) -> list[str]:
        return sorted(set(self.given()) - set(APPLIES[kind]))

    def with_(self, **changes) -> "Filters":
        return replace(self, **changes)

    def query(self, omit: dict | None = None, **changes) -> str:
        """The URL query string of these filters (changed by `changes`; None removes one),
        leaving out those whose value is the one in `omit` (a page's own default)."""
        values = {**self.given(), **changes}
        omit = omit or {}
        return urlencode({k: f"{v:g}" if isinstance(v, float) else v for k, v in values.items()
                          if v not in (None, "") and omit.get(k, object()) != v})


def parse_filters(params, known_codes: frozenset[str] = frozenset()) -> tuple[Filters, list[str]]:
    """Filters from a URL's query parameters, and the problems of the values dropped
    (`known_codes`: country codes the corpus holds beyond the tables').

    Pages use it: a bad value is reported on the page and left out, never a 500."""
    values, problems = {}, []
    for name in Filters.names():
        raw = (params.get(name) or "").strip()
        if not raw:
            continue
        problem = check_value(name, raw, known_codes)
        if problem:
            problems.append(problem)
            continue
        values[name] = int(raw) if name == "quad" else float(raw) if name == "confidence" else raw
    return Filters(**values), problems


def is_day(value: str) -> bool:
    """YYYY-MM-DD and a real day of the calendar."""
    if not DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _unit(value: str) -> bool:
    try:
        return 0 <= float(value) <= 1
    except ValueError:
        return False


def check_value(name: str, value: str, known_codes: frozenset[str] = frozenset()) -> str | None:
    """Why `value` is not a valid `name` filter, or None."""
    if name in ("since", "until") and not is_day(value):
        return f"{name}: {value!r} is not a day (YYYY-MM-DD)"
    if name == "type":
        return type_problem(value)
    if name == "country":
        return country_problem(value, known_codes)
    if name == "status" and value not in STATUSES:
        return f"status: {value!r} is not one of {', '.join(STATUSES)}"
    if name == "language" and not LANGUAGE.match(value):
        return f"language: {value!r} is not a language code (ISO 639-1: en, fr)"
    if name == "quad" and value not in ("1", "2", "3", "4"):
        return f"quad: {value!r} is not a quad class 1-4"
    if name == "confidence" and not _unit(value):
        return f"confidence: {value!r} is not a number from 0 to 1"
    if name == "attributed" and value not in ("yes", "no", "any"):
        return f"attributed: {value!r} is not yes, no or any"
    if len(value) > 200:
        return f"{name}: longer than 200 characters"
    return None
