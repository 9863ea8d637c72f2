"""Fuzz newswire: the property tests of tests/test_properties.py with a large budget.

    .venv/bin/python benchmarks/fuzz.py                 # 2,000 examples a property (~15 min)
    .venv/bin/python benchmarks/fuzz.py --examples 200  # a quick look
    .venv/bin/python benchmarks/fuzz.py --examples 100000 -k extract   # all night

Inputs are random mixes of newsroom words, quote marks, symbol runs, control
characters, stray bytes, broken markup and cut gzip data (tests/strategies.py).
Each run draws new examples (a random seed, printed); hypothesis keeps the
failures it finds in .hypothesis/ and tries them first next time. The
properties: no exception escapes the readers, the cleaner or extract; every
record validates against ../shared/contract/article.schema.json; every offset
lies inside `text`; every mention, quote and evidence span equals its slice."""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per property (default 2000)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    parser.add_argument("-k", default=None, help="only the properties whose name has this (pytest -k)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    print(f"fuzzing with {args.examples} examples a property, seed {seed}", flush=True)
    command = [sys.executable, "-m", "pytest", "-q", str(ROOT / "tests" / "test_properties.py"),
               f"--hypothesis-seed={seed}", "--hypothesis-show-statistics"]
    if args.k:
        command += ["-k", args.k]
    env = {**os.environ, "HYPOTHESIS_PROFILE": "fuzz", "FUZZ_EXAMPLES": str(args.examples)}
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
