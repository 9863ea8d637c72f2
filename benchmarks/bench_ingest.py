"""Ingest throughput over ../shared/data/voa: jobs=2 against jobs=1, and against
bare spaCy `nlp.pipe(n_process=2)` (the ceiling for two processes).

    python benchmarks/bench_ingest.py [--model NAME] [--repeat N]

Targets: jobs=2 at least 1.6x jobs=1; jobs=2 at least 85% of bare nlp.pipe.
Peak memory per worker comes from resource.getrusage inside the workers.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
VOA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"


def time_ingest(jobs: int, model: str | None) -> tuple[float, object]:
    from newswire.corpus.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        summary = ingest([str(VOA)], os.path.join(tmp, "bench.duckdb"), jobs=jobs, model=model, progress=False)
        return time.perf_counter() - started, summary


def time_bare_spacy(model: str | None, processes: int) -> float:
    import spacy

    from newswire.nlp.parse import DEFAULT_MODEL

    texts = [json.loads(line)["text"] for line in VOA.read_text().splitlines() if line.strip()]
    nlp = spacy.load(model or DEFAULT_MODEL)  # bare: the parse alone, none of newswire's components
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=8):
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    args = parser.parse_args()
    if not VOA.exists():
        print(f"skipped: {VOA} is not there")
        return 0
    n = sum(1 for line in VOA.read_text().splitlines() if line.strip())
    print(f"{n} VOA stories, {os.cpu_count()} CPUs")
    one = min(time_ingest(1, args.model)[0] for _ in range(args.repeat))
    runs = [time_ingest(2, args.model) for _ in range(args.repeat)]
    two, summary = min(runs, key=lambda r: r[0])
    bare = min(time_bare_spacy(args.model, 2) for _ in range(args.repeat))
    print(f"ingest jobs=1        {one:6.1f} s  {n / one:5.2f} articles/s")
    print(f"ingest jobs=2        {two:6.1f} s  {n / two:5.2f} articles/s  "
          f"speed-up {one / two:.2f}x (target >= 1.6x)")
    print(f"bare nlp.pipe 2 proc {bare:6.1f} s  {n / bare:5.2f} articles/s  "
          f"ingest jobs=2 at {bare / two:.0%} of it (target >= 85%)")
    for pid, mb in sorted(summary.peak_rss_mb.items()):
        print(f"worker {pid}: peak RSS {mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
