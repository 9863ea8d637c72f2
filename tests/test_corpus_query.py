"""The Corpus's public reading API (newswire.corpus.query): pages, the event index,
which filters each list takes, aggregates, clusters and the PLOVER export, on the
small real corpus of the web tests (tests/conftest.py: web_db)."""
from __future__ import annotations

import json

import pytest

from newswire.corpus.plover import export_plover
from newswire.corpus.query import FILTERS, QUERY_KINDS, open_corpus
from newswire.errors import NewswireError, StoreError
from newswire.plover import QUAD_OF

EVENT_FILTERS = [{}, {"actor": "draghi"}, {"type": "consult"}, {"country": "ukr"}, {"status": "occurred"},
                 {"since": "2022-05-01", "until": "2022-05-31"}, {"search": "the"}, {"outlet": "outlet-a"},
                 {"quad": 1}, {"quad": "4"}, {"who": "Mario Draghi"}, {"source": "Mario Draghi"},
                 {"target": "Mario Draghi"}, {"actor": "%"}, {"place": "a", "type": "ASSAULT"},
                 {"actor": "Zelenskiy"}, {"actor": "u.n."}, {"country": "IGO"}]


@pytest.fixture
def corpus(web_db):
    with open_corpus(web_db) as c:
        yield c


@pytest.fixture
def indexed(web_db):
    with open_corpus(web_db) as c:
        c.index_events()
        yield c


@pytest.mark.parametrize("filters", EVENT_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_the_event_index_selects_the_same_rows_in_the_same_order(corpus, indexed, filters):
    plain = corpus.events(**filters)
    assert indexed.events(**filters) == plain
    assert indexed.page("events", None, 0, **filters) == (len(plain), plain)
    for limit, offset in ((1, 0), (2, 1), (5, 3), (3, 1000)):
        page = plain[offset:offset + limit]
        assert indexed.page("events", limit, offset, **filters) == (len(plain), page)
        assert corpus.page("events", limit, offset, **filters) == (len(plain), page)


def test_quad_who_source_and_target_select_what_they_say(corpus):
    everything = corpus.events()
    assert {e["type"] for e in corpus.events(quad=1)} == {e["type"] for e in everything if QUAD_OF[e["type"]] == 1}
    who = corpus.events(who="Mario Draghi")
    assert who and all("Mario Draghi" in e["source_names"] + e["target_names"] for e in who)
    assert all("Mario Draghi" in e["source_names"] for e in corpus.events(source="Mario Draghi"))
    assert not corpus.events(who="Mario")  # an exact name, not a part of one


def test_pages_of_quotes_and_articles_are_slices_of_their_lists(corpus):
    quotes = corpus.quotes()
    assert corpus.page("quotes", 2, 1) == (len(quotes), quotes[1:3])
    assert corpus.page("articles", None, 0, outlet="outlet-c")[1] == corpus.articles(outlet="outlet-c")
    assert [a["id"] for a in corpus.articles(outlet="outlet-c")] == ["armenia"]


def test_each_list_takes_its_own_filters(corpus):
    assert set(FILTERS) == set(QUERY_KINDS)
    with pytest.raises(StoreError, match="quotes cannot be filtered by actor"):
        corpus.page("quotes", actor="Draghi")
    with pytest.raises(StoreError, match="quad 5 is not a quad class"):
        corpus.events(quad=5)
    with pytest.raises(NewswireError, match="is not a day"):
        corpus.events(since="May")


def test_unknown_codes_are_errors_that_say_what_was_meant(corpus):
    with pytest.raises(StoreError, match=r"unknown country 'russia': did you mean RUS \(Russia\)\?"):
        corpus.events(country="russia")
    with pytest.raises(StoreError, match="unknown type 'ATTACK': did you mean ASSAULT"):
        corpus.page("events", 10, type="ATTACK")
    assert corpus.filter_problems("events", {"country": "Kyiv", "type": "talks"}) == [
        "unknown country 'Kyiv': did you mean UKR (Ukraine)?", "unknown type 'talks': did you mean CONSULT?"]
    assert corpus.filter_problems("events", {"country": "ukr", "type": "consult"}) == []


def test_names_a_filter_means(corpus):
    assert corpus.matching_names("actors", "Zelenskiy") == ["Volodymyr Zelensky"]
    assert corpus.matching_names("actors", "putin") == ["Vladimir Putin"]
    assert corpus.matching_names("speakers", "KIRBY") == ["John Kirby"]
    assert corpus.matching_names("actors", "utin") == []


def test_name_spellings_and_identities():
    from newswire.corpus.names import NameIndex, spelling

    assert spelling("Zelenskiy's") == spelling("ZELENSKYY") == spelling("Zelensky") == "zelensky"
    assert spelling("U.N.") == "un" and spelling("Kiev") == "kyiv" and spelling("Côte d'Ivoire") == "cote divoire"
    index = NameIndex(["United Nations", "UN Security Council", "Tunisia", "Volodymyr Zelenskyy", "Russia",
                       "Gadhafi", "Mario Draghi"])
    assert index.matching("U.N.") == ["UN Security Council", "United Nations"]  # its alias, and a name from "un"
    assert index.matching("Zelenskiy") == ["Volodymyr Zelenskyy"]
    assert index.matching("Qaddafi") == ["Gadhafi"] and index.matching("draghi") == ["Mario Draghi"]


def test_aggregates(corpus):
    events = corpus.events()
    timeline = corpus.timeline("month")
    assert sum(b["total"] for b in timeline["buckets"]) + timeline["undated"] == len(events)
    assert [b["start"] for b in corpus.timeline("day", since="2022-05-28", until="2022-05-28")["buckets"]] in (
        [], ["2022-05-28"])
    clusters = corpus.timeline("month", "clusters")
    assert sum(b["total"] for b in clusters["buckets"]) <= sum(b["total"] for b in timeline["buckets"])
    total, actors = corpus.top_actors(3)
    assert len(actors) <= 3 and total >= len(actors) and actors == sorted(actors, key=lambda a: (-a["events"], a["name"]))
    assert corpus.top_outlets()[1][0]["outlet"] in {"outlet-a", "outlet-b", "outlet-c"}
    net = corpus.network(5)
    names = {n["name"] for n in net["nodes"]}
    assert len(names) <= 5 and all(e["source"] in names and e["target"] in names for e in net["edges"])
    with pytest.raises(StoreError, match="unknown bucket"):
        corpus.timeline("year")
    assert corpus.counts()["articles"] == 3


def test_clusters(corpus):
    total, clusters = corpus.cluster_page("event_clusters")
    assert total == len(corpus.event_clusters()) and clusters
    _, draghi = corpus.cluster_page("event_clusters", actor="Draghi")
    links = corpus.event_cluster_ids()
    assert draghi and all(c["cluster_id"] in set(links.values()) for c in draghi)
    one = corpus.quote_cluster(corpus.quote_clusters()[0]["cluster_id"])
    assert [v["published"] for v in one["variants"]] == sorted(v["published"] for v in one["variants"])
    assert corpus.quote_cluster(-1) is None
    with pytest.raises(StoreError, match="unknown cluster table"):
        corpus.cluster_page("article_clusters")


def test_export_plover_writes_the_occurred_events(corpus, tmp_path):
    path = tmp_path / "new" / "events.plover.jsonl"
    count = export_plover(corpus, path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert count == len(lines) == len(corpus.events(status="occurred")) > 0
    assert lines == list(corpus.plover())
    assert all(r["quad_code"] == QUAD_OF[r["event"][0]] for r in lines)
