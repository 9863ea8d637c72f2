"""Where: the place an event happened, and what the gazetteer knows about it.

A sentence often names several places; only one is where its event took
place. "held negotiations with Russian officials in Istanbul, Turkey" took
place in Istanbul (Turkey only says which Istanbul), and countries that act
("Russia shelled Kharkiv") are actors, not places. So a place must be tied
to the event by the grammar: the object of a locative preposition ("in",
"at", "near") inside the event's clause, or the object of a visit ("visited
Kyiv"). Word lists live in data/lexicon/place_words.tsv; the gazetteer in
data/places/.
"""
from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from ..lexicon import DATA, words_by
from ..nlp.docs import sentence_ents

PLACES_DIR = DATA / "places"
WORDS_FILE = "lexicon/place_words.tsv"
GAZETTEER_FILES = ("gazetteer.tsv", "extra.tsv")  # later files win ties
PLACE_LABELS = ("GPE", "LOC", "FAC")
# Clauses of their own: a place in them belongs to their own event.
CLAUSE_DEPS = ("conj", "ccomp", "advcl", "relcl", "parataxis", "xcomp", "csubj", "acl")
# Links inside one noun phrase, followed up to the phrase's head.
NOUN_LINKS = ("compound", "amod", "conj", "nmod", "appos")


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None

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
    def place(self) -> Place:
        name, _, country, lat, lon, geonameid = self.fields[:6]
        return Place(name, country or None, _float(lat), _float(lon), _int(geonameid))

    def rank(self) -> tuple:
        # extra.tsv is hand-made and wins; then the bigger place; then countries.
        return (self.extra, _int(self.fields[6]) or 0, self.kind == "country")


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)  # normalised name -> best row

    def get(self, name: str) -> Entry | None:
        return self.entries.get(normalise(name))


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
    for filename in GAZETTEER_FILES:
        path = folder / filename
        if not path.exists():
            continue
        for names, entry in _read_rows(path, extra=filename == "extra.tsv"):
            for name in names:
                key = normalise(name)
                old = gazetteer.entries.get(key)
                if old is None or entry.rank() > old.rank():
                    gazetteer.entries[key] = entry
    return gazetteer


def lookup(name: str, gazetteer: Gazetteer | None = None) -> Place | None:
    entry = (gazetteer or load_gazetteer()).get(name)
    return entry.place if entry else None


def country_of_place(name: str, gazetteer: Gazetteer | None = None) -> str | None:
    """ISO3 of the country a place is in (a country is in itself)."""
    place = lookup(name, gazetteer)
    return place.country if place else None


# --------------------------------------------------------------------------
# the place of an event


def _roles() -> dict[str, frozenset[str]]:
    """role -> words, read once from place_words.tsv."""
    return words_by(WORDS_FILE)


def _place_name(span) -> str:
    """Entity text without "the" and a trailing "region"/"province"."""
    words = span.text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in _roles()["place_noun"]:
        words = words[:-1]
    return " ".join(words)


def _candidates(sent, gazetteer: Gazetteer) -> list:
    """Spans that may be places: GPE/LOC/FAC entities, and any other entity or
    lone proper noun the gazetteer knows (the small model tags Kyiv PERSON)."""
    spans, covered = [], set()
    for ent in sentence_ents(sent):
        covered.update(range(ent.start, ent.end))
        if ent.label_ in PLACE_LABELS or (ent.label_ in ("PERSON", "ORG") and gazetteer.get(_place_name(ent))):
            spans.append(ent)
    for token in sent:
        if token.i not in covered and token.pos_ == "PROPN" and gazetteer.get(token.text):
            spans.append(sent.doc[token.i:token.i + 1])
    return spans


def _noun_head(token):
    """Climb from a name to the head of its noun phrase: "Donbas" in "the
    Donbas region" -> "region"; "Mombasa" in "in Nairobi and Mombasa" -> "Nairobi"."""
    while token.dep_ in NOUN_LINKS and token.head.i != token.i:
        token = token.head
    return token


def _anchor(span, gazetteer: Gazetteer):
    """The word that a place hangs from if it is where something happened:
    the head of its locative preposition, or the verb of a visit; else None."""
    roles, head = _roles(), _noun_head(span.root)
    if head.dep_ == "pobj":
        prep = head.head
        if prep.lower_ in roles["locative_prep"]:
            return prep.head
        if prep.lower_ in roles["motion_prep"] and prep.head.lemma_ in roles["motion_verb"]:
            return prep.head
    if head.dep_ == "dobj":
        verb = head.head
        if verb.lemma_ in roles["place_object_verb"]:
            return verb
        entry = gazetteer.get(_place_name(span))
        # "shelled Sumy" is a place; "attacked Ukraine" is an actor.
        if verb.lemma_ in roles["site_object_verb"] and not (entry and entry.kind == "country"):
            return verb
    return None


def _clause(token) -> set[int]:
    """Token indices of the clause headed by token, without its sub-clauses."""
    inside = {token.i}
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS:
            inside |= {t.i for t in child.subtree}
    return inside


def _qualifier(span, candidates) -> object | None:
    """"Turkey" in "Istanbul, Turkey": an appositive place that says which
    Istanbul, not a second place."""
    for other in candidates:
        if other is not span and other.root.dep_ == "appos" and other.root.head.i in range(span.start, span.end):
            return other
    return None


def _to_place(span, qualifier, gazetteer: Gazetteer) -> Place:
    entry = gazetteer.get(_place_name(span)) or gazetteer.get(span.text)
    country = qualifier and country_of_place(_place_name(qualifier), gazetteer)
    if entry is None:
        return Place(_place_name(span), country or None, None, None, None)
    place = entry.place
    if country and place.country != country:
        # The text's "Paris, Texas" beats the gazetteer's bigger Paris.
        return Place(place.name, country, None, None, None)
    return place


def event_place(sent, trigger_token=None, exclude_chars=(), gazetteer: Gazetteer | None = None) -> Place | None:
    """Where the event of `trigger_token` (default: the sentence's main verb)
    took place: the tied place closest to the trigger within its clause, else
    within the clauses above it. Spans touching exclude_chars (character
    offsets of actor mentions) are skipped."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    trigger = trigger_token if trigger_token is not None else sent.root
    excluded = set(exclude_chars)
    candidates = [s for s in _candidates(sent, gazetteer)
                  if not excluded.intersection(range(s.start_char, s.end_char))]
    qualifiers = {id(q) for s in candidates if (q := _qualifier(s, candidates)) is not None}
    tied = [(s, a) for s in candidates if id(s) not in qualifiers
            and (a := _anchor(s, gazetteer)) is not None]
    level = trigger
    while True:
        clause = _clause(level)
        here = [s for s, anchor in tied if anchor.i in clause]
        if here:
            best = min(here, key=lambda s: abs(s.root.i - trigger.i))
            return _to_place(best, _qualifier(best, candidates), gazetteer)
        if level.dep_ not in CLAUSE_DEPS or level.head.i == level.i:
            return None
        level = level.head  # "visited Kyiv to talk": the visit's place holds
