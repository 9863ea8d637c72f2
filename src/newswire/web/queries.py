"""What the API and the pages show: the Corpus's own lists, pages and aggregates
(`newswire.corpus.query`), given the web's `Filters`.

The corpus is opened read-only once, with its events indexed (`Corpus.index_events`)
because every page and chart filters them again. Each list takes only the filters
that apply to it (`Filters.only`); the Corpus builds every query."""
from __future__ import annotations

from ..corpus.aggregate import BUCKETS
from ..corpus.query import Corpus, open_corpus
from ..errors import StoreError
from .filters import Filters

__all__ = ["Reader", "BUCKETS"]


def _events(filters: Filters) -> dict:
    return filters.only("events").given()


class Reader:
    """A read-only corpus and the queries of the web layer."""

    def __init__(self, path: str):
        self.path = str(path)
        self.corpus: Corpus = open_corpus(path)
        try:
            self.corpus.index_events()
        except StoreError:
            self.corpus.close()
            raise

    def close(self) -> None:
        self.corpus.close()

    def has_table(self, name: str) -> bool:
        return self.corpus.has_table(name)

    def known_codes(self) -> frozenset[str]:
        return self.corpus.known_codes()

    def counts(self) -> dict[str, int]:
        return self.corpus.counts()

    def article(self, article_id: str) -> dict | None:
        return self.corpus.article(article_id)

    def page(self, kind: str, filters: Filters, limit: int | None = 100, offset: int = 0) -> tuple[int, list[dict]]:
        """(total, rows) of one page of the filtered `kind` list, in the CLI's order."""
        return self.corpus.page(kind, limit, offset, **filters.only(kind).given())

    # ------------------------------------------------------------ aggregates
    def timeline(self, filters: Filters, bucket: str = "month", count: str = "events") -> dict:
        """Events (or event clusters) per bucket and quad class; undated events counted apart."""
        return self.corpus.timeline(bucket, count, **_events(filters))

    def dense_range(self, filters: Filters) -> dict | None:
        """Where the filtered events are dense, and their first and last day (`Corpus.dense_range`)."""
        return self.corpus.dense_range(**_events(filters))

    def top_actors(self, filters: Filters, limit: int | None = 20, offset: int = 0,
                   q: str | None = None) -> tuple[int, list[dict]]:
        """Actors of the filtered events (by name, either side), most events first; `q`: so named."""
        return self.corpus.top_actors(limit, offset, q, **_events(filters))

    def top_outlets(self, filters: Filters, limit: int | None = 20, offset: int = 0) -> tuple[int, list[dict]]:
        return self.corpus.top_outlets(limit, offset, **_events(filters))

    def places(self, filters: Filters, limit: int | None = 500, offset: int = 0,
               located: bool = True) -> tuple[int, list[dict]]:
        """Event places (with coordinates, or without), with their events per quad class."""
        return self.corpus.places(limit, offset, located, **_events(filters))

    def network(self, filters: Filters, max_nodes: int = 30, actors: str = "coded") -> dict:
        """Actors (sized by events; coded ones or all) and source→target edges (counted per quad class)."""
        return self.corpus.network(max_nodes, actors, **_events(filters))

    # ------------------------------------------------------------ clusters
    def event_clusters(self, filters: Filters, limit: int | None = 100, offset: int = 0):
        """Event clusters with at least one event that `filters` select, most sources first."""
        return self.corpus.cluster_page("event_clusters", limit, offset, **_events(filters))

    def quote_clusters(self, filters: Filters, limit: int | None = 100, offset: int = 0):
        """Quote clusters (one quote carried by several articles) with a variant that `filters` select."""
        return self.corpus.cluster_page("quote_clusters", limit, offset, **filters.only("quotes").given())

    def quote_cluster(self, cluster_id: int) -> dict | None:
        """One quote cluster, its variants earliest first."""
        return self.corpus.quote_cluster(cluster_id)

    def event_cluster_of(self) -> dict[tuple[str, str], int]:
        return self.corpus.event_cluster_ids()
