"""What the API and the pages show, read through the Corpus API.

Every list is the Corpus's own query (`Corpus.events_sql`, `quotes_sql`,
`articles_sql`: the same filters as `newswire query`) wrapped in one outer
SELECT that adds the web filters (outlet, quad, source, target), paging and the
aggregates the charts draw. The cluster tables are read only in the functions
under "clusters" below, so that a change to their columns is adapted there.

A DuckDB connection is not shared between threads: every read holds the lock."""
from __future__ import annotations

import threading

import duckdb
from collections import Counter, defaultdict
from datetime import date, timedelta

from ..corpus.store import Corpus, StoreError, open_corpus
from .filters import QUAD_OF, QUAD_TYPES, Filters

ORDER = {"events": "day, article_id, id", "quotes": "published, article_id, id", "articles": "published, id"}
BUCKETS = ("day", "week", "month")
SEP = "chr(31)"  # joins names in the index: no name holds it
EVENT_ROW = "* EXCLUDE (ord, x_outlet, x_place, x_evidence, x_title, x_src, x_tgt, x_names, x_codes)"


def event_conditions(f: Filters) -> tuple[list[str], dict]:
    """WHERE conditions on `web_events` that select what `Corpus.events_sql` selects for the
    same filters (text filters: case-insensitive substrings; tests/test_web_api.py checks
    that both give the same rows), plus the web filters outlet, quad, who, source, target."""
    where, params = [], {}
    text = {"actor": "x_names", "place": "x_place", "outlet": "x_outlet"}
    for name, column in text.items():
        if getattr(f, name):
            where.append(f"contains({column}, lower(${name}))")
            params[name] = getattr(f, name)
    if f.country:
        where.append(f"contains(x_codes, {SEP} || upper($country) || {SEP})")
        params["country"] = f.country
    if f.type:
        where.append("type = upper($type)")
        params["type"] = f.type
    if f.status:
        where.append("status = $status")
        params["status"] = f.status
    if f.since:
        where.append("day >= $since")
        params["since"] = str(f.since)[:10]
    if f.until:
        where.append("day <= $until")
        params["until"] = str(f.until)[:10]
    if f.search:
        where.append("(contains(x_evidence, lower($search)) OR contains(x_title, lower($search)))")
        params["search"] = f.search
    if f.quad:
        where.append("type IN (" + ", ".join(f"'{t}'" for t in QUAD_TYPES[int(f.quad)]) + ")")
    for name, column in (("who", "x_src || x_tgt"), ("source", "x_src"), ("target", "x_tgt")):
        if getattr(f, name):
            where.append(f"contains({column}, {SEP} || ${name} || {SEP})")
            params[name] = getattr(f, name)
    return where, params


