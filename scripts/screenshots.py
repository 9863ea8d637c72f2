"""The screenshots of docs/web.md: `newswire serve` over a corpus, in headless Chromium.

    python scripts/screenshots.py --db voa.duckdb [--out docs] [--chromium /usr/bin/chromium]

Writes screenshot-home.png, -map.png, -network.png, -article.png and -actor.png. Any
request that does not go to 127.0.0.1 is refused, as in tests/test_web_browser.py."""
from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

PAGES = {"home": "/", "map": "/map", "network": "/network", "actor": "/actors/{actor}",
         "article": "/articles/{article}?focus={event}"}


def serve(db: str) -> tuple[str, object]:
    import uvicorn

    from newswire.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="docs")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--actor", default="Donald Trump")
    parser.add_argument("--article", default="8008456")
    parser.add_argument("--event", default="e1")
    parser.add_argument("--only", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    base, server = serve(args.db)
    values = {"actor": quote(args.actor), "article": quote(args.article), "event": args.event}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--headless", "--no-sandbox"])
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1" else r.abort())
        for name in args.only:
            page.goto(base + PAGES[name].format(**values))
            path = Path(args.out) / f"screenshot-{name}.png"
            page.screenshot(path=str(path), full_page=name in ("home", "map", "network"))  # the others: one screen
            print("wrote", path)
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
