"""The JSON API: the lists of `newswire query` with limit/offset and downloads,
the aggregates the charts draw, and POST /api/extract."""
from __future__ import annotations

from datetime import date
import io
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as FPath
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError

from .. import __version__
from ..corpus.rows import write_csv, write_jsonl
from ..corpus.vocab import country_codes
from ..errors import NewswireError, TooLarge
from ..plover import STATUSES, TYPES as PLOVER_TYPES
from . import queries
from .filters import Filters, check_value, is_day
from .models import (ActorCount, ArticleRecord, ArticleRow, EventCluster, EventRow, ExtractInput, Health,
                     Message, Network, Page, PlaceCount, Problems, QuoteCluster, QuoteRow, Timeline)

Text = Annotated[str | None, Query(max_length=200, description="case-insensitive substring")]
Name = Annotated[str | None, Query(max_length=200, description="a name: the same person or body under any of "
                                   "its names, a spelling variant (Zelenskiy = Zelenskyy), or a name containing "
                                   "this from the start of a word, ignoring case and accents")]
Country = Annotated[str | None, Query(max_length=200, description="an actor's country (ISO 3166-1 alpha-3: RUS) "
                                      "or IGO, NGO, MNC, IMG; or the place's country. An unknown code is a 422 "
                                      "that says which was probably meant",
                                      json_schema_extra={"enum": sorted(country_codes())})]
Day = Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")]
PloverType = Annotated[str | None, Query(max_length=200, description="PLOVER event type (any case); another "
                                         "is a 422 that says which was probably meant",
                                         json_schema_extra={"enum": list(PLOVER_TYPES)})]
Status = Annotated[Literal[STATUSES] | None, Query(description="event status")]  # type: ignore[valid-type]
Quad = Annotated[int | None, Query(ge=1, le=4, description="PLOVER quad class: 1 verbal cooperation, "
                                   "2 material cooperation, 3 verbal conflict, 4 material conflict")]
Exact = Annotated[str | None, Query(max_length=200, description="an actor's exact name (who: either side)")]
Limit = Annotated[int | None, Query(ge=1, le=10000, description="rows per page (JSON default 100; "
                                    "downloads default to every row)")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]
Format = Annotated[Literal["json", "csv", "jsonl"], Query(description="json, or a csv / jsonl download")]

DOWNLOAD = {200: {"content": {"text/csv": {"schema": {"type": "string"}},
                              "application/x-ndjson": {"schema": {"type": "string"}}},
                  "description": "a page of rows (json) or every matching row (csv, jsonl)"},
            422: {"model": Problems, "description": "a filter value is not valid or does not apply"}}
NOT_FOUND = {404: {"model": Message, "description": "no such item"}}


def _params_of(dependant) -> list[str]:
    """The query parameters a route takes, its dependencies' included, in order."""
    names = [n for sub in dependant.dependencies for n in _params_of(sub)]
    return list(dict.fromkeys(names + [field.alias for field in dependant.query_params]))