class Reader:
    """A read-only corpus and the queries of the web layer."""

    def __init__(self, path: str):
        self.path = str(path)
        self.corpus: Corpus = open_corpus(path)
        self.lock = threading.Lock()
        self._build_event_index()

    def close(self) -> None:
        self.corpus.close()

    # ------------------------------------------------------------ plumbing
    def rows(self, sql: str, params: dict) -> list[dict]:
        with self.lock:
            return self.corpus._rows(sql, params)

    def has_table(self, name: str) -> bool:
        with self.lock:
            return self.corpus._has_table(name)

    def filtered(self, kind: str, filters: Filters) -> tuple[str, dict]:
        """(sql, params) of the `kind` rows that `filters` select, unordered."""
        if kind == "events":
            where, params = event_conditions(filters.only("events"))
            return f"SELECT {EVENT_ROW} FROM web_events" + (" WHERE " + " AND ".join(where) if where else ""), params
        given = filters.only(kind).given()
        core = {k: v for k, v in given.items() if k != "outlet"}
        with self.lock:
            sql, params = self.corpus.query_sql(kind, **core)
        outer = f"SELECT * FROM ({sql}) t"
        if given.get("outlet"):
            outer += " WHERE t.outlet ILIKE $web_outlet"
            params["web_outlet"] = f"%{given['outlet']}%"
        return outer, params

    def page(self, kind: str, filters: Filters, limit: int | None = 100, offset: int = 0) -> tuple[int, list[dict]]:
        """(total, rows) of one page of the filtered `kind` list, in the CLI's order."""
        if kind == "events":
            return self._event_page(filters, limit, offset)
        sql, params = self.filtered(kind, filters)
        total = self.rows(f"SELECT count(*) AS n FROM ({sql}) c", params)[0]["n"]
        paged = f"{sql} ORDER BY {ORDER[kind]}"
        if limit is not None:
            paged += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return total, self.rows(paged, params)

    def _event_page(self, filters: Filters, limit, offset) -> tuple[int, list[dict]]:
        # two steps on the pre-sorted index: the positions of the page (narrow), then
        # its rows by position (the table is in `ord` order, so min/max prune the scan)
        where, params = event_conditions(filters.only("events"))
        cond = " WHERE " + " AND ".join(where) if where else ""
        if limit is None:
            rows = self.rows(f"SELECT {EVENT_ROW} FROM web_events{cond} ORDER BY ord", params)
            return len(rows), rows
        keys = self.rows(f"SELECT ord, count(*) OVER () AS n FROM web_events{cond} ORDER BY ord "
                         f"LIMIT {int(limit)} OFFSET {int(offset)}", params)
        if not keys:
            return self.rows(f"SELECT count(*) AS n FROM web_events{cond}", params)[0]["n"], []
        total, ords = keys[0]["n"], [k["ord"] for k in keys]
        rows = self.rows(f"SELECT {EVENT_ROW} FROM web_events WHERE ord BETWEEN $lo AND $hi "
                         "AND list_contains($ords, ord) ORDER BY ord", {"lo": ords[0], "hi": ords[-1], "ords": ords})
        return total, rows

    def _build_event_index(self) -> None:
        """`web_events`: the Corpus's own events query, unfiltered, in its order, with
        lower-cased and joined columns that make the filters cheap scalar tests (a
        DuckDB TEMP table: in memory, allowed on a read-only database)."""
        sql, params = self.corpus.events_sql()
        sql = sql.rsplit(" ORDER BY ", 1)[0]  # the Corpus's order, given again as row_number below
        try:
            self._create_index(sql, params)
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the events of {self.path!r} (is it a newswire corpus? "
                             f"`newswire ingest` makes one): {exc}") from None

    def _create_index(self, sql: str, params: dict) -> None:
        self.corpus.con.execute(f"""
            CREATE OR REPLACE TEMP TABLE web_events AS
            SELECT row_number() OVER (ORDER BY {ORDER["events"]}) AS ord,
                   lower(outlet) AS x_outlet, lower(place) AS x_place,
                   lower(evidence) AS x_evidence, lower(title) AS x_title,
                   {SEP} || array_to_string(list_transform(source_names, lambda x: coalesce(x, '')), {SEP}) || {SEP} AS x_src,
                   {SEP} || array_to_string(list_transform(target_names, lambda x: coalesce(x, '')), {SEP}) || {SEP} AS x_tgt,
                   lower(x_src || x_tgt) AS x_names,
                   {SEP} || array_to_string(list_transform(source_actors || target_actors,
                                                           lambda a: coalesce(a.code, '')), {SEP})
                         || {SEP} || coalesce(location.country, '') || {SEP} AS x_codes,
                   t.*
            FROM ({sql}) t ORDER BY ord""", params)

    def counts(self) -> dict[str, int]:
        return {t: self.rows(f"SELECT count(*) AS n FROM {t}", {})[0]["n"]
                for t in ("articles", "events", "quotes", "actors")}

    def article(self, article_id: str) -> dict | None:
        with self.lock:
            return self.corpus.article(article_id)

    # ------------------------------------------------------------ aggregates
    def timeline(self, filters: Filters, bucket: str = "month", count: str = "events") -> dict:
        """Events (or event clusters) per bucket and quad class; undated events counted apart."""
        if bucket not in BUCKETS:
            raise StoreError(f"unknown bucket {bucket!r}; one of {', '.join(BUCKETS)}")
        sql, params = self.filtered("events", filters)
        if count == "clusters":
            members, cparams = event_cluster_members_sql(self)
            unit = "coalesce(CAST(m.cluster_id AS VARCHAR), t.article_id || '/' || t.id)"
            sql = f"SELECT t.*, {unit} AS unit FROM ({sql}) t LEFT JOIN ({members}) m " \
                  "ON m.article_id = t.article_id AND m.event_id = t.id"
            params = {**params, **cparams}
        else:
            sql = f"SELECT t.*, t.article_id || '/' || t.id AS unit FROM ({sql}) t"
        rows = self.rows(f"SELECT CAST(CAST(date_trunc('{bucket}', TRY_CAST(day AS DATE)) AS DATE) AS VARCHAR) AS b, type, "
                         f"count(DISTINCT unit) AS n FROM ({sql}) u GROUP BY ALL ORDER BY b", params)
        buckets: dict[str, Counter] = defaultdict(Counter)
        undated = 0
        for r in rows:
            if r["b"] is None:
                undated += r["n"]
            else:
                buckets[r["b"]][QUAD_OF.get(r["type"], 0)] += r["n"]
        out = []
        for start in fill_gaps(sorted(buckets), bucket):
            by_quad = {q: buckets[start].get(q, 0) for q in (1, 2, 3, 4)}
            out.append({"start": start, "end": bucket_end(start, bucket), "total": sum(by_quad.values()),
                        "by_quad": by_quad})
        return {"bucket": bucket, "count": count, "buckets": out, "undated": undated}

    def top_actors(self, filters: Filters, limit: int | None = 20, offset: int = 0) -> tuple[int, list[dict]]:
        """Actors of the filtered events (by name, either side), most events first."""
        sql, params = self.filtered("events", filters)
        grouped = ("SELECT name, count(*) AS events, count(DISTINCT article_id) AS articles FROM ("
                   "SELECT article_id, unnest(list_distinct(source_names || target_names)) AS name "
                   f"FROM ({sql}) t) u WHERE name IS NOT NULL GROUP BY name")
        total, rows = self._paged(grouped, params, "events DESC, name", limit, offset)
        if rows:  # code and kind: the most common in the actors table, for this page's names only
            kinds = {r["name"]: r for r in self.rows(
                "SELECT name, mode(code) AS code, mode(kind) AS kind FROM actors "
                "WHERE list_contains($names, name) GROUP BY name", {"names": [r["name"] for r in rows]})}
            rows = [{"name": r["name"], "code": kinds.get(r["name"], {}).get("code"),
                     "kind": kinds.get(r["name"], {}).get("kind"), "events": r["events"],
                     "articles": r["articles"]} for r in rows]
        return total, rows

    def top_outlets(self, filters: Filters, limit: int | None = 20, offset: int = 0) -> tuple[int, list[dict]]:
        sql, params = self.filtered("events", filters)
        grouped = (f"SELECT outlet, count(*) AS events, count(DISTINCT article_id) AS articles "
                   f"FROM ({sql}) t WHERE outlet IS NOT NULL GROUP BY outlet")
        return self._paged(grouped, params, "events DESC, outlet", limit, offset)

    def places(self, filters: Filters, limit: int | None = 500, offset: int = 0) -> tuple[int, list[dict]]:
        """Event places with coordinates, with their events per quad class."""
        sql, params = self.filtered("events", filters)
        quads = ", ".join(f"count(*) FILTER (WHERE type IN ({', '.join(repr(t) for t in QUAD_TYPES[q])})) AS q{q}"
                          for q in (1, 2, 3, 4))
        grouped = (f"SELECT location.name AS name, any_value(location.country) AS country, "
                   f"avg(location.lat) AS lat, avg(location.lon) AS lon, count(*) AS events, {quads} "
                   f"FROM ({sql}) t WHERE location.name IS NOT NULL AND location.lat IS NOT NULL "
                   "AND location.lon IS NOT NULL GROUP BY location.name")
        return self._paged(grouped, params, "events DESC, name", limit, offset)

    def network(self, filters: Filters, max_nodes: int = 40) -> dict:
        """Actors (sized by events) and source→target edges (counted per quad class)."""
        sql, params = self.filtered("events", filters)
        total, nodes = self.top_actors(filters, max_nodes)
        names = [n["name"] for n in nodes]
        pairs = self.rows(
            "SELECT s AS source, tg AS target, type, count(*) AS n FROM ("
            "  SELECT type, s, unnest(list_distinct(target_names)) AS tg FROM ("
            f"   SELECT type, unnest(list_distinct(source_names)) AS s, target_names FROM ({sql}) t) a) b "
            "WHERE list_contains($names, s) AND list_contains($names, tg) AND s <> tg GROUP BY ALL",
            {**params, "names": names})
        edges: dict[tuple, Counter] = defaultdict(Counter)
        for r in pairs:
            edges[(r["source"], r["target"])][QUAD_OF.get(r["type"], 0)] += r["n"]
        links = []
        for (s, t), quads in sorted(edges.items()):
            quad = max(sorted(quads), key=lambda q: quads[q])
            links.append({"source": s, "target": t, "events": sum(quads.values()), "quad": quad,
                          "by_quad": {q: quads.get(q, 0) for q in (1, 2, 3, 4)}})
        return {"nodes": [{"name": n["name"], "events": n["events"]} for n in nodes], "edges": links,
                "actors_total": total}

    def _paged(self, grouped: str, params: dict, order: str, limit, offset) -> tuple[int, list[dict]]:
        total = self.rows(f"SELECT count(*) AS n FROM ({grouped}) g", params)[0]["n"]
        sql = f"SELECT * FROM ({grouped}) g ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return total, self.rows(sql, params)


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


