"""Pages rendered on the server. Filters live in the URL and every page keeps
them in its links; every chart mark links to the list it counts, and every
list links to its download (the same URL under /api with format=csv|jsonl)."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote as urlquote

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from ..errors import TooLarge
from ..plover import QUAD_NAMES, STATUSES, TYPES as PLOVER_TYPES
from ..corpus.aggregate import bucket_for
from ..corpus.rows import counted
from ..text.language import coded_languages, language_name
from . import charts, queries
from .api import extract_input, read_body
from .filters import APPLIES, PAGE_DEFAULTS, Filters, parse_filters
from .text import marked_text, speaker_classes, word_diff

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters["counted"] = counted  # "1 event", "2 events"
PAGE = 100
NODES = 30  # actors a network draws at first; "show more" adds as many again


class View:
    """What every page template gets: the filters, their problems and the URL helpers."""

    def __init__(self, request: Request, active: str):
        self.request = request
        self.filters, self.problems = parse_filters(request.query_params, reader(request).known_codes())
        defaults = {k: v for k, v in PAGE_DEFAULTS.items() if k not in request.query_params}
        self.filters = self.filters.with_(**defaults)
        self.active = active
        self.extra: dict = {}  # a page's own parameters that its pager keeps (the actor search's q)
        try:
            self.offset = max(0, min(int(request.query_params.get("offset") or 0), 10**9))
        except ValueError:
            self.offset = 0
            self.problems.append("offset: not a number")

    @property
    def path(self) -> str:
        """This page's path, %-encoded again (an actor's name may hold spaces)."""
        return urlquote(self.request.url.path)

    def url(self, path: str, filters: Filters | None = None, **changes) -> str:
        """A page's URL with these filters; the pages' defaults go without saying."""
        query = (filters or self.filters).query(omit=PAGE_DEFAULTS, **changes)
        return path + ("?" + query if query else "")

    def api(self, kind: str, fmt: str, **changes) -> str:
        """The download of list `kind` with the filters that apply to it (the defaults named:
        the API has none)."""
        base = {"event_clusters": "events", "quote_clusters": "quotes", "actors": "events", "places": "events",
                "network": "events", "timeline": "events"}.get(kind, kind)
        query = self.filters.only(base).query(format=fmt, **changes)
        return f"/api/{kind}?{query}"

    def ignored(self, kind: str) -> list[str]:
        return [k for k in self.filters.ignored_by(kind) if k not in PAGE_DEFAULTS]

    def chips(self) -> dict:
        """The filters a person set (the pages' defaults left out)."""
        return {k: v for k, v in self.filters.given().items() if PAGE_DEFAULTS.get(k, object()) != v}

    def hidden(self, kind: str) -> int:
        """How many `kind` rows (events, quotes) the pages' default hides here (0 when the URL
        overrides it)."""
        name = {"events": "confidence", "quotes": "attributed"}[kind]
        if getattr(self.filters, name) != PAGE_DEFAULTS[name]:
            return 0
        everything = self.filters.with_(**{name: 0 if name == "confidence" else "any"})
        r = reader(self.request)
        return r.page(kind, everything, 0)[0] - r.page(kind, self.filters, 0)[0]

    def render(self, template: str, status: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(self.request, template, {
            "v": self, "f": self.filters, "quads": QUAD_NAMES, "types": PLOVER_TYPES, "statuses": STATUSES,
            "languages": tuple(coded_languages()), "applies": APPLIES, "legend": charts.legend(), "actor_url": actor_url, **context}, status_code=status)


def actor_url(name: str) -> str:
    return "/actors/" + urlquote(name, safe="")


def reader(request: Request) -> queries.Reader:
    return request.app.state.reader


def _clip(start: str, end: str, f: Filters) -> tuple[str, str]:
    """A bucket narrowed to the since/until filters, so that the link lists what the bar counts."""
    return max(start, f.since or start), min(end, f.until or end)


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _zoom_out(since: str, until: str, first: str, last: str) -> tuple[str, str] | None:
    """The range twice as wide around the same middle, within the first and last event; None
    when the range holds them all already."""
    if since <= first and until >= last:
        return None
    half = max(1, (date.fromisoformat(until) - date.fromisoformat(since)).days // 2 + 1)
    return max(first, _shift(since, -half)), min(last, _shift(until, half))


def timeline_view(v: "View", count: str = "events", who: str | None = None) -> dict:
    """What a timeline draws and the controls around it. The range is since/until when the
    URL gives them (a brush or a zoom link put them there), all time with range=all, and by
    default where the events are dense (`Corpus.dense_range`: background dates such as "in
    2011" would stretch the axis back for a handful of events). The bucket fits the range
    unless the URL says one; the scale is count, log (when one bucket dwarfs the rest) or share.
    `who`: one actor's events (its page), the page's own URLs not changed."""
    r, q, filters = reader(v.request), v.request.query_params, v.filters
    own = filters.with_(who=who) if who else filters
    everything = r.dense_range(own.with_(since=None, until=None))
    view, dense = own, None
    if everything and not (filters.since or filters.until) and q.get("range") != "all":
        if (everything["since"], everything["until"]) != (everything["first"], everything["last"]):
            dense = everything
            view = own.with_(since=everything["since"], until=everything["until"])
    since = view.since or (everything or {}).get("first")
    until = view.until or (everything or {}).get("last")
    bucket = q.get("bucket") if q.get("bucket") in queries.BUCKETS else (
        bucket_for(since, until) if since and until and since <= until else "month")
    data = r.timeline(view, bucket, count)
    scale = q.get("scale") if q.get("scale") in charts.SCALES else charts.auto_scale(data["buckets"])
    path = v.path
    keep = {"count": q.get("count"), "scale": q.get("scale")}

    def link(start, end, quad):
        lo, hi = _clip(start, end, view)
        return v.url("/events", view, since=lo, until=hi, quad=quad)
    zoom = v.url(path, filters, since=None, until=None, **keep)
    wider = _zoom_out(since, until, everything["first"], everything["last"]) if everything and since else None
    return {"data": data, "bucket": bucket, "scale": scale, "dense": dense, "everything": everything,
            "since": since, "until": until,
            "svg": charts.timeline_svg(data["buckets"], link, scale=scale, zoom=zoom),
            "all_time": v.url(path, filters, since=None, until=None, range="all", **keep) if since and everything
            and (since > everything["first"] or until < everything["last"]) else None,
            "zoom_out": v.url(path, filters, since=wider[0], until=wider[1], **keep) if wider else None,
            "bucket_url": lambda b: v.url(path, filters, bucket=b, range=q.get("range"), **keep),
            "scale_url": lambda s: v.url(path, filters, bucket=q.get("bucket"), range=q.get("range"),
                                         count=q.get("count"), scale=s),
            "count_url": lambda c: v.url(path, filters, bucket=q.get("bucket"), range=q.get("range"),
                                         scale=q.get("scale"), count=c)}


def _choice(request, name, choices, default):
    value = request.query_params.get(name)
    return value if value in choices else default


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    v = View(request, "home")
    count = _choice(request, "count", ("events", "clusters"), "events")
    r = reader(request)
    tl = timeline_view(v, count)
    _, top_actors = r.top_actors(v.filters, 15)
    _, top_outlets = r.top_outlets(v.filters, 15)
    total, _ = r.page("events", v.filters, 0)
    return v.render("home.html", tl=tl, count=count, total=total,
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


def article_context(record: dict, focus: str | None = None) -> dict:
    """What the article page shows; `focus`: the event or quote selected (`?focus=e5`)."""
    actors = {a["id"]: a for a in record.get("actors") or []}
    ids = {x.get("id") for x in (record.get("events") or []) + (record.get("quotes") or [])}
    focus = focus if focus in ids else None

    def names(ids):
        return ", ".join(actors[i]["name"] for i in ids or [] if i in actors) or "—"
    meta = [record.get("published") or "no date", record.get("source"), read_in(record)]
    return {"record": record, "body": marked_text(record, focus), "colours": speaker_classes(record),
            "names": names, "focus": focus, "meta": [m for m in meta if m]}


def read_in(record: dict) -> str | None:
    """The language the record was coded in, and by which model ("French, fr_core_news_sm")."""
    code = record.get("language")
    if not code:  # a record written before records named it
        return None
    return language_name(code) + (f", {record['model']}" if record.get("model") else ", not coded")


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    v = View(request, "articles")
    record = reader(request).article(article_id)
    if record is None:
        return v.render("message.html", 404, title="No such article",
                        message=f"There is no article {article_id!r} in this corpus.")
    clusters = reader(request).event_cluster_of()
    return v.render("article.html", clusters=clusters, **article_context(record, request.query_params.get("focus")))


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
    actors = _choice(request, "actors", ("coded", "all"), "coded")
    try:
        nodes = max(1, min(int(request.query_params.get("nodes") or NODES), 500))
    except ValueError:
        nodes = NODES
    net = reader(request).network(v.filters, nodes, actors)
    svg = charts.network_svg(net, lambda n: v.url(actor_url(n["name"])),
                             lambda e: v.url("/events", source=e["source"], target=e["target"]))
    keep = {"actors": None if actors == "coded" else actors}
    more = v.url("/network", nodes=min(500, nodes + NODES), **keep) if net["candidates"] > len(net["nodes"]) else None
    return v.render("network.html", net=net, svg=svg, actors=actors, more=more,
                    toggle=v.url("/network", actors="all" if actors == "coded" else None,
                                 nodes=nodes if nodes != NODES else None))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request):
    v = View(request, "map")
    r = reader(request)
    total, places = r.places(v.filters, 500)
    unplaced_total, unplaced = r.places(v.filters, 30, located=False)
    svg = charts.map_svg(places, lambda p: v.url("/events", place_id=p["place_id"]))
    everything = r.dense_range(v.filters.with_(since=None, until=None))
    return v.render("map.html", places=places, total=total, svg=svg, unplaced=unplaced,
                    unplaced_total=unplaced_total, everything=everything,
                    events=sum(p["events"] for p in places))


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: str | None = None):
    """The actors of the filtered events, or those `q` names (the search box); an actor
    named exactly so opens at once."""
    v = View(request, "actors")
    q = (q or "").strip()[:200] or None
    v.extra = {"q": q}
    total, rows = reader(request).top_actors(v.filters, PAGE, v.offset, q)
    exact = [r for r in rows if q and r["name"].casefold() == q.casefold()]
    if q and (exact or total == 1) and not v.offset:
        return RedirectResponse(v.url(actor_url((exact or rows)[0]["name"])), status_code=303)
    return v.render("actors.html", total=total, rows=rows, page=PAGE, q=q)


@router.get("/actors/{name:path}", response_class=HTMLResponse)
def actor_page(request: Request, name: str):
    v = View(request, "actors")
    r = reader(request)
    own = v.filters.with_(who=name)
    tl = timeline_view(v, who=name)
    total, rows = r.page("events", own, 50)
    _, partners = r.top_actors(own, 16)
    partners = [p for p in partners if p["name"] != name][:15]
    quote_total, quotes = r.page("quotes", v.filters.only("quotes").with_(speaker=name), 20)
    return v.render("actor.html", name=name, tl=tl, total=total, rows=rows,
                    own=own, quotes=quotes, quote_total=quote_total, partners=partners)


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
