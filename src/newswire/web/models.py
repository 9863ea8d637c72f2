"""Response models of the API, so that /openapi.json is a real schema.

Rows mirror the Corpus queries (`newswire query` columns); the article record
mirrors ../shared/contract/OUTPUT.md. Optional wherever the store may hold NULL."""
from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..model import SCHEMA

T = TypeVar("T")


class Offsets(BaseModel):
    start: int | None = None
    end: int | None = None


class Span(Offsets):
    text: str | None = None


class DateInfo(BaseModel):
    start: str | None = None
    end: str | None = None
    precision: str | None = None
    text: str | None = None


class Location(BaseModel):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    admin1: str | None = None
    how: str | None = Field(None, description="the rule that chose the place: clause, sentence, paragraph, "
                                              "dateline, story or country (docs/places.md)")


class ActorRef(BaseModel):
    id: str | None = None
    name: str | None = None
    kind: str | None = None
    code: str | None = None
    sector: str | None = None
    title: str | None = None


class EventRow(BaseModel):
    article_id: str
    id: str
    type: str | None = None
    mode: str | None = None
    status: str | None = None
    day: str | None = Field(None, description="the event's date, else the article's publication day")
    date: DateInfo | None = None
    source_names: list[str] | None = None
    target_names: list[str] | None = None
    place: str | None = None
    evidence: str | None = None
    quote: str | None = None
    confidence: float | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    context: list[str] | None = None
    source: list[str] | None = None
    target: list[str] | None = None
    location: Location | None = None
    source_actors: list[ActorRef] | None = None
    target_actors: list[ActorRef] | None = None
    language: str | None = None  # ISO 639-1 of its article


class QuoteRow(BaseModel):
    article_id: str
    id: str
    speaker_name: str | None = None
    text: str | None = None
    kind: str | None = None
    cue: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    speaker: str | None = None
    spans: list[Offsets] | None = None
    language: str | None = None  # ISO 639-1 of its article


class ArticleRow(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    actors: int = 0
    quotes: int = 0
    events: int = 0
    warnings: list[str] | None = None
    content_hash: str | None = None
    path: str | None = None
    language: str | None = None  # ISO 639-1 of the pipeline that coded it (en for a record that names none)


class Page(BaseModel, Generic[T]):
    total: int = Field(description="rows matching the filters, all pages together")
    limit: int | None
    offset: int
    items: list[T]


class Actor(BaseModel):
    id: str
    name: str | None = None
    kind: str | None = None
    code: str | None = None
    sector: str | None = None
    title: str | None = None
    mentions: list[Span] = []


class Quote(BaseModel):
    id: str
    kind: str | None = None
    text: str | None = None
    spans: list[Offsets] = []
    speaker: str | None = None
    speaker_name: str | None = None
    cue: str | None = None


class Event(BaseModel):
    id: str
    type: str | None = None
    mode: str | None = None
    context: list[str] = []
    source: list[str] = []
    target: list[str] = []
    status: str | None = None
    date: DateInfo | None = None
    location: Location | None = None
    evidence: Span | None = None
    quote: str | None = None
    confidence: float | None = None


class Removed(BaseModel):
    kind: str | None = None
    text: str | None = None


class ArticleRecord(BaseModel):
    """The contract record (`model.SCHEMA`)."""
    model_config = ConfigDict(populate_by_name=True, extra="allow")

    schema_: str = Field(SCHEMA, alias="schema")
    id: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    text: str | None = None
    removed: list[Removed] = []
    actors: list[Actor] = []
    quotes: list[Quote] = []
    events: list[Event] = []
    warnings: list[str] = []
    # extra="allow": the record also names its language and the model that coded it (`language`,
    # `model`), which the contract allows and a record written before them leaves out


class ExtractInput(BaseModel):
    """A contract input record: `text` or `html`, and what is known about the article."""
    id: str | None = None
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = Field(None, description="ISO 8601 date")


class ClusterMember(BaseModel):
    model_config = ConfigDict(extra="allow")
    article_id: str | None = None
    outlet: str | None = None
    published: str | None = None


class QuoteVariant(ClusterMember):
    quote_id: str | None = None
    text: str | None = None
    speaker_name: str | None = None


class EventMember(ClusterMember):
    event_id: str | None = None
    evidence: str | None = None


class QuoteCluster(BaseModel):
    model_config = ConfigDict(extra="allow")
    cluster_id: int
    text: str | None = None
    speaker_name: str | None = None
    speakers: list[str | None] | None = None
    n_quotes: int | None = None
    n_articles: int | None = None
    n_outlets: int | None = None
    outlets: list[str | None] | None = None
    earliest_article_id: str | None = None
    earliest_outlet: str | None = None
    earliest_published: str | None = None
    variants: list[QuoteVariant] | None = None


class EventCluster(BaseModel):
    model_config = ConfigDict(extra="allow")
    cluster_id: int
    type: str | None = None
    status: str | None = None
    day_start: str | None = None
    day_end: str | None = None
    source_names: list[str | None] | None = None
    target_names: list[str | None] | None = None
    places: list[str | None] | None = None
    n_events: int | None = None
    n_articles: int | None = None
    n_outlets: int | None = None
    n_sources: int | None = None  # independent reports: copies of one text count once
    outlets: list[str | None] | None = None
    events: list[EventMember] | None = None


class ActorCount(BaseModel):
    name: str
    code: str | None = None
    kind: str | None = None
    events: int
    articles: int


class PlaceCount(BaseModel):
    place_id: str = Field(description="the place_id filter that lists exactly these events")
    name: str
    country: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    events: int
    q1: int = Field(0, description="events of quad class 1, verbal cooperation")
    q2: int = Field(0, description="material cooperation")
    q3: int = Field(0, description="verbal conflict")
    q4: int = Field(0, description="material conflict")


class Node(BaseModel):
    name: str
    events: int
    code: str | None = None
    kind: str | None = None


class Edge(BaseModel):
    source: str
    target: str
    events: int
    quad: int = Field(description="the quad class of most of its events (1-4)")
    by_quad: dict[str, int]


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]
    actors_total: int = Field(description="actors of the filtered events, of any kind")
    candidates: int = Field(description="actors of the kind asked for (coded or all), drawn or not")


class Bucket(BaseModel):
    start: str
    end: str
    total: int
    by_quad: dict[str, int] = Field(description="counts per quad class, keys '1'-'4'")


class Timeline(BaseModel):
    bucket: str
    count: str
    buckets: list[Bucket]
    undated: int = Field(description="events without a usable day, not in any bucket")


class Health(BaseModel):
    status: str
    db: str
    version: str
    articles: int
    events: int
    quotes: int
    actors: int
    clusters: dict[str, bool]


class Message(BaseModel):
    detail: str


class Problem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problems(BaseModel):
    detail: list[Problem]