# ---------------------------------------------------------------- clusters
# The only functions that know the columns of quote_clusters / event_clusters
# (newswire.corpus.link): members are read from `variants` and `events`.

def event_cluster_members_sql(reader: Reader) -> tuple[str, dict]:
    """(sql, params) giving (cluster_id, article_id, event_id) rows; none when not computed."""
    if not reader.has_table("event_clusters"):
        return ("SELECT NULL::INTEGER AS cluster_id, NULL::VARCHAR AS article_id, "
                "NULL::VARCHAR AS event_id WHERE false"), {}
    return ("SELECT cluster_id, m.article_id AS article_id, m.event_id AS event_id "
            "FROM (SELECT cluster_id, unnest(events) AS m FROM event_clusters)"), {}


def quote_cluster_members_sql(reader: Reader) -> tuple[str, dict]:
    if not reader.has_table("quote_clusters"):
        return ("SELECT NULL::INTEGER AS cluster_id, NULL::VARCHAR AS article_id, "
                "NULL::VARCHAR AS quote_id WHERE false"), {}
    return ("SELECT cluster_id, m.article_id AS article_id, m.quote_id AS quote_id "
            "FROM (SELECT cluster_id, unnest(variants) AS m FROM quote_clusters)"), {}


def event_clusters(reader: Reader, filters: Filters, limit: int | None = 100, offset: int = 0):
    """Event clusters with at least one event that `filters` select, most sources first."""
    if not reader.has_table("event_clusters"):
        return 0, []
    return _clusters(reader, "event_clusters", "events", "event_id", event_cluster_members_sql(reader),
                     filters, "n_sources DESC, n_articles DESC, cluster_id", limit, offset)


