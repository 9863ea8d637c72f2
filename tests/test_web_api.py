"""The JSON API of `newswire serve`, through FastAPI's test client, on a small
real corpus (tests/conftest.py: web_db)."""
from __future__ import annotations

import csv
import io
import json

import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="module")
def app(web_db, newswire_nlp):
    from newswire.web.app import create_app

    return create_app(web_db, max_body=20_000, nlp_loader=lambda: newswire_nlp)


@pytest.fixture(scope="module")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(web_db):
    from newswire.corpus.query import open_corpus

    with open_corpus(web_db) as c:
        yield c


def get(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    return r.json() if "json" in r.headers["content-type"] else r.text


def test_health_counts_the_corpus(client):
    h = get(client, "/api/health")
    assert h["status"] == "ok" and h["articles"] == 3
    assert h["clusters"] == {"article_clusters": True, "quote_clusters": True, "event_clusters": True}


def test_events_take_the_filters_of_newswire_query(client, corpus):
    page = get(client, "/api/events?actor=Draghi&type=consult")
    expected = corpus.events(actor="Draghi", type="CONSULT")
    assert page["total"] == len(expected) >= 2
    assert [(e["article_id"], e["id"]) for e in page["items"]] == [(e["article_id"], e["id"]) for e in expected]
    for e in page["items"]:
        assert e["type"] == "CONSULT"
        assert any("Draghi" in n for n in e["source_names"] + e["target_names"])
    assert get(client, "/api/events?since=2022-06-01&until=2022-06-30")["total"] == len(
        corpus.events(since="2022-06-01", until="2022-06-30"))


def test_outlet_quad_and_side_filters(client):
    a = get(client, "/api/events?outlet=outlet-a&limit=1000")
    assert a["total"] > 0 and {e["outlet"] for e in a["items"]} == {"outlet-a"}
    verbal_coop = get(client, "/api/events?quad=1&limit=1000")["items"]
    assert verbal_coop and {e["type"] for e in verbal_coop} <= {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}
    pair = get(client, "/api/events?source=Mario Draghi&target=Volodymyr Zelensky")["items"]
    assert pair and all("Mario Draghi" in e["source_names"] and "Volodymyr Zelensky" in e["target_names"]
                        for e in pair)


def test_limit_and_offset_page_through_the_whole_list(client):
    whole = get(client, "/api/events?limit=1000")
    pages = [get(client, f"/api/events?limit=3&offset={o}")["items"] for o in range(0, whole["total"], 3)]
    assert [e["id"] + e["article_id"] for p in pages for e in p] == \
           [e["id"] + e["article_id"] for e in whole["items"]]
    assert get(client, "/api/events")["limit"] == 100


def test_downloads_carry_every_matching_row(client):
    total = get(client, "/api/quotes?speaker=Kirby")["total"]
    r = client.get("/api/quotes?speaker=Kirby&format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="quotes.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total > 3 and {row["speaker_name"] for row in rows} == {"John Kirby"}
    lines = client.get("/api/quotes?speaker=Kirby&format=jsonl").text.splitlines()
    assert len(lines) == total and json.loads(lines[0])["speaker_name"] == "John Kirby"


def test_quotes_of_kirby_in_both_outlets(client):
    items = get(client, "/api/quotes?speaker=kirby&words=zero")["items"]
    assert {q["outlet"] for q in items} == {"outlet-a", "outlet-b"}
    assert all("zero" in q["text"] for q in items)


def test_a_filter_that_does_not_apply_is_a_422_that_says_which_do(client):
    detail = get(client, "/api/quotes?actor=Putin", 422)["detail"]
    assert detail[0]["loc"] == ["query", "actor"]
    assert "quotes cannot be filtered by actor" in detail[0]["msg"] and "speaker" in detail[0]["msg"]
    typo = get(client, "/api/events?contry=RUS", 422)["detail"]  # not every event, as a typo used to give
    assert typo[0]["loc"] == ["query", "contry"] and "did you mean country?" in typo[0]["msg"]
    assert "actor, country, type" in typo[0]["msg"] and "limit, offset, format" in typo[0]["msg"]
    assert get(client, "/api/timeline?bucket=week&per=day", 422)["detail"][0]["loc"] == ["query", "per"]
    assert get(client, "/api/events?since=May", 422)["detail"][0]["loc"] == ["query", "since"]
    assert get(client, "/api/quotes?until=2022-02-30", 422)["detail"][0]["loc"] == ["query", "until"]
    assert get(client, "/api/quotes?until=1700000000", 422)["detail"][0]["loc"] == ["query", "until"]
    assert get(client, "/api/events?type=TALK", 422)["detail"][0]["loc"] == ["query", "type"]


@pytest.mark.parametrize("query, loc, msg", [
    ("country=XXX", "country", "unknown country 'XXX': give an ISO 3166-1 alpha-3 code"),
    ("country=russia", "country", "unknown country 'russia': did you mean RUS (Russia)?"),
    ("country=Ukrainian", "country", "did you mean UKR (Ukraine)?"),
    ("type=ATTACK", "type", "unknown type 'ATTACK': did you mean ASSAULT?"),
    ("type=meet", "type", "did you mean CONSULT?")])
def test_an_unknown_code_is_a_422_with_what_was_meant(client, query, loc, msg):
    for route in ("/api/events", "/api/actors", "/api/timeline"):
        detail = get(client, f"{route}?{query}", 422)["detail"]
        assert detail[0]["loc"] == ["query", loc] and msg in detail[0]["msg"], detail
    assert get(client, "/api/events?country=rus&type=consult")["total"] > 0  # codes in any case


def test_actor_and_speaker_filters_match_the_identity_and_its_spellings(client):
    exact = get(client, "/api/events?who=Volodymyr Zelensky")["total"]
    assert exact > 0
    for spelling in ("Zelenskiy", "zelenskyy", "ZELENSKY", "Volodymyr Zelenskiy", "Zelénsky"):
        assert get(client, f"/api/events?actor={spelling}")["total"] == exact, spelling
    assert get(client, "/api/events?actor=ensky")["total"] == 0  # from the start of a word only
    kirby = get(client, "/api/quotes?speaker=John Kirby")["total"]
    assert kirby and get(client, "/api/quotes?speaker=kírby")["total"] == kirby
    assert get(client, "/api/timeline?bucket=year", 422)["detail"][0]["loc"] == ["query", "bucket"]


def test_article_is_the_contract_record(client, corpus, shared_dir):
    import jsonschema

    record = get(client, "/api/articles/kirby-b")
    schema = json.loads((shared_dir / "contract" / "article.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(record, schema)
    assert record == json.loads(json.dumps(corpus.article("kirby-b")))
    assert "no article 'nope'" in get(client, "/api/articles/nope", 404)["detail"]


def test_articles_list(client):
    page = get(client, "/api/articles?search=Zelensky Putin")
    assert {a["id"] for a in page["items"]} == {"kirby-a", "kirby-b"}
    assert get(client, "/api/articles?outlet=outlet-c")["items"][0]["id"] == "armenia"


def test_quote_clusters_hold_the_variants_earliest_first(client):
    clusters = get(client, "/api/quote_clusters?speaker=Kirby&words=zero")["items"]
    assert len(clusters) == 1
    one = get(client, f"/api/quote_clusters/{clusters[0]['cluster_id']}")
    assert [v["outlet"] for v in one["variants"]] == ["outlet-a", "outlet-b"]
    assert "exactly zero strategic goals" in one["variants"][0]["text"]
    assert get(client, "/api/quote_clusters/99999", 404)["detail"] == "no quote cluster 99999"
    assert get(client, "/api/quote_clusters")["total"] >= 4


def test_event_clusters_join_the_two_outlets(client):
    clusters = get(client, "/api/event_clusters?actor=Draghi&type=CONSULT")["items"]
    assert any(c["n_articles"] == 2 and set(c["outlets"]) == {"outlet-a", "outlet-b"} for c in clusters)


def test_actors_network_places(client):
    actors = {a["name"]: a for a in get(client, "/api/actors?limit=100")["items"]}
    assert actors["Vladimir Putin"]["code"] == "RUS"
    net = get(client, "/api/network")
    edge = next(e for e in net["edges"] if (e["source"], e["target"]) == ("Mario Draghi", "Volodymyr Zelensky"))
    assert edge["quad"] == 1
    assert get(client, "/api/events?source=Mario Draghi&target=Volodymyr Zelensky")["total"] == edge["events"]
    places = {p["name"]: p for p in get(client, "/api/places")["items"]}
    assert "Istanbul" in places and round(places["Istanbul"]["lat"]) == 41
    edges_csv = client.get("/api/network?format=csv").text.splitlines()
    assert edges_csv[0].startswith("source,target,events,quad") and len(edges_csv) == len(net["edges"]) + 1


def test_timeline_counts_every_event_once(client):
    total = get(client, "/api/events")["total"]
    for bucket in ("day", "week", "month"):
        t = get(client, f"/api/timeline?bucket={bucket}")
        assert sum(b["total"] for b in t["buckets"]) + t["undated"] == total
        assert all(b["start"] <= b["end"] for b in t["buckets"])
    months = get(client, "/api/timeline?bucket=month")["buckets"]
    clusters = get(client, "/api/timeline?bucket=month&count=clusters")["buckets"]
    # the Kirby story carried twice: its events count once as clusters
    assert sum(b["total"] for b in clusters) < sum(b["total"] for b in months)
    may = next(b for b in months if b["start"] == "2022-05-01")
    assert may["end"] == "2022-05-31" and may["by_quad"]["1"] >= 2


def test_openapi_is_a_real_schema(client):
    spec = get(client, "/openapi.json")
    events = spec["paths"]["/api/events"]["get"]
    names = {p["name"] for p in events["parameters"]}
    assert {"actor", "country", "type", "status", "since", "until", "place", "search", "outlet",
            "limit", "offset", "format"} <= names
    assert events["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("Page_EventRow_")
    assert {"text/csv", "application/x-ndjson"} <= set(events["responses"]["200"]["content"])
    assert "EventRow" in spec["components"]["schemas"] and "ArticleRecord" in spec["components"]["schemas"]
    assert set(spec["paths"]["/api/extract"]["post"]["responses"]) >= {"200", "413", "415", "422"}


# ---------------------------------------------------------------- POST /api/extract

def test_extract_plain_text(client):
    text = 'Pentagon spokesman John Kirby said on Friday that "Mr. Putin has shown no interest in talks."'
    r = client.post("/api/extract", content=text, headers={"content-type": "text/plain"})
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["schema"] == "newswire.article/1"
    assert [q["speaker_name"] for q in record["quotes"]] == ["John Kirby"]


def test_extract_an_input_record_echoes_its_id(client):
    r = client.post("/api/extract", json={"id": "mine", "text": "Russia attacked Ukraine on Monday.",
                                          "published": "2022-05-28", "source": "x", "section": "ignored"})
    assert r.status_code == 200 and r.json()["id"] == "mine" and r.json()["source"] == "x"


@pytest.mark.parametrize("body, content_type, loc, words", [
    (b"{not json", "application/json", ["body"], "not JSON"),
    (b"[1, 2]", "application/json", ["body"], "must be an object"),
    (b'{"title": "no body"}', "application/json", ["body", "text"], "no text and no html"),
    (b'{"text": 5}', "application/json", ["body", "text"], "string"),
    (b"   ", "text/plain", ["body"], "empty"),
    (b"\xff\xfe bad", "text/plain", ["body"], "not UTF-8"),
])
def test_extract_a_bad_body_is_a_422_with_the_reason(client, body, content_type, loc, words):
    r = client.post("/api/extract", content=body, headers={"content-type": content_type})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"][0]
    assert detail["loc"] == loc and words.lower() in detail["msg"].lower()


def test_extract_refuses_a_body_over_the_limit_and_other_media(client):
    r = client.post("/api/extract", content="word " * 5000, headers={"content-type": "text/plain"})
    assert r.status_code == 413 and "over the limit of 20000 bytes" in r.json()["detail"]
    r = client.post("/api/extract", content=b"%PDF", headers={"content-type": "application/pdf"})
    assert r.status_code == 415


@pytest.mark.parametrize("filters", [
    {}, {"actor": "putin"}, {"actor": "Draghi", "type": "consult"}, {"country": "ukr"}, {"country": "TUR"},
    {"place": "istanbul"}, {"status": "occurred"}, {"status": "planned"}, {"search": "phone"},
    {"search": "Armenian"}, {"since": "2022-05-27", "until": "2022-05-28"}, {"actor": "Kirby", "country": "USA"},
])
def test_the_event_index_selects_what_the_corpus_query_selects(client, corpus, filters):
    """The web layer filters events on an in-memory index; it must agree with `newswire query`."""
    web = get(client, "/api/events?limit=10000&" + "&".join(f"{k}={v}" for k, v in filters.items()))
    mine = [(e["article_id"], e["id"]) for e in web["items"]]
    assert mine == [(e["article_id"], e["id"]) for e in corpus.events(**filters)]
    assert web["total"] == len(mine)


def test_serve_refuses_a_missing_or_foreign_database(tmp_path):
    import duckdb
    from click.testing import CliRunner

    from newswire.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no database at" in result.output
    duckdb.connect(str(tmp_path / "other.duckdb")).execute("CREATE TABLE t (x INT)").close()
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "other.duckdb")])
    assert result.exit_code == 1 and result.output.startswith("Error:") and "other.duckdb" in result.output


def test_the_server_opens_the_database_read_only(app):
    import duckdb

    with pytest.raises(duckdb.Error):
        app.state.reader.corpus.con.execute("CREATE TABLE main.x (y INT)")


def test_network_draws_coded_actors_unless_asked_for_all(client):
    coded = get(client, "/api/network?nodes=500")
    every = get(client, "/api/network?nodes=500&actors=all")
    names = {n["name"] for n in coded["nodes"]}
    assert names < {n["name"] for n in every["nodes"]}
    assert all(n["code"] for n in coded["nodes"]) and "Mario Draghi" in names
    left_out = {n["name"]: n["code"] for n in every["nodes"] if n["name"] not in names}
    assert {"soldiers", "Russian officials", "its troops"} <= set(left_out)  # descriptions, coded or not
    assert all(not code or not name.split()[-1][:1].isupper() for name, code in left_out.items()), left_out
    assert coded["candidates"] == len(coded["nodes"]) and every["candidates"] == every["actors_total"]
    two = get(client, "/api/network?nodes=2")
    assert len(two["nodes"]) == 2 and two["candidates"] == coded["candidates"]  # "show more" knows there are more
    assert get(client, "/api/network?actors=some", 422)["detail"][0]["loc"] == ["query", "actors"]


def test_confidence_and_attributed_filters(client, corpus):
    every = corpus.events()
    sure = get(client, "/api/events?confidence=0.7&limit=1000")["items"]
    assert sure and len(sure) == sum(1 for e in every if (e["confidence"] or 1) >= 0.7) < len(every)
    assert all(e["confidence"] >= 0.7 for e in sure)
    assert get(client, "/api/events?confidence=2", 422)["detail"][0]["loc"] == ["query", "confidence"]
    quotes = get(client, "/api/quotes?attributed=any&limit=1000")
    named = get(client, "/api/quotes?attributed=yes&limit=1000")
    unnamed = get(client, "/api/quotes?attributed=no&limit=1000")
    assert named["total"] + unnamed["total"] == quotes["total"] == get(client, "/api/quotes")["total"]
    assert all(q["speaker_name"] for q in named["items"]) and not any(q["speaker_name"] for q in unnamed["items"])
