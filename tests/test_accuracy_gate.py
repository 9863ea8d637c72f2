"""Accuracy gate: the scores on every gold set stay at or above their floors.

tests/eval_floors.json holds one floor per set and metric, a little under what the code
reaches; `forbidden` and `leaked` are ceilings (counts of mistakes). The sets:
../shared/eval/dev (written), dev-voa and dev-voa-events (real VOA copy, visible),
the sealed pack (real VOA copy, aggregate only: score.py prints its summary and nothing
else) and the PLOVER gold sentences. Floors, not a ratchet: a change to extraction is
judged on the sealed set (it must not fall there), and a visible set may move a little
either way on the way. Raise a floor by hand when a change lifts it for good."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = (REPO / ".." / "shared").resolve()
FLOORS = Path(__file__).resolve().parent / "eval_floors.json"
CEILINGS = {"leaked", "forbidden"}
SETS = {  # name → gold path under ../shared
    "dev": "eval/dev",
    "dev-voa": "eval/dev-voa",
    "dev-voa-events": "eval/dev-voa-events",
    "sealed": "eval/sealed/gold.pack",
    "plover-gsr": "data/plover-gsr/gold.jsonl",
    "dev-fr": "eval/dev-fr",
}


def newswire_command() -> str:
    exe = Path(sys.executable).parent / "newswire"
    if not exe.exists():
        pytest.skip(f"{exe} is not installed: run `pip install -e .` in the venv")
    return str(exe)


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    scorer = SHARED / "eval" / "score.py"
    if not scorer.exists():
        pytest.skip(f"{scorer} is missing: the gate needs ../shared/eval beside the repository")
    command = newswire_command()
    running = {}
    for name, gold in SETS.items():  # all sets at once: the gate stays under a minute
        if not (SHARED / gold).exists():
            pytest.skip(f"{SHARED / gold} is missing")
        running[name] = subprocess.Popen(
            [sys.executable, str(scorer), str(SHARED / gold), "--json", "--", command, "extract"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    out = {}
    for name, proc in running.items():
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"score.py on {name} failed:\n{stderr[-2000:]}"
        lines = [x for x in stdout.splitlines() if x.startswith("{")]
        assert lines, f"score.py on {name} printed no JSON summary:\n{stdout[-2000:]}"
        out[name] = json.loads(lines[-1])
    return out


def compare(floors: dict, scores: dict) -> list[str]:
    """Every figure below its floor (or above its ceiling), as 'set.metric: got x, floor y'."""
    failures = []
    for name, metrics in floors.items():
        for metric, floor in metrics.items():
            got = scores.get(name, {}).get(metric)
            if got is None:
                failures.append(f"{name}.{metric}: missing from the scorer's summary")
            elif metric in CEILINGS and got > floor:
                failures.append(f"{name}.{metric}: got {got}, at most {floor}")
            elif metric not in CEILINGS and got < floor:
                failures.append(f"{name}.{metric}: got {got:.3f}, floor {floor}")
    return failures


def test_scores_hold_their_floors(scores):
    failures = compare(json.loads(FLOORS.read_text(encoding="utf-8")), scores)
    assert not failures, "accuracy fell under its floor:\n  " + "\n  ".join(failures)
    for name in SETS:
        assert scores[name]["errors"] == 0, f"{name}: {scores[name]['errors']} articles gave error records"


def test_compare_names_each_figure_under_its_floor():
    floors = {"dev": {"event_f1": 0.78, "forbidden": 0}, "sealed": {"event_f1": 0.36, "forbidden": 4}}
    scores = {"dev": {"event_f1": 0.79, "forbidden": 1}, "sealed": {"event_f1": 0.35, "forbidden": 4}}
    assert compare(floors, scores) == ["dev.forbidden: got 1, at most 0", "sealed.event_f1: got 0.350, floor 0.36"]
    assert compare(floors, {"dev": {"event_f1": 0.8, "forbidden": 0}}) == [
        "sealed.event_f1: missing from the scorer's summary", "sealed.forbidden: missing from the scorer's summary"]
