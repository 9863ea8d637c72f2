"""Stage: query. The `Corpus`: read-only lists, pages and aggregates over a corpus
database, each filtered by the filters of `newswire query` and of the web.

Every list is one SQL query built here from its filters (`FILTERS` says which
filters each list takes), so that the CLI's rows, the pages of the web and its
charts, and files and DataFrames (`relation`, `df`) select the same rows.
`index_events()` keeps the events in memory with the lower-cased columns that
the event filters test, for a caller that filters them many times (the web).

    >>> corpus = open_corpus("news.duckdb")
    >>> corpus.events(actor="Putin", type="CONSULT", since="2022-05-01")
    >>> total, rows = corpus.page("events", limit=100, offset=200, quad=4)
    >>> corpus.timeline("week", actor="Putin")
"""
from __future__ import annotations

import threading
from datetime import date as day
from pathlib import Path

import duckdb

from ..errors import BadDate, StoreError
from ..model import SCHEMA
from ..plover import QUAD_TYPES
from . import aggregate
from .aggregate import BUCKETS
from .names import NameIndex, is_coded
from .plover import plover_events
from .store import CHILD_TABLES, LINK_TABLES, Connection, check_newswire, connect, ensure_parent
from .vocab import country_problem, type_problem

__all__ = ["Corpus", "open_corpus", "QUERY_KINDS", "FILTERS", "iso_day", "contains_pattern", "event_conditions"]

# an article's language (ISO 639-1); NULL in a record written before records named it, all English then
LANGUAGE = "coalesce(a.language, 'en')"
OUTLET = r"coalesce(a.source, nullif(regexp_extract(a.url, '^[a-z]+://(?:www\.)?([^/:?#]+)', 1), ''))"
QUERY_KINDS = ("events", "quotes", "articles", "errors", "article_links", "article_clusters", "quote_clusters",
               "event_clusters")
# Which filters each list takes: those of `newswire query` (actor … search), then outlet and
# those that the web's charts need so that every mark links to the list it counts: quad
# (PLOVER quad class), who (an actor's exact name, either side), source and target (that side),
# place_id (a place exactly: its GeoNames id, else "name|ISO3", as `aggregate.PLACE_KEY`); and
# confidence (events at least this confident) and attributed (quotes with a speaker found: yes,
# no or any), with which the pages hide what the extractor is least sure of.
FILTERS: dict[str, tuple[str, ...]] = {
    "events": ("actor", "country", "type", "status", "since", "until", "place", "search",
               "outlet", "quad", "who", "source", "target", "place_id", "confidence", "language"),
    "quotes": ("speaker", "words", "since", "until", "search", "outlet", "attributed", "language"),
    "articles": ("search", "since", "until", "outlet", "language"),
    "errors": (), "article_links": (), "article_clusters": ("search",),
    "quote_clusters": ("search", "speaker"), "event_clusters": (),
}

EVENT_LIST = ("SELECT e.article_id, e.id, e.type, e.mode, e.status, "
              "coalesce(e.date.start, left(a.published, 10)) AS day, e.date, "
              "list_transform(e.source_actors, lambda x: x.name) AS source_names, "
              "list_transform(e.target_actors, lambda x: x.name) AS target_names, "
              "e.location.name AS place, e.evidence.text AS evidence, e.quote, e.confidence, "
              f"{OUTLET} AS outlet, a.url, a.title, e.context, e.source, e.target, e.location, "
              f"e.source_actors, e.target_actors, {LANGUAGE} AS language "
              "FROM events e JOIN articles a ON a.id = e.article_id")
EVENT_ORDER = "day, article_id, id"
SEP = "chr(31)"  # joins names in the keys: no name holds it
# lower-cased and joined columns of each event, that make every event filter a scalar test
EVENT_KEYS = {
    "x_outlet": "lower(outlet)", "x_place": "lower(place)", "x_place_id": aggregate.PLACE_KEY,
    "x_evidence": "lower(evidence)", "x_title": "lower(title)",
    "x_src": f"{SEP} || array_to_string(list_transform(source_names, lambda x: coalesce(x, '')), {SEP}) || {SEP}",
    "x_tgt": f"{SEP} || array_to_string(list_transform(target_names, lambda x: coalesce(x, '')), {SEP}) || {SEP}",
    "x_names": "lower(x_src || x_tgt)",
    "x_codes": (f"{SEP} || array_to_string(list_transform(source_actors || target_actors, "
                f"lambda a: coalesce(a.code, '')), {SEP}) || {SEP} || coalesce(location.country, '') || {SEP}"),
}
EVENT_KEYED = f"SELECT {', '.join(f'{sql} AS {name}' for name, sql in EVENT_KEYS.items())}, t.* FROM ({EVENT_LIST}) t"
INDEX = "event_index"  # the TEMP table of `index_events`: EVENT_KEYED in order, numbered by `ord`
QUOTE_LIST = ("SELECT q.article_id, q.id, q.speaker_name, q.text, q.kind, q.cue, "
              f"left(a.published, 10) AS published, {OUTLET} AS outlet, a.url, a.title, q.speaker, q.spans, "
              f"{LANGUAGE} AS language "
              "FROM quotes q JOIN articles a ON a.id = q.article_id")
