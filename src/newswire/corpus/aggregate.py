"""The aggregates over a filtered list of events that the charts draw: a timeline
per bucket and quad class, actors and outlets by events, places with coordinates,
and the source → target edges of a network.

Each is SQL over the filtered events (`Corpus` gives that query and runs these)
plus the shaping of its rows; nothing here opens a database."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from ..plover import QUAD_OF, QUAD_TYPES

__all__ = ["BUCKETS", "timeline_sql", "timeline", "days_sql", "dense_range", "bucket_for", "actors_sql", "ACTOR_KINDS", "actor_rows", "outlets_sql",
           "places_sql", "PLACE_KEY", "edges_sql", "network", "fill_gaps", "bucket_end"]

BUCKETS = ("day", "week", "month")
QUADS = (1, 2, 3, 4)


def timeline_sql(events: str, bucket: str, members: str | None = None) -> str:
    """Events per bucket and type; with `members` (the rows of event_clusters' members), one
    event cluster counts once, an event in none once by itself."""
    if members is not None:
        unit = "coalesce(CAST(m.cluster_id AS VARCHAR), t.article_id || '/' || t.id)"
        counted = (f"SELECT t.*, {unit} AS unit FROM ({events}) t LEFT JOIN ({members}) m "
                   "ON m.article_id = t.article_id AND m.event_id = t.id")
    else:
        counted = f"SELECT t.*, t.article_id || '/' || t.id AS unit FROM ({events}) t"
    return (f"SELECT CAST(CAST(date_trunc('{bucket}', TRY_CAST(day AS DATE)) AS DATE) AS VARCHAR) AS b, type, "
            f"count(DISTINCT unit) AS n FROM ({counted}) u GROUP BY ALL ORDER BY b")


def timeline(rows: list[dict], bucket: str, count: str) -> dict:
    """The rows of `timeline_sql` per bucket (every bucket from the first to the last) and quad
    class; undated events counted apart."""
    buckets: dict[str, Counter] = defaultdict(Counter)
    undated = 0
    for r in rows:
        if r["b"] is None:
            undated += r["n"]
        else:
            buckets[r["b"]][QUAD_OF.get(r["type"], 0)] += r["n"]
    out = []
    for start in fill_gaps(sorted(buckets), bucket):
        by_quad = {q: buckets[start].get(q, 0) for q in QUADS}
        out.append({"start": start, "end": bucket_end(start, bucket), "total": sum(by_quad.values()),
                    "by_quad": by_quad})
    return {"bucket": bucket, "count": count, "buckets": out, "undated": undated}


def days_sql(events: str) -> str:
    """Dated events per day, earliest first."""
    return ("SELECT CAST(TRY_CAST(day AS DATE) AS VARCHAR) AS d, count(*) AS n FROM "
            f"({events}) t WHERE TRY_CAST(day AS DATE) IS NOT NULL GROUP BY d ORDER BY d")


def dense_range(days: list[tuple[str, int]], share: float = 0.9) -> tuple[str, str] | None:
    """The shortest run of days (the latest of equal ones) that holds `share` of the events,
    from (day, events) earliest first: where a corpus's events are dense, without the
    background dates ("in 2011") that stretch an axis back for a handful of events."""
    if not days:
        return None
    need = share * sum(n for _, n in days)
    ordinal = [date.fromisoformat(d).toordinal() for d, _ in days]
    best, held, lo = None, 0, 0
    for hi, (_, n) in enumerate(days):
        held += n
        while held - days[lo][1] >= need:
            held -= days[lo][1]
            lo += 1
        if held >= need and (best is None or ordinal[hi] - ordinal[lo] <= ordinal[best[1]] - ordinal[best[0]]):
            best = (lo, hi)
    return days[best[0]][0], days[best[1]][0]


def bucket_for(since: str, until: str) -> str:
    """The bucket that draws a range in some 15 to 100 bars: day up to a quarter, week
    up to two years, month beyond."""
    span = (date.fromisoformat(until) - date.fromisoformat(since)).days
    return "day" if span <= 92 else "week" if span <= 730 else "month"


def actors_sql(events: str, named: bool = False) -> tuple[str, str]:
    """(grouped, order): the actors of the events (by name, either side), most events first;
    `named`: only the names `$q_names`."""
    only = " AND name IN (SELECT unnest($q_names::VARCHAR[]))" if named else ""
    return ("SELECT name, count(*) AS events, count(DISTINCT article_id) AS articles FROM ("
            "SELECT article_id, unnest(list_distinct(source_names || target_names)) AS name "
            f"FROM ({events}) t) u WHERE name IS NOT NULL{only} GROUP BY name"), "events DESC, name"


# code and kind of the names `$names`: the most common in the actors table
ACTOR_KINDS = ("SELECT name, mode(code) AS code, mode(kind) AS kind FROM actors "
               "WHERE name IN (SELECT unnest($names::VARCHAR[])) GROUP BY name")  # a hash join: many names


def actor_rows(rows: list[dict], kinds: list[dict]) -> list[dict]:
    """The rows of `actors_sql` with the code and kind of each (`ACTOR_KINDS`)."""
    known = {r["name"]: r for r in kinds}
    return [{"name": r["name"], "code": known.get(r["name"], {}).get("code"),
             "kind": known.get(r["name"], {}).get("kind"), "events": r["events"], "articles": r["articles"]}
            for r in rows]


def outlets_sql(events: str) -> tuple[str, str]:
    return (f"SELECT outlet, count(*) AS events, count(DISTINCT article_id) AS articles "
            f"FROM ({events}) t WHERE outlet IS NOT NULL GROUP BY outlet"), "events DESC, outlet"


# a place's key: its GeoNames id, else its name and country ("Balochistan|PAK"): what the map
# aggregates by and what the `place_id` filter selects, so that a dot lists exactly its events
PLACE_KEY = ("coalesce(CAST(location.geonameid AS VARCHAR), "
             "location.name || '|' || coalesce(location.country, ''))")


def places_sql(events: str, located: bool = True) -> tuple[str, str]:
    """Event places, one per GeoNames id (else name and country), with their events per quad
    class (q1 … q4); `located`: only those with coordinates, else only those without."""
    quads = ", ".join(f"count(*) FILTER (WHERE type IN ({', '.join(repr(t) for t in QUAD_TYPES[q])})) AS q{q}"
                      for q in QUADS)
    where = ("location.lat IS NOT NULL AND location.lon IS NOT NULL" if located
             else "(location.lat IS NULL OR location.lon IS NULL)")
    return (f"SELECT {PLACE_KEY} AS place_id, mode(location.name) AS name, any_value(location.country) AS country, "
            f"any_value(location.geonameid) AS geonameid, round(avg(location.lat), 4) AS lat, "
            f"round(avg(location.lon), 4) AS lon, "
            f"count(*) AS events, {quads} FROM ({events}) t WHERE location.name IS NOT NULL AND {where} "
            "GROUP BY place_id"), "events DESC, name, place_id"


def edges_sql(events: str) -> str:
    """Source → target pairs among the names `$names`, counted per type."""
    return ("SELECT s AS source, tg AS target, type, count(*) AS n FROM ("
            "  SELECT type, s, unnest(list_distinct(target_names)) AS tg FROM ("
            f"   SELECT type, unnest(list_distinct(source_names)) AS s, target_names FROM ({events}) t) a) b "
            "WHERE list_contains($names, s) AND list_contains($names, tg) AND s <> tg GROUP BY ALL")


def network(nodes: list[dict], pairs: list[dict], total: int) -> dict:
    """Actors (sized by events) and their edges (`edges_sql`), each edge counted per quad class."""
    edges: dict[tuple, Counter] = defaultdict(Counter)
    for r in pairs:
        edges[(r["source"], r["target"])][QUAD_OF.get(r["type"], 0)] += r["n"]
    links = []
    for (s, t), quads in sorted(edges.items()):
        quad = max(sorted(quads), key=lambda q: quads[q])
        links.append({"source": s, "target": t, "events": sum(quads.values()), "quad": quad,
                      "by_quad": {q: quads.get(q, 0) for q in QUADS}})
    return {"nodes": [{"name": n["name"], "events": n["events"], "code": n.get("code"), "kind": n.get("kind")}
                      for n in nodes], "edges": links, "actors_total": total}


def fill_gaps(starts: list[str], bucket: str, most: int = 400) -> list[str]:
    """Every bucket from the first to the last, so that time runs evenly along the axis
    (the buckets with events only, when that would be over `most`)."""
    if not starts:
        return starts
    out, day = [], date.fromisoformat(starts[0])
    last = date.fromisoformat(starts[-1])
    while day <= last:
        out.append(day.isoformat())
        if len(out) > most:
            return starts
        day = date.fromisoformat(bucket_end(day.isoformat(), bucket)) + timedelta(days=1)
    return out


def bucket_end(start: str, bucket: str) -> str:
    """The last day of the bucket that begins on `start`."""
    day = date.fromisoformat(start[:10])
    if bucket == "week":
        return (day + timedelta(days=6)).isoformat()
    if bucket == "month":
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return (following - timedelta(days=1)).isoformat()
    return day.isoformat()
