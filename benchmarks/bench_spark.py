"""Spark local[2] against `newswire ingest --jobs 2`, measured in the same run,
interleaved (the machine's cores are shared: what slows one slows the other).

    python benchmarks/bench_spark.py [--copies N] [--rounds R]

Input: the 89 VOA stories of ../shared/data/voa, `--copies` times over, each copy
with its own ids and one extra closing line (so no copy is dropped as a
duplicate). Each round runs both commands as a user would, in alternating order
(ABBA), on fresh output; wall time includes starting Python, the model and, for
Spark, the JVM. Target: Spark local[2] at least 0.8x the ingest throughput, on
the whole wall time. Spark's start-up (the JVM and session, from its
summary.json) is also shown apart, with the ratio it would give without it, so
that the steady-state rate is visible; that ratio is not the target.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"
NEWSWIRE = [str(Path(sys.executable).with_name("newswire"))]  # the installed command, as a user runs it


def build_input(folder: Path, copies: int) -> tuple[Path, int]:
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / "voa_copies.jsonl"
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for copy in range(copies):
            for story in stories:
                item = dict(story, id=f"{story['id']}-copy{copy}")
                if copy:
                    item["text"] = story["text"] + f"\n\nThis story was republished, copy {copy}."
                f.write(json.dumps(item) + "\n")
                n += 1
    return path, n


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return seconds


def ingest(source: Path, folder: Path, n: int) -> dict:
    db = folder / f"ingest-{time.monotonic_ns()}.duckdb"
    seconds = timed(NEWSWIRE + ["ingest", str(source), "--db", str(db), "--jobs", "2", "--no-progress"])
    return {"seconds": seconds, "rate": n / seconds}


def spark(source: Path, folder: Path, n: int) -> dict:
    out = folder / f"spark-{time.monotonic_ns()}"
    seconds = timed(NEWSWIRE + ["spark", str(source), "--out", str(out), "--master", "local[2]"])
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counters"]["articles"] + summary["counters"]["errors"] == n, summary
    db = out.with_suffix(".duckdb")
    imported = timed(NEWSWIRE + ["import", str(out), "--db", str(db)])
    return {"seconds": seconds, "rate": n / seconds, "startup": summary["startup_seconds"], "import": imported,
            "rate_after_startup": n / (seconds - summary["startup_seconds"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    if not VOA.exists():
        print(f"skipped: {VOA} is not there")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source, n = build_input(folder, args.copies)
        print(f"{n} articles ({args.copies} x 89 VOA stories), {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
              flush=True)
        print("round  order          ingest --jobs 2        spark local[2]          ratio")
        ratios, ingests, sparks, steady = [], [], [], []
        for r in range(args.rounds):
            order = ("ingest", "spark") if r % 2 == 0 else ("spark", "ingest")
            got = {}
            for name in order:
                got[name] = (ingest if name == "ingest" else spark)(source, folder, n)
            i, s = got["ingest"], got["spark"]
            ratios.append(s["rate"] / i["rate"])
            steady.append(s["rate_after_startup"] / i["rate"])
            ingests.append(i["rate"])
            sparks.append(s["rate"])
            print(f"{r + 1:5d}  {order[0]:>6} first   {i['seconds']:6.1f} s {i['rate']:5.2f}/s    "
                  f"{s['seconds']:6.1f} s {s['rate']:5.2f}/s    {ratios[-1]:.2f}x   "
                  f"(spark start-up {s['startup']:.1f} s, without it {steady[-1]:.2f}x; "
                  f"import+link {s['import']:.1f} s; load {os.getloadavg()[0]:.1f})", flush=True)
        print(f"median: ingest {statistics.median(ingests):.2f} articles/s, spark {statistics.median(sparks):.2f} "
              f"articles/s, spark/ingest {statistics.median(ratios):.2f}x (target >= 0.8x; "
              f"without Spark's start-up {statistics.median(steady):.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