ARTICLE_LIST = (f"SELECT a.id, a.title, {OUTLET} AS outlet, left(a.published, 10) AS published, a.url, "
                "(SELECT count(*) FROM actors x WHERE x.article_id = a.id) AS actors, "
                "(SELECT count(*) FROM quotes x WHERE x.article_id = a.id) AS quotes, "
                "(SELECT count(*) FROM events x WHERE x.article_id = a.id) AS events, "
                f"a.warnings, a.content_hash, a.path, {LANGUAGE} AS language FROM articles a")
# a cluster table: (the list of its members, a member's id, the column that lists them, the order of a page)
CLUSTERS = {"event_clusters": ("events", "event_id", "events", "n_sources DESC, n_articles DESC, cluster_id"),
            "quote_clusters": ("quotes", "quote_id", "variants", "n_outlets DESC, n_articles DESC, cluster_id")}


def open_corpus(path: str | Path) -> "Corpus":
    """Open a corpus database for reading (several readers may share it)."""
    if not Path(path).exists():
        raise StoreError(f"no database at {str(path)!r}: create it with `newswire ingest PATH --db {path}`")
    return Corpus(path)


class Corpus(Connection):
    """Read-only queries over an ingested corpus; every list is a list of dicts. One Corpus
    may be shared by threads: its queries take turns on the one connection."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.con = connect(self.path, read_only=True)
        self._lock = threading.RLock()
        self._indexed = False
        self._names: dict[str, NameIndex] = {}
        self._codes: frozenset[str] | None = None
        try:
            check_newswire(self.con, self.path)
        except StoreError:
            self.con.close()
            raise

    # ------------------------------------------------------------ lists
    # each *_sql method gives (sql, params) so that lists, DataFrames and files share one query
    def events_sql(self, actor=None, country=None, type=None, since=None, until=None, place=None, status=None,
                   search=None, outlet=None, quad=None, who=None, source=None, target=None, language=None):
        return self._ordered("events", dict(actor=actor, country=country, type=type, since=since, until=until,
                                            place=place, status=status, search=search, outlet=outlet, quad=quad,
                                            who=who, source=source, target=target, language=language))

    def quotes_sql(self, speaker=None, words=None, since=None, until=None, search=None, outlet=None, language=None):
        return self._ordered("quotes", dict(speaker=speaker, words=words, since=since, until=until, search=search,
                                            outlet=outlet, language=language))

    def articles_sql(self, search=None, since=None, until=None, outlet=None, language=None):
        return self._ordered("articles", dict(search=search, since=since, until=until, outlet=outlet,
                                              language=language))

    def errors_sql(self):
        return "SELECT id, kind, message, path, failed_at FROM errors ORDER BY id", {}

    def clusters_sql(self, kind: str, cluster_id=None, speaker=None, search=None):
        if kind not in LINK_TABLES:
            raise StoreError(f"unknown cluster table {kind!r}")
        if not self.has_table(kind):
            raise StoreError(f"{kind} has not been computed: run `newswire ingest` again")
        where, params = [], {}
        if cluster_id is not None:
            where.append("cluster_id = $cluster_id")
            params["cluster_id"] = int(cluster_id)
        if speaker and kind == "quote_clusters":
            names = speaker if isinstance(speaker, list) else self._matching("speakers", speaker)
            where.append("list_has_any(speakers, $speaker)" if names else "false")
            if names:
                params["speaker"] = names
        if search:
            column = {"article_clusters": "title", "quote_clusters": "text"}.get(kind)
            if column:
                where.append(f"{column} ILIKE $search")
                params["search"] = f"%{search}%"
        order = "cluster_id, article_id" if kind == "article_links" else "cluster_id"
        return _where(f"SELECT * FROM {kind}", where) + f" ORDER BY {order}", params

    def query_sql(self, kind: str, **filters):
        if kind not in QUERY_KINDS:
            raise StoreError(f"unknown query {kind!r}; one of: {', '.join(QUERY_KINDS)}")
        if kind in LINK_TABLES:
            return self.clusters_sql(kind, **{k: v for k, v in filters.items()
                                              if v is not None and k in ("cluster_id", "speaker", "search")})
        method = getattr(self, f"{kind}_sql")
        return method(**{k: v for k, v in filters.items() if v is not None})

    def query(self, kind: str, **filters) -> list[dict]:
        return self._rows(*self.query_sql(kind, **filters))

    def query_page(self, kind: str, limit: int | None = None, offset: int = 0, **filters) -> tuple[int, list[dict]]:
        """(total, rows) of any `query` list (None: every row from `offset` on), in its order."""
        if kind in ("events", "quotes", "articles"):
            return self.page(kind, limit, offset, **filters)
        sql, params = self.query_sql(kind, **filters)
        total = self._rows(f"SELECT count(*) AS n FROM ({sql}) c", params)[0]["n"]
        paged = sql + (f" LIMIT {int(limit)}" if limit is not None else "") + (f" OFFSET {int(offset)}" if offset else "")
        return total, self._rows(paged, params)

    def events(self, actor=None, country=None, type=None, since=None, until=None, place=None, **more):
        return self._rows(*self.events_sql(actor, country, type, since, until, place, **more))

    def quotes(self, speaker=None, words=None, **more):
        return self._rows(*self.quotes_sql(speaker, words, **more))

    def articles(self, **filters):
        return self._rows(*self.articles_sql(**filters))

    def search(self, text: str):
        """Articles whose title or text contains every word of `text` (case-insensitive)."""
        return self._rows(*self.articles_sql(search=text))

    def errors(self):
        return self._rows(*self.errors_sql())

    def article_languages(self) -> dict[str, str]:
        """Each article's language (ISO 639-1; a record written before records named it: English)."""
        return {r["id"]: r["language"] for r in self._rows(f"SELECT a.id, {LANGUAGE} AS language FROM articles a", {})}

    def article(self, article_id: str) -> dict | None:
        """One article back in the contract's record shape."""
        row = self._rows("SELECT id, url, source, title, published, text, warnings, language, model FROM articles "
                         "WHERE id = $id", {"id": article_id})
        if not row:
            return None
        record = {"schema": SCHEMA, **row[0]}
        for table, columns in CHILD_TABLES.items():
            keep = [c for c in columns if c not in ("seq", "source_actors", "target_actors")]
            order = "seq" if table == "removed" else "rowid"
            record[table] = self._rows(f"SELECT {', '.join(repr_col(c) for c in keep)} FROM {table} "
                                       f"WHERE article_id = $id ORDER BY {order}", {"id": article_id})
        record["warnings"] = record.pop("warnings") or []
        language, model = record.pop("language"), record.pop("model")
        if language:  # the record as it was written: one from before records named them names neither
            record["language"], record["model"] = language, model
        return record

    def relation(self, kind: str, **filters):
        """The query as a DuckDB relation (`.write_parquet`, `.write_csv`, `.df()`)."""
        sql, params = self.query_sql(kind, **filters)
        return self.con.sql(sql, params=params)

    def df(self, kind: str = "events", **filters):
        """The query as a pandas DataFrame (needs pandas)."""
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise StoreError("DataFrame output needs pandas: pip install pandas") from None
        return self.relation(kind, **filters).df()

    # ------------------------------------------------------------ pages
    def index_events(self) -> None:
        """Keep the events in memory, in their order, with the lower-cased and joined columns
        that the event filters test (a TEMP table, allowed on a read-only database): for a
        caller that filters them many times, as the web does. The rows stay the same."""
        try:
            with self._lock:
                self.con.execute(f"CREATE OR REPLACE TEMP TABLE {INDEX} AS SELECT row_number() OVER "
                                 f"(ORDER BY {EVENT_ORDER}) AS ord, k.* FROM ({EVENT_KEYED}) k ORDER BY ord")
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the events of {self.path!r} (is it a newswire corpus? "
                             f"`newswire ingest` makes one): {exc}") from None
        self._indexed = True

    def page(self, kind: str, limit: int | None = None, offset: int = 0, **filters) -> tuple[int, list[dict]]:
        """(total, rows): how many `kind` rows (events, quotes, articles) `filters` select, and
        `limit` of them (None: all) from `offset` on, in the order of the list."""
        if kind == "events" and self._indexed and limit is not None:
            return self._event_page(filters, limit, offset)
        sql, params, order = self._select(kind, filters)
        return self._paged(sql, params, order, limit, offset)

    def counts(self) -> dict[str, int]:
        """How many articles, events, quotes and actors the corpus holds."""
        return {t: self._rows(f"SELECT count(*) AS n FROM {t}", {})[0]["n"]
                for t in ("articles", "events", "quotes", "actors")}

    def has_table(self, name: str) -> bool:
        """Whether the corpus has table `name` (the link tables: once computed)."""
        return bool(self._rows("SELECT 1 AS x FROM duckdb_tables() WHERE table_name = $name", {"name": name}))

    def tables(self) -> list[str]:
        return [r["table_name"] for r in self._rows(
            "SELECT table_name FROM duckdb_tables() ORDER BY table_name", {})]

    # ------------------------------------------------------------ clusters
    def article_clusters(self, **filters) -> list[dict]:
        """Stories carried by several articles: the original, then its copies (`articles`)."""
        return self._rows(*self.clusters_sql("article_clusters", **filters))

    def quote_clusters(self, speaker=None, **filters) -> list[dict]:
        """Quotes carried by several articles, each with its variants (`variants`: diff, fragment)."""
        return self._rows(*self.clusters_sql("quote_clusters", speaker=speaker, **filters))

    def event_clusters(self, **filters) -> list[dict]:
        """Occurred events, one row per real-world event, with its independent sources."""
        return self._rows(*self.clusters_sql("event_clusters", **filters))

    def republications(self, article_id: str | None = None) -> list[dict]:
        """What each article republishes (`republishes`, `kind`, `score`); one article's with `article_id`."""
        sql, params = self.clusters_sql("article_links")
        if article_id is not None:
            sql, params = ("SELECT * FROM article_links WHERE article_id = $id OR republishes = $id "
                           "ORDER BY cluster_id, article_id", {"id": article_id})
        return self._rows(sql, params)

    def quote_variants(self, cluster_id: int) -> list[dict]:
        """The variants of one quote cluster, the representative first, each with its word diff."""
        rows = self.quote_clusters(cluster_id=cluster_id)
        return list(rows[0]["variants"]) if rows else []

    def quote_cluster(self, cluster_id: int) -> dict | None:
        """One quote cluster with its variants earliest first; None when there is none."""
        rows = self.quote_clusters(cluster_id=cluster_id) if self.has_table("quote_clusters") else []
        if not rows:
            return None
        cluster = rows[0]
        cluster["variants"] = sorted(cluster.get("variants") or [],
                                     key=lambda v: (v.get("published") or "9999", v.get("article_id") or ""))
        return cluster

    def cluster_page(self, table: str, limit: int | None = None, offset: int = 0,
                     **filters) -> tuple[int, list[dict]]:
        """(total, rows) of the `table` clusters (event_clusters, quote_clusters) with a member
        that `filters` (those of the members' list) select; most sources, then articles, first."""
        if table not in CLUSTERS:
            raise StoreError(f"unknown cluster table {table!r}; one of: {', '.join(CLUSTERS)}")
        kind, key, _, order = CLUSTERS[table]
        if not self.has_table(table):
            return 0, []
        given = self._given(kind, filters)
        sql, params = f"SELECT * FROM {table}", {}
        if given:
            listed, params, _ = self._select(kind, given)
            sql += (f" WHERE cluster_id IN (SELECT m.cluster_id FROM ({self._members_sql(table)}) m "
                    f"JOIN ({listed}) f ON f.article_id = m.article_id AND f.id = m.{key})")
        return self._paged(sql, params, order, limit, offset)

    def event_cluster_ids(self) -> dict[tuple[str, str], int]:
        """(article_id, event id) → its event cluster, for every event in one."""
        return {(r["article_id"], r["event_id"]): r["cluster_id"]
                for r in self._rows(self._members_sql("event_clusters"), {})}

    # ------------------------------------------------------------ aggregates
    def timeline(self, bucket: str = "month", count: str = "events", **filters) -> dict:
        """Events (count="clusters": event clusters) per day, week or month and quad class, every
        bucket from the first to the last; undated events counted apart (`undated`)."""
        if bucket not in BUCKETS:
            raise StoreError(f"unknown bucket {bucket!r}; one of {', '.join(BUCKETS)}")
        sql, params, _ = self._select("events", filters)
        members = self._members_sql("event_clusters") if count == "clusters" else None
        return aggregate.timeline(self._rows(aggregate.timeline_sql(sql, bucket, members), params), bucket, count)

    def dense_range(self, share: float = 0.9, **filters) -> dict | None:
        """Where the filtered events are dense: {since, until, events, dated, first, last}, the
        shortest run of days holding `share` of the dated events (`aggregate.dense_range`), and
        the first and last day of them all; None when no event is dated."""
        sql, params, _ = self._select("events", filters)
        days = [(r["d"], r["n"]) for r in self._rows(aggregate.days_sql(sql), params)]
        found = aggregate.dense_range(days, share)
        if found is None:
            return None
        since, until = found
        return {"since": since, "until": until, "events": sum(n for d, n in days if since <= d <= until),
                "dated": sum(n for _, n in days), "first": days[0][0], "last": days[-1][0]}

    def top_actors(self, limit: int | None = 20, offset: int = 0, q: str | None = None,
                   **filters) -> tuple[int, list[dict]]:
        """(total, rows): the actors of the filtered events (by name, either side), most events
        first; `q`: only the names it means (as the actor filter matches them: a search box)."""
        sql, params, _ = self._select("events", filters)
        names = self._matching("actors", q) if q else None
        if names is not None:
            params = {**params, "q_names": names}
        total, rows = self._grouped(aggregate.actors_sql(sql, names is not None), params, limit, offset)
        if rows:
            rows = aggregate.actor_rows(rows, self._rows(aggregate.ACTOR_KINDS, {"names": [r["name"] for r in rows]}))
        return total, rows

    def top_outlets(self, limit: int | None = 20, offset: int = 0, **filters) -> tuple[int, list[dict]]:
        """(total, rows): the outlets of the filtered events, most events first."""
        sql, params, _ = self._select("events", filters)
        return self._grouped(aggregate.outlets_sql(sql), params, limit, offset)

    def places(self, limit: int | None = 500, offset: int = 0, located: bool = True,
               **filters) -> tuple[int, list[dict]]:
        """(total, rows): the places of the filtered events, one per GeoNames id (else name and
        country), with events per quad class; `located`: those with coordinates (else those
        without). Each row's `place_id` is the filter that lists exactly its events."""
        sql, params, _ = self._select("events", filters)
        return self._grouped(aggregate.places_sql(sql, located), params, limit, offset)

    def network(self, max_nodes: int = 40, actors: str = "all", **filters) -> dict:
        """The `max_nodes` actors with most events (nodes) and their source → target edges,
        counted per quad class. `actors="coded"`: only coded actors (a code, and a name that
        names: `names.is_coded`), leaving out descriptions such as "people" or "government".
        `candidates`: how many actors of that kind the events have, drawn or not."""
        if actors not in ("all", "coded"):
            raise StoreError(f"actors {actors!r}: all or coded")
        sql, params, _ = self._select("events", filters)
        total, ranked = self.top_actors(None if actors == "coded" else max_nodes, 0, **filters)
        if actors == "coded":
            ranked = [r for r in ranked if is_coded(r["name"], r["code"])]
        candidates = len(ranked) if actors == "coded" else total
        nodes = ranked[:max_nodes]
        pairs = self._rows(aggregate.edges_sql(sql), {**params, "names": [n["name"] for n in nodes]})
        net = aggregate.network(nodes, pairs, total)
        net["candidates"] = candidates
        return net

    # ------------------------------------------------------------ exports
    def export(self, table: str, path: str | Path, format: str = "parquet") -> Path:
        """Write a whole table to a file with DuckDB COPY (`parquet`, `csv` or `jsonl`)."""
        if table not in self.tables():
            raise StoreError(f"no table {table!r}; one of: {', '.join(self.tables())}")
        options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER", "jsonl": "FORMAT json"}
        if format not in options:
            raise StoreError(f"cannot export a table as {format!r}; use parquet, csv or jsonl")
        target = str(path).replace("'", "''")
        select = f"SELECT * FROM {table} ORDER BY ALL"
        if format == "csv":  # lists and structs as JSON cells, as every CSV of newswire writes them
            select = f"SELECT {self._json_cells(table)} FROM {table} ORDER BY ALL"
        try:
            ensure_parent(path)
            with self._lock:
                self.con.execute(f"COPY ({select}) TO '{target}' ({options[format]})")
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot write {str(path)!r}: {exc}") from None
        return Path(path)

    def _json_cells(self, table: str) -> str:
        """The columns of `table`, each list, struct or map as its JSON text (compact, as
        `rows.cell` writes it), the others as they are."""
        columns = self._rows(f"SELECT column_name AS name, column_type AS type FROM (DESCRIBE {table})", {})
        nested = ("[]", "STRUCT(", "MAP(", "[")
        return ", ".join(f'to_json("{c["name"]}")::VARCHAR AS "{c["name"]}"'
                         if any(mark in c["type"] for mark in nested) else f'"{c["name"]}"' for c in columns)

    def plover(self, **filters):
        """Occurred events as PLOVER JSON records (`newswire.corpus.plover`)."""
        return plover_events(self, **filters)

    # ------------------------------------------------------------ plumbing
    def filter_problems(self, kind: str, filters: dict) -> list[str]:
        """Why the filters cannot select `kind` rows: one it does not take, an unknown
        country or type code (with what was probably meant)."""
        given = {k: v for k, v in filters.items() if v is not None and v != ""}
        wrong = sorted(set(given) - set(FILTERS.get(kind, ())))
        if wrong:
            return [f"{kind} cannot be filtered by {', '.join(wrong)}; use {', '.join(FILTERS[kind])}"]
        problems = []
        if isinstance(given.get("country"), str):
            problems.append(country_problem(given["country"], self.known_codes()))
        if isinstance(given.get("type"), str):
            problems.append(type_problem(given["type"]))
        return [p for p in problems if p]

    def known_codes(self) -> frozenset[str]:
        """The actor and place country codes the corpus holds (a filter takes these as well)."""
        if self._codes is None:
            rows = self._rows("SELECT DISTINCT code FROM actors WHERE code IS NOT NULL UNION "
                              "SELECT DISTINCT location.country FROM events WHERE location.country IS NOT NULL", {})
            self._codes = frozenset(str(r["code"]).upper() for r in rows)
        return self._codes

    def matching_names(self, role: str, query: str) -> list[str]:
        """The names of the corpus that an `actor` (role "actors") or `speaker` ("speakers")
        filter `query` means: the same identity, a spelling variant, or a folded match
        (newswire.corpus.names)."""
        return self._matching(role, query)

    def _matching(self, role: str, query: str) -> list[str]:
        if role not in self._names:
            sql = {"actors": "SELECT DISTINCT unnest(list_concat(list_transform(source_actors, lambda x: x.name), "
                             "list_transform(target_actors, lambda x: x.name))) AS n FROM events",
                   "speakers": "SELECT DISTINCT speaker_name AS n FROM quotes"}[role]
            self._names[role] = NameIndex(r["n"] for r in self._rows(sql, {}))
        return self._names[role].matching(query)

    def _given(self, kind: str, filters: dict) -> dict:
        """The filters given (not None or empty), refused when `kind` does not take one or a
        code is unknown; an actor or speaker filter becomes the corpus's names it means."""
        problems = self.filter_problems(kind, filters)
        if problems:
            raise StoreError("; ".join(problems))
        given = {k: v for k, v in filters.items() if v is not None and v != ""}
        for name, role in (("actor", "actors"), ("speaker", "speakers")):
            if isinstance(given.get(name), str):
                given[name] = self._matching(role, given[name])
        return given

    def _select(self, kind: str, filters: dict) -> tuple[str, dict, str]:
        """(sql, params, order): the `kind` rows that `filters` select, and the order of the list."""
        if kind not in ("events", "quotes", "articles"):
            raise StoreError(f"no filtered list of {kind!r}; one of events, quotes, articles")
        given = self._given(kind, filters)
        if kind == "events":
            where, params = event_conditions(given)
            keys = ", ".join(EVENT_KEYS)
            if self._indexed:
                return _where(f"SELECT * EXCLUDE (ord, {keys}) FROM {INDEX}", where), params, "ord"
            return _where(f"SELECT * EXCLUDE ({keys}) FROM ({EVENT_KEYED}) k", where), params, EVENT_ORDER
        if kind == "quotes":
            where, params = quote_conditions(given)
            return _where(QUOTE_LIST, where), params, "published, q.article_id, q.id"
        where, params = article_conditions(given)
        sql = ARTICLE_LIST
        if self.has_table("article_links"):  # what the article republishes, when it is a copy
            sql = sql.replace(", a.warnings,", ", l.republishes, l.kind AS copy_kind, l.score AS copy_score, a.warnings,")
            sql += " LEFT JOIN article_links l ON l.article_id = a.id"
        return _where(sql, where), params, "published, a.id"

    def _ordered(self, kind: str, filters: dict) -> tuple[str, dict]:
        sql, params, order = self._select(kind, filters)
        return f"{sql} ORDER BY {order}", params

    def _event_page(self, filters: dict, limit: int, offset: int) -> tuple[int, list[dict]]:
        # two steps on the ordered index: the positions of the page (narrow), then its rows
        # by position (the table is in `ord` order, so min/max prune the scan)
        where, params = event_conditions(self._given("events", filters))
        cond = _where("", where)
        keys = self._rows(f"SELECT ord, count(*) OVER () AS n FROM {INDEX}{cond} ORDER BY ord "
                          f"LIMIT {int(limit)} OFFSET {int(offset)}", params)
        if not keys:
            return self._rows(f"SELECT count(*) AS n FROM {INDEX}{cond}", params)[0]["n"], []
        total, ords = keys[0]["n"], [k["ord"] for k in keys]
        rows = self._rows(f"SELECT * EXCLUDE (ord, {', '.join(EVENT_KEYS)}) FROM {INDEX} WHERE ord BETWEEN $lo AND $hi "
                          "AND list_contains($ords, ord) ORDER BY ord", {"lo": ords[0], "hi": ords[-1], "ords": ords})
        return total, rows

    def _paged(self, sql: str, params: dict, order: str, limit, offset) -> tuple[int, list[dict]]:
        total = self._rows(f"SELECT count(*) AS n FROM ({sql}) c", params)[0]["n"]
        paged = f"{sql} ORDER BY {order}"
        if limit is not None:
            paged += f" LIMIT {int(limit)}"
        if offset:
            paged += f" OFFSET {int(offset)}"
        return total, self._rows(paged, params)

    def _grouped(self, grouped: tuple[str, str], params: dict, limit, offset) -> tuple[int, list[dict]]:
        sql, order = grouped
        return self._paged(f"SELECT * FROM ({sql}) g", params, order, limit, offset)

    def _members_sql(self, table: str) -> str:
        """(cluster_id, article_id, <member id>) rows of a cluster table; none when it is not computed.
        The only reader of the members' columns (`events`, `variants`) of newswire.corpus.link."""
        _, key, column, _ = CLUSTERS[table]
        if not self.has_table(table):
            return (f"SELECT NULL::INTEGER AS cluster_id, NULL::VARCHAR AS article_id, NULL::VARCHAR AS {key} "
                    "WHERE false")
        return (f"SELECT cluster_id, m.article_id AS article_id, m.{key} AS {key} "
                f"FROM (SELECT cluster_id, unnest({column}) AS m FROM {table})")

    def _rows(self, sql: str, params) -> list[dict]:
        with self._lock:
            try:
                cursor = self.con.execute(sql, params)
            except duckdb.Error as exc:
                raise StoreError(f"query failed on {self.path!r}: {exc}") from None
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]