def known_params_only(request: Request) -> None:
    """A parameter that a route does not take is a 422 naming those it does, never
    silently ignored: `?contry=RUS` would otherwise list every event."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    takes = _params_of(dependant)
    wrong = [n for n in request.query_params if n not in takes]
    if wrong:
        raise RequestValidationError([_unknown_param(n, request.query_params[n], takes, route.path) for n in wrong])


def _unknown_param(name: str, value: str, takes: list[str], path: str) -> dict:
    import difflib

    if name in Filters.names():  # a filter of another list
        msg = f"{path} cannot be filtered by {name}; it takes {', '.join(takes)}"
    else:
        close = difflib.get_close_matches(name, takes, n=1)
        msg = (f"unknown parameter {name!r}" + (f" (did you mean {close[0]}?)" if close else "")
               + f"; {path} takes {', '.join(takes)}")
    return {"type": "value_error", "loc": ("query", name), "input": value, "msg": msg}


router = APIRouter(prefix="/api", dependencies=[Depends(known_params_only)])


def _refuse(request: Request, **codes) -> None:
    """A day is YYYY-MM-DD (a date parameter also takes a timestamp, which no one means);
    an unknown country or type code is an error that says what was probably meant."""
    for name in ("since", "until"):
        value = request.query_params.get(name)
        if value and not is_day(value):
            raise RequestValidationError([{"type": "value_error", "loc": ("query", name), "input": value,
                                           "msg": f"{value!r} is not a day of the calendar (YYYY-MM-DD)"}])
    known = request.app.state.reader.known_codes()
    problems = [(name, check_value(name, value, known)) for name, value in codes.items() if value]
    if any(p for _, p in problems):
        raise RequestValidationError([{"type": "value_error", "loc": ("query", name), "input": codes[name],
                                       "msg": problem} for name, problem in problems if problem])


Language = Annotated[str | None, Query(pattern=r"^[a-z]{2}$", description="of articles in this language "
                                      "(ISO 639-1: en, fr)")]


def event_filters(request: Request, actor: Name = None, country: Country = None, type: PloverType = None,
                  status: Status = None, since: Day = None, until: Day = None, place: Text = None,
                  search: Text = None, outlet: Text = None, quad: Quad = None, who: Exact = None,
                  source: Exact = None, target: Exact = None, place_id: Annotated[str | None, Query(
                      max_length=200, description="a place exactly: its GeoNames id (2440476), else its "
                      "name and country as name|ISO3 (Balochistan|PAK): the place_id of /api/places")] = None,
                  confidence: Annotated[float | None, Query(ge=0, le=1, description=(
                      "only events at least this confident (the pages hide those under 0.5 by default); "
                      "an event with no confidence is kept"))] = None, language: Language = None) -> Filters:
    _refuse(request, country=country, type=type)
    return Filters(actor=actor, country=country, type=type, status=status, since=_day(since), until=_day(until), place=place,
                   search=search, outlet=outlet, quad=quad, who=who, source=source, target=target,
                   place_id=place_id, confidence=confidence, language=language)


def quote_filters(request: Request, speaker: Name = None, words: Text = None, since: Day = None,
                  until: Day = None, search: Text = None, outlet: Text = None, language: Language = None,
                  attributed: Annotated[Literal["yes", "no", "any"] | None, Query(description=(
                      "yes: quotes with a speaker found (the pages' default), no: those without, any: all"))] = None
                  ) -> Filters:
    _refuse(request)
    return Filters(speaker=speaker, words=words, since=_day(since), until=_day(until), search=search, outlet=outlet,
                   attributed=attributed, language=language)


def article_filters(request: Request, search: Annotated[str | None, Query(
        max_length=200, description="every word in the title or text")] = None, since: Day = None,
        until: Day = None, outlet: Text = None, language: Language = None) -> Filters:
    _refuse(request)
    return Filters(search=search, since=_day(since), until=_day(until), outlet=outlet, language=language)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


EventFilters = Annotated[Filters, Depends(event_filters)]
QuoteFilters = Annotated[Filters, Depends(quote_filters)]
ArticleFilters = Annotated[Filters, Depends(article_filters)]


def reader_of(request: Request) -> queries.Reader:
    return request.app.state.reader


Reader = Annotated[queries.Reader, Depends(reader_of)]


def download(rows: list[dict], fmt: str, name: str) -> Response:
    """Rows as a CSV or JSON Lines attachment."""
    out = io.StringIO()
    if fmt == "jsonl":
        write_jsonl(rows, out)
        media = "application/x-ndjson"
    else:
        write_csv(rows, out)
        media = "text/csv; charset=utf-8"
    return Response(out.getvalue(), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def listing(fetch, fmt: str, name: str, limit, offset, default: int = 100):
    """A page, `fetch(limit)` → (total, rows), as JSON (serialised directly: the rows already
    have the declared shape, which tests/test_web_schema.py checks on every route), or a
    download (every row, unless a limit is given)."""
    limit = _limit(limit, fmt, default)
    total, rows = fetch(limit)
    if fmt != "json":
        return download(rows, fmt, name)
    body = json.dumps({"total": total, "limit": limit, "offset": offset, "items": rows},
                      ensure_ascii=False, default=str, allow_nan=False)
    return Response(body, media_type="application/json")


def _found(item, missing: str):
    """`item`, or a 404 that says what is `missing`."""
    if item is None:
        raise HTTPException(404, missing)
    return item


def _limit(limit, fmt, default=100):
    return limit if limit is not None or fmt != "json" else default


@router.get("/health", response_model=Health, summary="The corpus is open; what it holds")
def health(reader: Reader):
    counts = reader.counts()
    return Health(status="ok", db=reader.path, version=__version__, **counts,
                  clusters={t: reader.has_table(t) for t in ("article_clusters", "quote_clusters", "event_clusters")})


@router.get("/events", response_model=Page[EventRow], responses=DOWNLOAD, summary="Events, filtered")
def events(reader: Reader, filters: EventFilters, limit: Limit = None, offset: Offset = 0, format: Format = "json"):
    return listing(lambda n: reader.page("events", filters, n, offset), format, "events", limit, offset)


@router.get("/quotes", response_model=Page[QuoteRow], responses=DOWNLOAD, summary="Quotes, filtered")
def quotes(reader: Reader, filters: QuoteFilters, limit: Limit = None, offset: Offset = 0, format: Format = "json"):
    return listing(lambda n: reader.page("quotes", filters, n, offset), format, "quotes", limit, offset)


@router.get("/articles", response_model=Page[ArticleRow], responses=DOWNLOAD, summary="Articles, filtered")
def articles(reader: Reader, filters: ArticleFilters, limit: Limit = None, offset: Offset = 0,
             format: Format = "json"):
    return listing(lambda n: reader.page("articles", filters, n, offset), format, "articles", limit, offset)


@router.get("/articles/{article_id:path}", response_model=ArticleRecord, response_model_by_alias=True,
            responses=NOT_FOUND, summary="One article as the contract record")
def article(reader: Reader, article_id: str):
    return _found(reader.article(article_id), f"no article {article_id!r} in the corpus")


@router.get("/event_clusters", response_model=Page[EventCluster], responses=DOWNLOAD,
            summary="Event clusters with an event that the filters select")
def event_clusters(reader: Reader, filters: EventFilters, limit: Limit = None, offset: Offset = 0,
                   format: Format = "json"):
    return listing(lambda n: reader.event_clusters(filters, n, offset), format, "event_clusters", limit, offset)


@router.get("/quote_clusters", response_model=Page[QuoteCluster], responses=DOWNLOAD,
            summary="Quotes carried by several articles, with a variant that the filters select")
def quote_clusters(reader: Reader, filters: QuoteFilters, limit: Limit = None, offset: Offset = 0,
                   format: Format = "json"):
    return listing(lambda n: reader.quote_clusters(filters, n, offset), format, "quote_clusters", limit, offset)


@router.get("/quote_clusters/{cluster_id}", response_model=QuoteCluster, responses=NOT_FOUND,
            summary="One quote's variants across outlets, earliest first")
def quote_cluster(reader: Reader, cluster_id: Annotated[int, FPath(ge=-2**31, le=2**31 - 1)]):
    return _found(reader.quote_cluster(cluster_id), f"no quote cluster {cluster_id}")


@router.get("/actors", response_model=Page[ActorCount], responses=DOWNLOAD,
            summary="Actors of the filtered events, most events first")
def actors(reader: Reader, filters: EventFilters, limit: Limit = None, offset: Offset = 0, format: Format = "json",
           q: Annotated[str | None, Query(max_length=200, description=(
               "only actors so named, as the actor filter matches (a search box: 'zel' finds Zelenskyy)"))] = None):
    return listing(lambda n: reader.top_actors(filters, n, offset, q), format, "actors", limit, offset)


@router.get("/places", response_model=Page[PlaceCount], responses=DOWNLOAD,
            summary="Places of the filtered events (one per GeoNames id, else name and country), "
                    "with events per quad class")
def places(reader: Reader, filters: EventFilters, limit: Limit = None, offset: Offset = 0, format: Format = "json",
           located: Annotated[bool, Query(description="true: places with coordinates (the map's); "
                                          "false: those without")] = True):
    return listing(lambda n: reader.places(filters, n, offset, located), format, "places", limit, offset, 500)


@router.get("/network", response_model=Network, responses=DOWNLOAD,
            summary="Who did what to whom: actors and source→target edges (csv, jsonl: the edges)")
def network(reader: Reader, filters: EventFilters, format: Format = "json",
            nodes: Annotated[int, Query(ge=1, le=500, description="most actors drawn")] = 30,
            actors: Annotated[Literal["coded", "all"], Query(
                description="coded: actors with a code and a name that names them (not \"people\", "
                            "\"government\"); all: every actor")] = "coded"):
    net = reader.network(filters, max_nodes=nodes, actors=actors)
    for edge in net["edges"]:
        edge["by_quad"] = {str(k): v for k, v in edge["by_quad"].items()}
    if format != "json":
        return download(net["edges"], format, "network")
    return net


@router.get("/timeline", response_model=Timeline, responses=DOWNLOAD,
            summary="Events (or event clusters) per day, week or month, per quad class")
def timeline(reader: Reader, filters: EventFilters, bucket: Literal["day", "week", "month"] = "month",
             count: Literal["events", "clusters"] = "events", format: Format = "json"):
    data = reader.timeline(filters, bucket, count)
    for b in data["buckets"]:
        b["by_quad"] = {str(k): v for k, v in b["by_quad"].items()}
    if format != "json":
        rows = [{"start": b["start"], "end": b["end"], "quad": q, "count": n}
                for b in data["buckets"] for q, n in b["by_quad"].items()]
        return download(rows, format, "timeline")
    return data


# ---------------------------------------------------------------- extract

NOT_BLANK = {"type": "string", "pattern": r"\S"}
EXTRACT_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {**ExtractInput.model_json_schema(), "anyOf": [
        {"required": ["text"], "properties": {"text": NOT_BLANK}},
        {"required": ["html"], "properties": {"html": NOT_BLANK}}]}},
    "text/plain": {"schema": NOT_BLANK},
    "text/html": {"schema": NOT_BLANK}}}}


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it is known to pass `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the body is over the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def problem(loc: tuple, msg: str, value=None) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": loc, "msg": msg, "input": value}])


def extract_input(body: bytes, content_type: str) -> dict:
    """The input record of a request body, or a 422 that says what is wrong with it."""
    media = content_type.split(";")[0].strip().lower()
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise problem(("body",), f"the body is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if media in ("text/plain", "text/html", ""):
        if not raw.strip():
            raise problem(("body",), "the body is empty: send the article's text or HTML")
        return {"html" if media == "text/html" or raw.lstrip()[:1] == "<" else "text": raw}
    if media != "application/json":
        raise HTTPException(415, f"cannot read a {media} body; send application/json, text/plain or text/html")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise problem(("body",), f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(data, dict):
        raise problem(("body",), "the JSON body must be an object (an input record with text or html)")
    try:
        item = ExtractInput.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError([{"type": e["type"], "loc": ("body", *e["loc"]), "msg": e["msg"],
                                       "input": None} for e in exc.errors()]) from None
    if not (item.text or "").strip() and not (item.html or "").strip():
        raise problem(("body", "text"), "the record has no text and no html: nothing to extract")
    return {k: v for k, v in item.model_dump().items() if v is not None}


@router.post("/extract", response_model=ArticleRecord, response_model_by_alias=True, openapi_extra=EXTRACT_BODY,
             responses={413: {"model": Message, "description": "the body is over the size limit"},
                        415: {"model": Message, "description": "not JSON, plain text or HTML"},
                        422: {"model": Problems, "description": "the body is not an article newswire can read"}},
             summary="Extract one article: text, HTML or an input record → its record")
async def extract(request: Request):
    limit = request.app.state.max_body
    try:
        body = await read_body(request, limit)
    except TooLarge:
        raise HTTPException(413, f"the body is over the limit of {limit} bytes") from None
    item = extract_input(body, request.headers.get("content-type", ""))
    record = await run_in_threadpool(request.app.state.extract, item)
    if "error" in record:
        raise problem(("body",), f"{record['error'].get('kind')}: {record['error'].get('message')}")
    return record


def extractor(nlp_loader):
    """`extract(item) -> record` on one lazily loaded model, one article at a time."""
    import threading

    lock = threading.Lock()

    def run(item: dict) -> dict:
        from ..pipeline.extract import extract_records

        item = {"id": "pasted", **item}
        with lock:
            try:
                return next(extract_records([item], nlp=nlp_loader()))
            except NewswireError as exc:
                return {"id": item["id"], "error": {"kind": exc.kind, "message": str(exc)}}
    return run
