"""What newswire costs on top of spaCy: bare parsing against full extraction.

    >>> result = run_extract_bench("voa_stories.jsonl", jobs=(1, 2))
    >>> print(format_table(result))

For each number of processes N in `jobs`, over the same article texts:

- bare: `spacy.load(model)` (with numpy's BLAS, as newswire's) and `nlp.pipe(texts, n_process=N)`, no newswire
  components: the cost of parsing alone;
- newswire: `pipeline.extract_records` (validate, clean, parse, actors, quotes,
  events, record dict) for N=1, `parallel.ParallelExtractor` with N worker
  processes (each loads the model once, then takes batches) for N>1.

Everything runs in one process run, after a warm-up; each figure is the best of
`repeat` runs. The inputs are read into memory first, so file reading is
timed in neither. The pool's start-up (model loading in the workers) is
reported apart, not in the newswire time: spaCy's own `n_process` workers are
forked with the model already loaded. Overhead = newswire time / bare time − 1;
the target is under 25%.

Where the parts live, and why. This module is the timing core, a library
function: `newswire bench` (cli/bench.py) must work from an installed wheel,
and an installed package cannot import the repository's `benchmarks/` folder
(making that folder a package would put a top-level `benchmarks` module into
site-packages beside every other project's). The benchmark itself, the script
with the repository's default corpus (../shared/data/voa beside the checkout),
is benchmarks/bench_extract.py. The core knows no default corpus: the caller
names the file or folder, and a missing one is an error that names it.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

__all__ = ["run_extract_bench", "profile_extract", "format_table", "format_profile", "format_report",
           "load_inputs", "TARGET_OVERHEAD"]

TARGET_OVERHEAD = 0.25  # newswire may add at most 25% to the cost of parsing
WARM_UP = 4  # articles run through each pipeline before timing
PACKAGE = Path(__file__).resolve().parents[1]  # newswire/: its functions are the ones profiled


def load_inputs(path: str | os.PathLike, limit: int | None = None) -> list[dict]:
    """Input records with plain `text` (bare spaCy cannot parse HTML) from a file or folder.
    FileNotFoundError, naming the path, where there is none."""
    from ..read.files import iter_inputs

    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file or folder (give the path of a .jsonl file or a folder of articles)")
    records = [r for r in iter_inputs([str(path)]) if isinstance(r.get("text"), str) and r["text"].strip()]
    return records[:limit] if limit else records


def run_extract_bench(path: str | os.PathLike, jobs: Iterable[int] = (1, 2), limit: int | None = None,
                      model: str | None = None, batch_size: int = 16, repeat: int = 1) -> dict:
    """Time bare spaCy parsing and newswire extraction with 1, 2, … processes; a dict of the figures."""
    import spacy

    from ..nlp.parse import DEFAULT_MODEL, numpy_matrix_products

    path = Path(path)
    inputs = load_inputs(path, limit)
    if not inputs:
        raise ValueError(f"{path}: no articles with text to benchmark")
    texts = [r["text"] for r in inputs]
    model = model or DEFAULT_MODEL
    bare_nlp = spacy.load(model)
    numpy_matrix_products(bare_nlp)  # the same arithmetic as newswire's model: only its stages are compared
    runs = []
    for n in sorted(set(int(j) for j in jobs)):
        with _Newswire(n, model, batch_size) as newswire:
            startup = newswire.warm_up(inputs[:WARM_UP * n])
            _time_bare(bare_nlp, texts[:WARM_UP * n], n, batch_size)
            bare, nw, records = float("inf"), float("inf"), []
            for _ in range(max(1, repeat)):  # interleaved, so that a busy machine slows both alike
                bare = min(bare, _time_bare(bare_nlp, texts, n, batch_size))
                seconds, records = newswire.timed(inputs)
                nw = min(nw, seconds)
        runs.append({
            "processes": n,
            "bare_seconds": round(bare, 3), "bare_articles_per_s": round(len(texts) / bare, 2),
            "newswire_seconds": round(nw, 3), "newswire_articles_per_s": round(len(texts) / nw, 2),
            "overhead": round(nw / bare - 1, 4),
            "pool_start_seconds": round(startup, 3) if n > 1 else None,
            "errors": sum(1 for r in records if "error" in r),
            "quotes": sum(len(r.get("quotes", [])) for r in records),
            "events": sum(len(r.get("events", [])) for r in records),
        })
    return {
        "corpus": str(path), "articles": len(texts), "characters": sum(map(len, texts)),
        "model": model, "spacy": spacy.__version__, "cpus": os.cpu_count(), "batch_size": batch_size,
        "repeat": repeat, "target_overhead": TARGET_OVERHEAD, "runs": runs,
        "meets_target": all(r["overhead"] < TARGET_OVERHEAD for r in runs),
    }


def _time_bare(nlp, texts: list[str], processes: int, batch_size: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - started


class _Newswire:
    """Full extraction: in this process for 1, a warmed-up ParallelExtractor for more."""

    def __init__(self, processes: int, model: str, batch_size: int):
        from .parallel import ParallelExtractor
        from .extract import load_model

        self.batch_size = batch_size
        self.nlp = load_model(model) if processes <= 1 else None
        self.pool = ParallelExtractor(processes, model=model, batch_size=batch_size) if processes > 1 else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.close()

    def warm_up(self, inputs: list[dict]) -> float:
        """Seconds to get every worker loaded and run once (the pool's start-up)."""
        started = time.perf_counter()
        if self.pool is not None:
            self.pool.warm_up(inputs)
        else:
            self.extract(inputs)
        return time.perf_counter() - started

    def extract(self, inputs: list[dict]) -> list[dict]:
        from .extract import extract_records

        if self.pool is not None:
            return list(self.pool.extract(inputs))
        return list(extract_records(inputs, nlp=self.nlp, batch_size=self.batch_size))

    def timed(self, inputs: list[dict]) -> tuple[float, list[dict]]:
        started = time.perf_counter()
        records = self.extract(inputs)
        return time.perf_counter() - started, records


def profile_extract(path: str | os.PathLike, limit: int | None = None, model: str | None = None,
                    batch_size: int = 16, top: int = 15) -> dict:
    """cProfile one 1-process extraction; newswire's own functions by cumulative time."""
    import cProfile
    import pstats

    from .extract import extract_records, load_model

    inputs = load_inputs(path, limit)
    nlp = load_model(model)
    list(extract_records(inputs[:WARM_UP], nlp=nlp, batch_size=batch_size))
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    list(extract_records(inputs, nlp=nlp, batch_size=batch_size))
    profiler.disable()
    total = time.perf_counter() - started
    package = str(PACKAGE)
    stats = pstats.Stats(profiler).stats  # (file, line, function) -> (calls, primitive, tottime, cumtime, callers)
    rows = []
    for (filename, line, function), (_, calls, tottime, cumtime, _) in stats.items():
        if filename.startswith(package) and not filename.endswith(("pipeline/bench.py", "pipeline/parallel.py")):
            rows.append({"where": f"{os.path.relpath(filename, package)}:{function}", "line": line, "calls": calls,
                         "cumulative_s": round(cumtime, 3), "own_s": round(tottime, 3)})
    rows.sort(key=lambda r: -r["cumulative_s"])
    return {"articles": len(inputs), "seconds": round(total, 3), "components": _component_share(nlp, stats),
            "hot_spots": rows[:top]}


def _component_share(nlp, stats) -> dict:
    """Cumulative seconds in each pipeline component's __call__/pipe, as cProfile saw them."""
    out = {}
    for name, component in nlp.pipeline:
        code = getattr(getattr(component, "__call__", None), "__code__", None) or getattr(component, "__code__", None)
        if code is None:
            continue
        for (filename, line, function), (_, _, _, cumtime, _) in stats.items():
            if filename == code.co_filename and line == code.co_firstlineno:
                out[name] = round(cumtime, 3)
    return out


def format_table(result: dict) -> str:
    lines = [f"{result['articles']} articles ({result['characters']:,} characters) from {result['corpus']}",
             f"model {result['model']} (spaCy {result['spacy']}), {result['cpus']} CPUs, batch size "
             f"{result['batch_size']}, best of {result['repeat']}",
             "",
             f"{'processes':>9}  {'bare spaCy':>16}  {'newswire':>16}  {'newswire adds':>13}  {'pool start':>10}",
             f"{'':>9}  {'s':>6} {'articles/s':>9}  {'s':>6} {'articles/s':>9}  {'':>13}  {'':>10}"]
    for r in result["runs"]:
        start = f"{r['pool_start_seconds']:.1f} s" if r["pool_start_seconds"] is not None else "-"
        lines.append(f"{r['processes']:>9}  {r['bare_seconds']:6.2f} {r['bare_articles_per_s']:9.1f}  "
                     f"{r['newswire_seconds']:6.2f} {r['newswire_articles_per_s']:9.1f}  "
                     f"{r['overhead']:>12.0%}  {start:>10}")
    lines.append("")
    for r in result["runs"]:
        verdict = "meets" if r["overhead"] < result["target_overhead"] else "MISSES"
        lines.append(f"{r['processes']} process{'es' if r['processes'] > 1 else ''}: newswire adds "
                     f"{r['overhead']:.0%} to bare parsing ({verdict} the target of under "
                     f"{result['target_overhead']:.0%}); {r['errors']} error records, {r['quotes']} quotes, "
                     f"{r['events']} events")
    return "\n".join(lines)


def format_profile(profile: dict) -> str:
    lines = [f"cProfile, 1 process, {profile['articles']} articles in {profile['seconds']:.2f} s "
             "(profiled, so slower than above)"]
    if profile["components"]:
        lines.append("pipeline components (cumulative s): " + ", ".join(
            f"{name} {secs:.2f}" for name, secs in profile["components"].items()))
    lines.append(f"{'cumulative s':>12} {'own s':>7} {'calls':>8}  newswire function")
    for row in profile["hot_spots"]:
        lines.append(f"{row['cumulative_s']:12.3f} {row['own_s']:7.3f} {row['calls']:8d}  {row['where']}")
    return "\n".join(lines)


def format_report(result: dict, profile: dict | None = None, as_json: bool = False) -> str:
    """What `newswire bench` and benchmarks/bench_extract.py print: the table (and the
    profile's hot spots), or one JSON object."""
    if as_json:
        return json.dumps({**result, "profile": profile} if profile else result, indent=2)
    return format_table(result) + (f"\n\n{format_profile(profile)}" if profile else "")