def quote_clusters(reader: Reader, filters: Filters, limit: int | None = 100, offset: int = 0):
    """Quote clusters (one quote carried by several articles) with a variant that `filters` select."""
    if not reader.has_table("quote_clusters"):
        return 0, []
    return _clusters(reader, "quote_clusters", "quotes", "quote_id", quote_cluster_members_sql(reader),
                     filters, "n_outlets DESC, n_articles DESC, cluster_id", limit, offset)


def quote_cluster(reader: Reader, cluster_id: int) -> dict | None:
    """One quote cluster, its variants earliest first."""
    if not reader.has_table("quote_clusters"):
        return None
    rows = reader.rows("SELECT * FROM quote_clusters WHERE cluster_id = $id", {"id": cluster_id})
    if not rows:
        return None
    cluster = rows[0]
    cluster["variants"] = sorted(cluster.get("variants") or [],
                                 key=lambda v: (v.get("published") or "9999", v.get("article_id") or ""))
    return cluster


def event_cluster_of(reader: Reader) -> dict[tuple[str, str], int]:
    members, params = event_cluster_members_sql(reader)
    return {(r["article_id"], r["event_id"]): r["cluster_id"] for r in reader.rows(members, params)}


def _clusters(reader, table, kind, member_key, members, filters, order, limit, offset):
    selected = filters.only(kind)
    if not selected.given():
        grouped, params = f"SELECT * FROM {table}", {}
    else:
        sql, params = reader.filtered(kind, selected)
        msql, mparams = members
        grouped = (f"SELECT * FROM {table} WHERE cluster_id IN (SELECT m.cluster_id FROM ({msql}) m "
                   f"JOIN ({sql}) f ON f.article_id = m.article_id AND f.id = m.{member_key})")
        params = {**params, **mparams}
    return reader._paged(grouped, params, order, limit, offset)