# ---------------------------------------------------------------- filters

def event_conditions(f: dict) -> tuple[list[str], dict]:
    """WHERE conditions on the keyed events (`EVENT_KEYED`, the index) for the event filters `f`:
    text filters are case-insensitive substrings; `actor` the list of names it means
    (`Corpus.matching_names`; a string: a substring); who, source and target an actor's exact name."""
    where, params = [], {}
    if isinstance(f.get("actor"), list):
        _names_in(where, params, "actor", "list_concat(source_names, target_names)", f["actor"])
    for name, column in (("actor", "x_names"), ("place", "x_place"), ("outlet", "x_outlet")):
        if name == "actor" and isinstance(f.get("actor"), list):
            continue
        if f.get(name):
            where.append(f"contains({column}, lower(${name}))")
            params[name] = f[name]
    if f.get("country"):
        where.append(f"contains(x_codes, {SEP} || upper($country) || {SEP})")
        params["country"] = f["country"]
    for name, condition in (("type", "type = upper($type)"), ("status", "status = $status"),
                            ("language", "language = lower($language)")):
        if f.get(name):
            where.append(condition)
            params[name] = f[name]
    _date_range(where, params, "day", f.get("since"), f.get("until"))
    if f.get("search"):
        where.append("(contains(x_evidence, lower($search)) OR contains(x_title, lower($search)))")
        params["search"] = f["search"]
    if f.get("quad"):
        where.append("type IN (" + ", ".join(f"'{t}'" for t in _quad_types(f["quad"])) + ")")
    if f.get("confidence"):  # an event with no confidence is kept: nothing says it is weak
        where.append("coalesce(confidence, 1) >= $confidence")
        params["confidence"] = _confidence(f["confidence"])
    if f.get("place_id"):
        where.append("x_place_id = $place_id")
        params["place_id"] = str(f["place_id"])
    for name, column in (("who", "x_src || x_tgt"), ("source", "x_src"), ("target", "x_tgt")):
        if f.get(name):
            where.append(f"contains({column}, {SEP} || ${name} || {SEP})")
            params[name] = f[name]
    return where, params


