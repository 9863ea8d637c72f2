"""`newswire serve` under load: /api/events with filters on a corpus of >= 10,000
articles, p50/p95 over a real loopback HTTP server, against the same queries
made straight on the Corpus (the baseline, in the same run).

    python benchmarks/bench_serve.py [--copies 115] [--rounds 30] [--db FILE] [--from-db FILE]

The corpus: the 89 VOA stories of ../shared/data/voa, extracted once (or read
from --from-db, e.g. a corpus made by `newswire ingest`), then copied in SQL
(new ids, publication days shifted, 20 outlets) to `copies` x 89 articles. No
re-extraction, so it builds in seconds. Target: p95 under 100 ms.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
VOA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"

# the filter sets a person clicks through: one actor, a type, a country and period, a place,
# a phrase, an outlet with a status, a quad class, and deep pages
QUERIES = [
    {"actor": "Trump"},
    {"type": "CONSULT"},
    {"country": "CHN", "since": "2020-01-01", "until": "2024-12-31"},
    {"place": "Washington"},
    {"search": "missile"},
    {"status": "occurred", "outlet": "outlet-3"},
    {"quad": 4, "since": "2025-01-01"},
    {"who": "United States", "type": "ACCUSE"},
    {"actor": "Taliban", "limit": 50, "offset": 100},
    {"limit": 100, "offset": 50000},
]


def base_records(from_db: str | None) -> list[dict]:
    if from_db:
        from newswire.corpus.query import open_corpus

        with open_corpus(from_db) as corpus:
            return [corpus.article(a["id"]) for a in corpus.articles()]
    from newswire.pipeline.extract import extract_records

    if not VOA.exists():
        sys.exit(f"{VOA} is missing: pass --from-db FILE (a corpus made by `newswire ingest`)")
    inputs = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in extract_records(inputs) if "error" not in r]


def build_corpus(path: Path, records: list[dict], copies: int) -> int:
    """The records once through the Store, then `copies - 1` more of every row in SQL."""
    from newswire.corpus.store import CHILD_TABLES, Store, content_hash

    with Store(path) as store:
        for r in records:
            store.write_article(r, content_hash(r) or r["id"])
        con = store.con
        con.execute("CREATE TEMP TABLE k AS SELECT range AS k FROM range(1, $n)", {"n": copies})
        con.execute("INSERT INTO articles SELECT a.id || '~' || k, a.content_hash || '~' || k, a.url, "
                    "'outlet-' || (k % 20), a.title, "
                    "strftime(TRY_CAST(left(a.published, 10) AS DATE) + CAST(k % 365 AS INTEGER), '%Y-%m-%d'), "
                    "a.text, a.warnings, a.path, a.ingested_at FROM articles a, k")
        for table in CHILD_TABLES:
            con.execute(f"INSERT INTO {table} SELECT t.article_id || '~' || k, t.* EXCLUDE (article_id) "
                        f"FROM {table} t, k")
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def serve(db: Path):
    import uvicorn

    from newswire.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def baseline_times(db: Path, rounds: int) -> list[float]:
    """Seconds of each `Corpus.events_sql` count, for the filter sets that `newswire query` knows."""
    from newswire.corpus.query import open_corpus
    from newswire.cli.corpus import OPTIONS as QUERY_FILTERS  # the filters of `newswire query`

    base = []
    with open_corpus(db) as corpus:
        for _ in range(rounds):
            for q in QUERIES:
                if set(q) - set(QUERY_FILTERS):
                    continue
                sql, params = corpus.events_sql(**q)
                t0 = time.perf_counter()
                corpus.con.execute(f"SELECT count(*) FROM ({sql}) c", params).fetchall()
                base.append(time.perf_counter() - t0)
    return base


def http_times(db: Path, rounds: int) -> tuple[list[float], dict[int, list[float]]]:
    """Seconds of each /api/events request, all and per filter set (after one warm-up each)."""
    import httpx

    server, thread, url = serve(db)
    times, per_query = [], {i: [] for i in range(len(QUERIES))}
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            for q in QUERIES:  # warm-up
                client.get("/api/events", params=q).raise_for_status()
            for _ in range(rounds):
                for i, q in enumerate(QUERIES):
                    t0 = time.perf_counter()
                    r = client.get("/api/events", params=q)
                    elapsed = time.perf_counter() - t0
                    r.raise_for_status()
                    times.append(elapsed)
                    per_query[i].append(elapsed)
    finally:
        server.should_exit = True
        thread.join(10)
    return times, per_query


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=115, help="copies of each story (115 x 89 = 10,235)")
    parser.add_argument("--rounds", type=int, default=30, help="times each filter set is asked")
    parser.add_argument("--db", help="build the corpus here (default: a temporary folder)")
    parser.add_argument("--from-db", help="take the stories' records from this corpus instead of extracting")
    args = parser.parse_args()

    from newswire.corpus.query import open_corpus
    from newswire.web.queries import Reader

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db or Path(tmp) / "bench_serve.duckdb")
        if db.exists():
            db.unlink()
        started = time.perf_counter()
        records = base_records(args.from_db)
        n_articles = build_corpus(db, records, args.copies)
        with open_corpus(db) as corpus:
            n_events = corpus.con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"corpus: {n_articles} articles, {n_events} events ({len(records)} stories x {args.copies}) "
              f"built in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        Reader(db).close()
        print(f"server start (the event index built): {time.perf_counter() - started:.1f} s")
        # baseline: what `newswire query events` runs, Corpus.events_sql, counted (no HTTP,
        # no rows to Python), for the filter sets that the Corpus knows
        base = baseline_times(db, args.rounds)
        times, per_query = http_times(db, args.rounds)

    print(f"{'filters':58} {'p50 ms':>7} {'p95 ms':>7}")
    for i, q in enumerate(QUERIES):
        label = "&".join(f"{k}={v}" for k, v in q.items())
        print(f"{label:58} {statistics.median(per_query[i]) * 1000:7.1f} {percentile(per_query[i], 95) * 1000:7.1f}")
    p95, p50 = percentile(times, 95) * 1000, statistics.median(times) * 1000
    base95 = percentile(base, 95) * 1000
    print(f"\n/api/events over HTTP, {len(times)} requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"(target < 100 ms: {'met' if p95 < 100 else 'NOT met'})")
    print(f"baseline, Corpus.events_sql counted (newswire query's own query, filter sets it knows): "
          f"p95 {base95:.1f} ms; /api/events p95 is {p95 / base95:.2f}x that")


if __name__ == "__main__":
    main()
