"""Hostile texts through the whole pipeline, each timed once in a child process (so
that a hang is cut off at --limit seconds and memory is each case's own).

    .venv/bin/python benchmarks/bench_hostile.py [--limit 60] [--only NAME] [--json]

Cases (issue 10): 100,000 commas, 100,000 '!', 50,000 emoji (with and without
spaces), 4,000 short quotes in ~124 KB, 10,000 nested <div>s, a 1.6-million-character
article, a 100,000-character word, a page of 16,000 menu links; and, for comparison, ordinary news prose of
100,000 characters. Each must finish in under 5 s. The baseline, in the same run,
is an ordinary 5,000-character news text: `x linear` is a case's time over that
baseline scaled to the case's length, i.e. how far from linear-time the case is
(1 = as fast per character as ordinary news). `spaCy` is the same case's cleaned
text through the spaCy model alone (newswire's own stages off), timed after it in the
same child: what is left of a case's time is newswire's own. The per-article time budget is
switched off (timeout=0) so that the real time is seen."""
from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TARGET_S = 5.0
BASE_CHARS = 5_000
LEAD = "Officials in Lima said on Tuesday that the talks would resume next week, and then they wrote "
NEWS = ("The supreme court in Lima postponed its ruling on the copper mining licence until next month, "
        "lawyers for both sides said on Wednesday. \"We will appeal,\" the company's chief executive, "
        "Maria Torres, told reporters outside the court. ")


def cases() -> dict[str, dict]:
    body = " ".join([NEWS] * 3)
    return {
        "100,000 commas": {"text": LEAD + "," * 100_000 + " and left."},
        "100,000 '!'": {"text": LEAD + "!" * 100_000},
        "50,000 emoji": {"text": LEAD + "😀" * 50_000 + "."},
        "50,000 emoji, spaced": {"text": LEAD + "😀 " * 50_000 + "."},
        "4,000 short quotes": {"text": " ".join(f'"Yes {i}," he said.' for i in range(4_000))},
        "10,000 nested divs": {"html": "<html><body>" + "<div>" * 10_000 + f"<p>{body}</p>" + "</div>" * 10_000
                               + "</body></html>"},
        "1.6 million characters": {"text": "The minister said the talks in Geneva would resume next week. " * 25_400},
        "a 100,000-letter word": {"text": LEAD + "a" * 100_000 + "."},
        "16,000 menu links in a page": {"html": "<html><body><nav><ul>" + "".join(
            f"<li><a href='/{i}'>Related story number {i} about something else</a></li>" for i in range(16_000))
            + f"</ul></nav><article><p>{body}</p></article></body></html>"},
        "ordinary news, 100,000 chars": baseline(100_000),
    }


def baseline(size: int) -> dict:
    return {"text": (NEWS * (size // len(NEWS) + 1))[:size]}


def _run(item: dict, queue) -> None:
    from newswire.pipeline.extract import extract_records, load_model

    nlp = load_model()
    list(extract_records([{"id": "warm", "text": NEWS}], nlp=nlp))
    started = time.perf_counter()
    [record] = list(extract_records([{"id": "case", **item}], nlp=nlp, timeout=0))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"seconds": seconds, "spacy_s": spacy_alone(nlp, item) if record.get("error") is None else None,
               "peak_mb": round(peak), "error": (record.get("error") or {}).get("kind"),
               "quotes": len(record.get("quotes") or [])})


def spacy_alone(nlp, item: dict) -> float:
    """Seconds the spaCy model alone takes over the case's cleaned text."""
    from newswire.nlp.parse import make_doc
    from newswire.pipeline.extract import COMPONENTS, prepare

    doc = make_doc(nlp, prepare({"id": "case", **item}))
    started = time.perf_counter()
    with nlp.select_pipes(disable=list(COMPONENTS)):
        nlp(doc)
    return time.perf_counter() - started


def timed(item: dict, limit: float) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_run, args=(item, queue))
    child.start()
    child.join(limit + 30)  # the model loads first (a few seconds)
    if child.is_alive():
        child.kill()
        child.join()
        return {"seconds": None, "error": f"still running after {limit:g} s: killed"}
    return queue.get() if not queue.empty() else {"seconds": None, "error": f"child exited {child.exitcode}"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a case is killed")
    parser.add_argument("--only", help="only the cases whose name contains this")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    baseline_run = timed(baseline(BASE_CHARS), args.limit)
    base = baseline_run["seconds"]
    if not args.json:
        print(f"baseline: ordinary news of {BASE_CHARS:,} characters in {base:.2f} s "
              f"(spaCy alone {baseline_run['spacy_s']:.2f} s)", flush=True)
    for name, item in cases().items():
        if args.only and args.only not in name:
            continue
        size = len(item.get("text") or item.get("html"))
        result = timed(item, args.limit)
        ratio = result["seconds"] / (base * size / BASE_CHARS) if result["seconds"] is not None and base else None
        ok = result["seconds"] is not None and result["seconds"] < TARGET_S
        rows.append({"case": name, "chars": size, **result, "baseline_s": base, "x_linear": ratio, "ok": ok})
        if not args.json:
            linear = f"x linear {ratio:5.2f}" if ratio is not None else "x linear   -  "
            print(f"{name:30} {size:>10,} chars  {_s(result['seconds'])}  {linear}  spaCy {_s(result.get('spacy_s'))}  "
                  f"{result.get('peak_mb', '?')} MB  {result.get('error') or 'ok'}  {'PASS' if ok else 'FAIL'}",
                  flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0 if all(r["ok"] for r in rows) else 1


def _s(seconds) -> str:
    return f"{seconds:6.2f} s" if seconds is not None else "   -    "


if __name__ == "__main__":
    sys.exit(main())