def quote_conditions(f: dict) -> tuple[list[str], dict]:
    where, params = [], {}
    if isinstance(f.get("speaker"), list):
        _names_in(where, params, "speaker", "[q.speaker_name]", f["speaker"])
    elif f.get("speaker"):
        where.append("q.speaker_name ILIKE $speaker ESCAPE '\\'")
        params["speaker"] = contains_pattern(f["speaker"])
    for i, word in enumerate(filter(None, [f.get("words"), f.get("search")])):
        where.append(f"q.text ILIKE $w{i} ESCAPE '\\'")
        params[f"w{i}"] = contains_pattern(word)
    attributed = f.get("attributed")
    if attributed not in (None, "", "any"):
        if attributed not in ("yes", "no"):
            raise StoreError(f"attributed {attributed!r}: yes, no or any")
        where.append("q.speaker_name IS NOT NULL" if attributed == "yes" else "q.speaker_name IS NULL")
    _date_range(where, params, "left(a.published, 10)", f.get("since"), f.get("until"))
    _outlet(where, params, f.get("outlet"))
    _language(where, params, f.get("language"))
    return where, params


def _confidence(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise StoreError(f"confidence {value!r} is not a number from 0 to 1") from None
    if not 0 <= number <= 1:
        raise StoreError(f"confidence {value!r} is not a number from 0 to 1")
    return number


def article_conditions(f: dict) -> tuple[list[str], dict]:
    where, params = [], {}
    for i, word in enumerate((f.get("search") or "").split()):
        where.append(f"(a.title ILIKE $w{i} ESCAPE '\\' OR a.text ILIKE $w{i} ESCAPE '\\')")
        params[f"w{i}"] = contains_pattern(word)
    _date_range(where, params, "left(a.published, 10)", f.get("since"), f.get("until"))
    _outlet(where, params, f.get("outlet"))
    _language(where, params, f.get("language"))
    return where, params


def _names_in(where: list, params: dict, name: str, column: str, names: list[str]) -> None:
    """`column` (a list of names) holds one of `names`; none given selects nothing."""
    if not names:
        where.append("false")
        return
    where.append(f"list_has_any({column}, ${name})")
    params[name] = list(names)


def _outlet(where: list, params: dict, outlet) -> None:
    if outlet:  # a LIKE pattern inside %…%, as the web has always read it
        where.append(f"{OUTLET} ILIKE $outlet")
        params["outlet"] = f"%{outlet}%"


def _language(where: list, params: dict, language) -> None:
    if language:  # an ISO 639-1 code
        where.append(f"{LANGUAGE} = lower($language)")
        params["language"] = language


def _quad_types(quad) -> tuple[str, ...]:
    try:
        return QUAD_TYPES[int(quad)]
    except (KeyError, TypeError, ValueError):
        raise StoreError(f"quad {quad!r} is not a quad class 1-4") from None


def repr_col(name: str) -> str:
    return f'"{name}"'


def contains_pattern(text: str) -> str:
    """An ILIKE pattern (with ESCAPE '\\') for "contains `text`": its % and _ are plain characters."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def iso_day(value, option: str) -> str:
    """`value` as YYYY-MM-DD, or BadDate naming the option: dates are compared as days, not strings."""
    if isinstance(value, day):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return day.fromisoformat(text).isoformat()
    except ValueError:
        raise BadDate(f"{option} {text!r} is not a day: give it as YYYY-MM-DD, e.g. 2022-05-28".lstrip()) from None


def _date_range(where: list, params: dict, column: str, since, until) -> None:
    """Add since/until bounds (ISO days, inclusive) on `column`."""
    if since:
        where.append(f"{column} >= $since")
        params["since"] = iso_day(since, "--since")
    if until:
        where.append(f"{column} <= $until")
        params["until"] = iso_day(until, "--until")


def _where(sql: str, where: list[str]) -> str:
    return f"{sql} WHERE {' AND '.join(where)}" if where else sql
