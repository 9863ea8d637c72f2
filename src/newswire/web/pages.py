"""Pages rendered on the server. Filters live in the URL and every page keeps
them in its links; every chart mark links to the list it counts, and every
list links to its download (the same URL under /api with format=csv|jsonl)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote as urlquote

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..errors import TooLarge
from ..plover import QUAD_NAMES, STATUSES, TYPES as PLOVER_TYPES
from . import charts, queries
from .api import extract_input, read_body
from .filters import APPLIES, Filters, parse_filters
from .text import marked_text, speaker_classes, word_diff

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
PAGE = 100


class View:
    """What every page template gets: the filters, their problems and the URL helpers."""

    def __init__(self, request: Request, active: str):
        self.request = request
        self.filters, self.problems = parse_filters(request.query_params, reader(request).known_codes())
        self.active = active
        try:
            self.offset = max(0, min(int(request.query_params.get("offset") or 0), 10**9))
        except ValueError:
            self.offset = 0
            self.problems.append("offset: not a number")

    def url(self, path: str, filters: Filters | None = None, **changes) -> str:
        query = (filters or self.filters).query(**changes)
        return path + ("?" + query if query else "")

    def api(self, kind: str, fmt: str, **changes) -> str:
        """The download of list `kind` with the filters that apply to it."""
        base = {"event_clusters": "events", "quote_clusters": "quotes", "actors": "events", "places": "events",
                "network": "events", "timeline": "events"}.get(kind, kind)
        return self.url(f"/api/{kind}", self.filters.only(base), format=fmt, **changes)

    def ignored(self, kind: str) -> list[str]:
        return self.filters.ignored_by(kind)

    def render(self, template: str, status: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(self.request, template, {
            "v": self, "f": self.filters, "quads": QUAD_NAMES, "types": PLOVER_TYPES, "statuses": STATUSES,
            "applies": APPLIES, "legend": charts.legend(), "actor_url": actor_url, **context}, status_code=status)


def actor_url(name: str) -> str:
    return "/actors/" + urlquote(name, safe="")


def reader(request: Request) -> queries.Reader:
    return request.app.state.reader


def _clip(start: str, end: str, f: Filters) -> tuple[str, str]:
    """A bucket narrowed to the since/until filters, so that the link lists what the bar counts."""
    return max(start, f.since or start), min(end, f.until or end)


def timeline_chart(v: View, filters: Filters, bucket: str, count: str):
    data = reader(v.request).timeline(filters, bucket, count)

    def link(start, end, quad):
        since, until = _clip(start, end, filters)
        return v.url("/events", filters, since=since, until=until, quad=quad)
    return data, charts.timeline_svg(data["buckets"], link)


def _choice(request, name, choices, default):
    value = request.query_params.get(name)
    return value if value in choices else default


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    v = View(request, "home")
    bucket = _choice(request, "bucket", queries.BUCKETS, "month")
    count = _choice(request, "count", ("events", "clusters"), "events")
    r = reader(request)
    data, timeline = timeline_chart(v, v.filters, bucket, count)
    _, top_actors = r.top_actors(v.filters, 15)
    _, top_outlets = r.top_outlets(v.filters, 15)
    total, _ = r.page("events", v.filters, 0)
    return v.render("home.html", timeline=timeline, data=data, bucket=bucket, count=count, total=total,
                    actors_svg=charts.bars_svg(top_actors, "name", "events", lambda a: v.url("/events", who=a["name"])),
                    outlets_svg=charts.bars_svg(top_outlets, "outlet", "events",
                                                lambda o: v.url("/events", outlet=o["outlet"])),
                    counts=r.counts())


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request):
    v = View(request, "events")
    total, rows = reader(request).page("events", v.filters, PAGE, v.offset)
    return v.render("events.html", total=total, rows=rows, page=PAGE)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request):
    v = View(request, "articles")
    total, rows = reader(request).page("articles", v.filters, PAGE, v.offset)
    return v.render("articles.html", total=total, rows=rows, page=PAGE)


def article_context(record: dict) -> dict:
    actors = {a["id"]: a for a in record.get("actors") or []}

    def names(ids):
        return ", ".join(actors[i]["name"] for i in ids or [] if i in actors) or "—"
    return {"record": record, "body": marked_text(record), "colours": speaker_classes(record), "names": names}


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    v = View(request, "articles")
    record = reader(request).article(article_id)
    if record is None:
        return v.render("message.html", 404, title="No such article",
                        message=f"There is no article {article_id!r} in this corpus.")
    clusters = reader(request).event_cluster_of()
    return v.render("article.html", clusters=clusters, **article_context(record))


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request):
    v = View(request, "quotes")
    total, rows = reader(request).page("quotes", v.filters, PAGE, v.offset)
    n_clusters, clusters = reader(request).quote_clusters(v.filters, 30)
    return v.render("quotes.html", total=total, rows=rows, page=PAGE, clusters=clusters, n_clusters=n_clusters)


@router.get("/quotes/{cluster_id}", response_class=HTMLResponse)
def quote_cluster_page(request: Request, cluster_id: str):
    v = View(request, "quotes")
    cluster = reader(request).quote_cluster(int(cluster_id)) if cluster_id.isdigit() else None
    if cluster is None:
        return v.render("message.html", 404, title="No such quote cluster",
                        message=f"There is no quote cluster {cluster_id!r} (see the list on /quotes).")
    variants = cluster["variants"]
    earliest = variants[0]["text"] if variants else cluster.get("text") or ""
    diffs = [word_diff(earliest, var.get("text") or "") for var in variants]
    return v.render("quote_cluster.html", cluster=cluster, variants=list(zip(variants, diffs)))


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request):
    v = View(request, "network")
    net = reader(request).network(v.filters)
    svg = charts.network_svg(net, lambda n: v.url(actor_url(n["name"])),
                             lambda e: v.url("/events", source=e["source"], target=e["target"]))
    return v.render("network.html", net=net, svg=svg)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request):
    v = View(request, "map")
    total, places = reader(request).places(v.filters, 500)
    svg = charts.map_svg(places, lambda p: v.url("/events", place=p["name"]))
    return v.render("map.html", places=places, total=total, svg=svg)


@router.get("/actors/{name:path}", response_class=HTMLResponse)
def actor_page(request: Request, name: str):
    v = View(request, "network")
    r = reader(request)
    own = v.filters.with_(who=name)
    bucket = _choice(request, "bucket", queries.BUCKETS, "month")
    data, timeline = timeline_chart(v, own, bucket, "events")
    total, rows = r.page("events", own, 50)
    _, partners = r.top_actors(own, 16)
    partners = [p for p in partners if p["name"] != name][:15]
    quote_total, quotes = r.page("quotes", v.filters.only("quotes").with_(speaker=name), 20)
    return v.render("actor.html", name=name, timeline=timeline, data=data, total=total, rows=rows,
                    own=own, quotes=quotes, quote_total=quote_total, bucket=bucket, partners=partners)


@router.get("/extract", response_class=HTMLResponse)
def extract_form(request: Request):
    return View(request, "extract").render("extract.html", text="", error=None)


@router.post("/extract", response_class=HTMLResponse)
async def extract_page(request: Request):
    from urllib.parse import parse_qs

    v = View(request, "extract")
    try:
        body = await read_body(request, request.app.state.max_body)
    except TooLarge:
        return v.render("extract.html", 413, text="", error=f"The article is over the limit of "
                        f"{request.app.state.max_body} bytes.")
    form = parse_qs(body.decode("utf-8", "replace"))
    text = (form.get("text") or [""])[0]
    item = {"text": text, "published": (form.get("published") or [""])[0] or None}
    try:
        item = extract_input(json.dumps(item).encode(), "application/json")
    except (RequestValidationError, HTTPException) as exc:
        detail = exc.errors() if isinstance(exc, RequestValidationError) else [{"msg": exc.detail}]
        return v.render("extract.html", 422, text=text, error="; ".join(d["msg"] for d in detail))
    record = await run_in_threadpool(request.app.state.extract, item)
    if "error" in record:
        return v.render("extract.html", 422, text=text, error=record["error"].get("message"))
    return v.render("article.html", clusters={}, pasted=True, **article_context(record))


@router.get("/about", response_class=HTMLResponse)
def about(request: Request):
    return View(request, "about").render("about.html")
