"""`newswire serve` in a real headless Chromium (Debian's, driven by playwright):
load /, follow a timeline bar to its event list, open an article and find the
evidence highlighted, search quotes for "Kirby". Any request that does not go
to 127.0.0.1 fails the test. Screenshots go to test-artifacts/browser/.

The browser is /usr/bin/chromium (or $NEWSWIRE_CHROMIUM); playwright's own
download is never used. Without it the test skips, except on CI (CI set), where
it fails: .ci/run installs chromium."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (on CI the browser test must run: .ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser_path() -> str:
    path = os.environ.get("NEWSWIRE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        unavailable(f"no Chromium at {path}: apt-get install -y chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the playwright package is not installed (pip install -r requirements.lock)")
    return path


@pytest.fixture(scope="module")
def live_server(web_db, newswire_nlp):
    """`newswire serve` on a free loopback port, in a thread, for this module."""
    import uvicorn

    from newswire.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(web_db, nlp_loader=lambda: newswire_nlp),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser_path, live_server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", guard)
        tab = context.new_page()
        tab.on("request", lambda r: urlsplit(r.url).hostname not in ("127.0.0.1", None)
               and r.url not in outside and outside.append(r.url))
        yield tab
        browser.close()
    assert not outside, f"requests outside 127.0.0.1: {outside}"


def test_timeline_bar_to_events_to_evidence_and_quote_search(page, live_server):
    page.goto(live_server + "/")
    assert page.title().startswith("Timeline")
    page.screenshot(path=str(ARTIFACTS / "home.png"))

    bar = page.locator("svg.timeline a").first
    count = int(bar.get_attribute("data-count"))
    bar.click()
    page.wait_for_url("**/events?**")
    query = urlsplit(page.url).query
    assert "since=" in query and "until=" in query and "quad=" in query
    assert page.locator("table.events tbody tr").count() == count
    assert page.locator("h1").inner_text() == f"{count} events"
    page.screenshot(path=str(ARTIFACTS / "events.png"))

    link = page.locator("a.evidence-link").first
    event_id = urlsplit(link.get_attribute("href")).fragment
    link.click()
    page.wait_for_url(f"**/articles/**?focus={event_id}#{event_id}")
    mark = page.locator(f"mark.evidence[id='{event_id}'], [id='{event_id}'] + mark.evidence").first
    assert mark.is_visible()
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 241, 168)"  # the selected one
    faint = page.locator("mark.evidence.faint")
    if faint.count():  # the others are not highlighted
        assert faint.first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator(f"mark.evidence.selected b.hl-source, mark.evidence.selected b.hl-target").count() >= 1
    assert page.locator(f"aside a[href='?focus={event_id}#{event_id}']").count() == 1
    assert page.locator(".text span.quote").count() > 0
    page.screenshot(path=str(ARTIFACTS / "article.png"))

    page.goto(live_server + "/quotes")
    page.fill("#quote-speaker", "Kirby")
    page.click("form.quote-search button")
    page.wait_for_url("**/quotes?**speaker=Kirby**")
    speakers = page.locator("table.quotes tbody tr td:nth-child(2)").all_inner_texts()
    assert speakers and set(speakers) == {"John Kirby"}
    assert page.locator("table.clusters a.cluster-link").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "quotes.png"))


def test_brushing_the_timeline_zooms_to_that_range_and_the_url_keeps_it(page, live_server):
    page.goto(live_server + "/?range=all&bucket=month")
    slots = page.locator("svg.timeline rect.slot")
    n = slots.count()
    assert n >= 12  # 2022-02 to 2023-03, by month
    first, last = slots.nth(2), slots.nth(4)
    a, b = first.bounding_box(), last.bounding_box()
    since, until = first.get_attribute("data-start"), last.get_attribute("data-end")
    page.mouse.move(a["x"] + 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + 20, steps=8)
    page.mouse.up()
    page.wait_for_url("**/?**since=**")
    query = parse_qs(urlsplit(page.url).query)
    assert query["since"] == [since] and query["until"] == [until]
    assert page.locator(".range-label").inner_text() == f"{query['since'][0]} – {query['until'][0]}"
    days = page.locator("svg.timeline rect.slot").evaluate_all("s => s.map(r => r.dataset.start)")
    assert days and all(query["since"][0] <= d <= query["until"][0] for d in days)
    page.screenshot(path=str(ARTIFACTS / "home-zoomed.png"))
    page.click("a.zoom-out")
    page.wait_for_url("**/?**since=**")
    wider = parse_qs(urlsplit(page.url).query)
    assert wider["since"][0] < query["since"][0] or wider["until"][0] > query["until"][0]
    page.click("a.all-time")
    page.wait_for_url("**range=all**")


def boxes_overlap(boxes) -> list:
    return [(a["t"], b["t"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"]
            and b["y"] < a["y"] + a["h"]]


LABEL_BOXES = """(svg, sel) => [...svg.querySelectorAll(sel)].map(t => {
    const b = t.getBBox(); return {t: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height}; })"""


def test_network_shows_coded_actors_with_labels_that_do_not_overlap(page, live_server):
    page.goto(live_server + "/network")
    svg = page.locator("svg.network")
    names = svg.locator("a[data-name]").evaluate_all("as => as.map(a => a.dataset.name)")
    assert len(names) >= 5 and "Mario Draghi" in names
    assert not {"people", "officials", "civilians", "government"} & set(names)  # descriptions are left out
    boxes = svg.evaluate(LABEL_BOXES, "text.label")
    assert len(boxes) >= len(names) // 2 and not boxes_overlap(boxes)
    width, height = svg.evaluate("s => [s.viewBox.baseVal.width, s.viewBox.baseVal.height]")
    assert all(b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= width and b["y"] + b["h"] <= height
               for b in boxes), boxes  # none cut at the edge ("ited Kingdom")
    page.screenshot(path=str(ARTIFACTS / "network.png"))
    page.click("a.toggle")
    page.wait_for_url("**actors=all**")
    every = page.locator("svg.network a[data-name]").evaluate_all("as => as.map(a => a.dataset.name)")
    assert set(names) < set(every) or len(every) == len(names) == 30


def test_network_and_map_draw_their_marks(page, live_server):
    page.goto(live_server + "/map")
    assert page.locator("svg.map g.land path").count() > 100 and page.locator("svg.map a circle").count() >= 5
    boxes = page.locator("svg.map").evaluate(LABEL_BOXES, "text.label")
    assert len(boxes) >= 3 and not boxes_overlap(boxes)
    assert page.locator("svg.map g.size-legend circle").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "map.png"))
    dot = page.locator("svg.map a[data-place]").last  # drawn last: on top of any it overlaps
    count = int(dot.get_attribute("data-count"))
    dot.click()
    page.wait_for_url("**/events?place_id=**")
    assert page.locator("table.events tbody tr").count() == count


def test_api_docs_render_their_operations_with_no_network(page, live_server):
    page.goto(live_server + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)  # Swagger UI has read /openapi.json and drawn it
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/events", "/api/health", "/api/extract"} <= {p.replace("\u200b", "") for p in paths}
    assert page.locator(".opblock").count() >= 13
    page.screenshot(path=str(ARTIFACTS / "docs.png"))


def test_the_search_box_suggests_actors_as_you_type(page, live_server):
    page.goto(live_server + "/map")
    box = page.locator("form.actor-search input")
    box.press_sequentially("zelenskiy", delay=30)  # a spelling the corpus does not use
    page.wait_for_function("document.querySelectorAll('#actor-names option').length > 0", timeout=10_000)
    options = page.locator("#actor-names option").evaluate_all("os => os.map(o => o.value)")
    assert options == ["Volodymyr Zelensky"]
    box.fill(options[0])
    box.press("Enter")
    page.wait_for_url("**/actors/Volodymyr%20Zelensky")
    assert page.locator("h1").inner_text().startswith("Volodymyr Zelensky")
    page.screenshot(path=str(ARTIFACTS / "actor.png"))
