"""The map: places aggregated by GeoNames id (else name and country), and each dot
linked to exactly the events it counts: "Niger" never lists Nigeria's events, as
the substring filter `place` once did. On a corpus of hand-made contract records
(real sentence shapes, places as the gazetteer resolves them)."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

NIGER = {"name": "Niger", "country": "NER", "lat": 17.0, "lon": 9.0, "geonameid": 2440476}
NIGERIA = {"name": "Nigeria", "country": "NGA", "lat": 10.0, "lon": 8.0, "geonameid": 2328926}
NIAMEY = {"name": "Niamey", "country": "NER", "lat": 13.5137, "lon": 2.1098, "geonameid": 2440485}
BALOCHISTAN = {"name": "Balochistan", "country": "PAK", "lat": None, "lon": None, "geonameid": None}
STORIES = [  # (id, sentence, place of its event, type)
    ("n1", "Gunmen killed 12 soldiers in Niger on Tuesday.", NIGER, "ASSAULT"),
    ("n2", "Niger's junta met ECOWAS envoys in Niamey on Monday.", NIAMEY, "CONSULT"),
    ("n3", "Soldiers in Niger's west repelled an attack on Sunday.", {**NIGER, "name": "western Niger"}, "ASSAULT"),
    ("g1", "Bandits abducted 30 pupils in Nigeria's Kaduna state.", NIGERIA, "ASSAULT"),
    ("g2", "Nigeria's army freed 14 hostages on Friday.", NIGERIA, "RETREAT"),
    ("p1", "Separatists attacked a train in Balochistan on Tuesday.", BALOCHISTAN, "ASSAULT"),
    ("w1", "Niger could see more attacks, an analyst said.", NIGER, "ASSAULT"),  # low confidence (0.45)
]
WEAK = {"w1"}


def record(aid: str, text: str, place: dict, kind: str) -> dict:
    actor = {"id": "a1", "name": "soldiers", "kind": "group", "code": place["country"], "sector": "MIL",
             "title": None, "mentions": [{"text": text.split()[0], "start": 0, "end": len(text.split()[0])}]}
    event = {"id": "e1", "type": kind, "mode": None, "context": [], "source": ["a1"], "target": [],
             "status": "occurred", "date": {"start": "2024-06-04", "end": "2024-06-04", "precision": "day",
                                            "text": "Tuesday"},
             "location": place, "evidence": {"text": text, "start": 0, "end": len(text)}, "quote": None,
             "confidence": 0.45 if aid in WEAK else 0.7}
    return {"schema": "newswire.article/1", "id": aid, "url": None, "source": "wire", "title": text,
            "published": "2024-06-05", "text": text, "removed": [], "actors": [actor], "quotes": [],
            "events": [event], "warnings": []}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from newswire.corpus.store import Store, content_hash
    from newswire.web.app import create_app

    path = tmp_path_factory.mktemp("map") / "map.duckdb"
    with Store(path) as store:
        for aid, text, place, kind in STORIES:
            store.write_article(record(aid, text, place, kind), content_hash({"text": text}))
    with TestClient(create_app(path)) as c:
        yield c


def test_places_are_aggregated_by_geonameid(client):
    places = {p["place_id"]: p for p in client.get("/api/places").json()["items"]}
    assert set(places) == {"2440476", "2328926", "2440485"}
    assert places["2440476"]["events"] == 3 and places["2440476"]["name"] in ("Niger", "western Niger")
    assert client.get("/api/places?confidence=0.5").json()["items"][0]["events"] == 2
    assert places["2328926"]["events"] == 2 and places["2328926"]["country"] == "NGA"
    unlocated = client.get("/api/places?located=false").json()["items"]
    assert [(p["place_id"], p["events"]) for p in unlocated] == [("Balochistan|PAK", 1)]


def test_every_dot_lists_exactly_the_events_it_counts(client):
    html = client.get("/map").text
    dots = re.findall(r'<a href="([^"]+)" data-name="([^"]+)" data-place="([^"]+)" data-count="(\d+)">', html)
    unplaced = re.findall(r'<a href="([^"]+)" data-place="([^"]+)" data-count="(\d+)">', html)
    assert len(dots) == 3 and len(unplaced) == 1
    for href, place, count in [(h, p, c) for h, _, p, c in dots] + unplaced:
        query = parse_qs(urlsplit(unescape(href)).query)
        assert query == {"place_id": [unescape(place)]}, href
        listed = client.get("/api/events?" + urlsplit(unescape(href)).query + "&confidence=0.5&limit=1000").json()
        assert listed["total"] == int(count), href
        keys = {str(e["location"]["geonameid"] or f'{e["location"]["name"]}|{e["location"]["country"]}')
                for e in listed["items"]}
        assert keys == {unescape(place)}, (href, keys)
        page = client.get(unescape(href)).text
        assert f"<h1>{int(count)} event" in page


def test_low_confidence_events_are_hidden_on_every_page_with_one_click_to_show_them(client):
    dot = re.search(r'href="([^"]+)" data-name="[^"]*Niger" data-place="2440476" data-count="(\d+)"',
                    client.get("/map").text)
    assert dot.group(2) == "2"  # the weak event is not counted ...
    listed = client.get(unescape(dot.group(1))).text
    assert "<h1>2 events</h1>" in listed and "w1" not in listed  # ... nor listed
    note = re.search(r'<p class="note hidden-note">(.*?)</p>', listed, re.S).group(1)
    assert "1 event of low confidence (under 0.5) hidden" in note
    shown = client.get(unescape(re.search(r'class="show-hidden" href="([^"]+)"', note).group(1))).text
    assert "<h1>3 events</h1>" in shown and "/articles/w1?focus=e1" in shown
    assert 'class="show-hidden"' not in shown
    everything = client.get("/map?confidence=0").text
    assert re.search(r'data-place="2440476" data-count="3"', everything)
    download = unescape(re.search(r'class="download" href="([^"]+format=csv[^"]*)"', listed).group(1))
    assert len(client.get(download).text.strip().splitlines()) == 1 + 2  # the download is the list


def test_niger_lists_none_of_nigerias_events(client):
    niger = client.get("/api/events?place_id=2440476&confidence=0.5").json()["items"]
    assert sorted(e["article_id"] for e in niger) == ["n1", "n3"]
    assert all(e["location"]["country"] == "NER" for e in niger)
    assert client.get("/api/events?place=Niger&confidence=0.5").json()["total"] == 4  # a substring: Nigeria too


def test_the_map_names_its_largest_dots_and_shows_a_size_legend(client):
    html = client.get("/map").text
    labels = re.findall(r'<text class="label"[^>]*>([^<]+)</text>', html)
    assert {"Nigeria", "Niamey"} <= set(labels) and len(labels) == 3
    legend = re.search(r'<g class="size-legend">(.*?)</g>', html, re.S).group(1)
    assert re.findall(r'text-anchor="middle">(\d+)</text>', legend) == ["1", "2"]
    assert 'name="since"' in html and "where they are dense" in html
    assert client.get("/api/events?place_id=Nowhere|XXX").json()["total"] == 0
