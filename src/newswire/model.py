"""Plain dataclasses that every pipeline stage reads and writes.

The article record of ../shared/contract/OUTPUT.md is `Record.to_dict()`;
every offset points into `Article.text` (the cleaned body)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

SCHEMA = "newswire.article/1"


@dataclass
class Removed:
    kind: str  # related_link, caption, footer, byline, navigation, advert, other
    text: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass
class Article:
    """One article after reading and cleaning: the story text and what was cut."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    removed: list[Removed] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # char spans in text
    warnings: list[str] = field(default_factory=list)
    language: str | None = None  # the language it was read in (ISO 639-1), English included
    model: str | None = None  # and the spaCy pipeline that coded it (None: left uncoded)


@dataclass
class Mention:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Actor:
    id: str
    name: str
    kind: str  # person, organization, country, group
    code: str | None = None
    sector: str | None = None
    title: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "code": self.code,
            "sector": self.sector, "title": self.title,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass
class Quote:
    id: str
    kind: str  # direct, indirect, mixed
    text: str
    spans: list[tuple[int, int]]
    speaker: str | None = None
    speaker_name: str | None = None
    cue: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "text": self.text,
            "spans": [{"start": s, "end": e} for s, e in self.spans],
            "speaker": self.speaker, "speaker_name": self.speaker_name, "cue": self.cue,
        }


@dataclass
class Event:
    id: str
    type: str
    source: list[str]
    target: list[str]
    status: str
    date: dict
    evidence: tuple[int, int, str]
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    # {"name", "country", "lat", "lon", "geonameid"} as the contract has it, plus two optional fields the
    # schema allows: "admin1" (GeoNames division code) and "how" (the rule that chose it: docs/places.md)
    location: dict | None = None
    quote: str | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict:
        start, end, text = self.evidence
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": self.context,
            "source": self.source, "target": self.target, "status": self.status,
            "date": self.date, "location": self.location,
            "evidence": {"text": text, "start": start, "end": end},
            "quote": self.quote, "confidence": round(self.confidence, 3),
        }


@dataclass
class Record:
    article: Article
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict:
        a = self.article
        return {
            "schema": SCHEMA, "id": a.id, "url": a.url, "source": a.source, "title": a.title,
            "published": a.published.isoformat() if a.published else None,
            "text": a.text,
            "removed": [r.to_dict() for r in a.removed],
            "actors": [x.to_dict() for x in self.actors],
            "quotes": [x.to_dict() for x in self.quotes],
            "events": [x.to_dict() for x in self.events],
            "warnings": list(a.warnings),
            "language": a.language, "model": a.model,
        }


def error_record(article_id: str, kind: str, message: str, **fields) -> dict:
    record = {"schema": SCHEMA, "id": article_id or "unknown", "error": {"kind": kind, "message": message}}
    record.update({k: v for k, v in fields.items() if v is not None})
    return record


def content_id(text: str) -> str:
    """A stable id for an article that came without one."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:16]
