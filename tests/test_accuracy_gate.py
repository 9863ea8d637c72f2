"""Accuracy gate: the scores on ../shared/eval/dev, dev-voa (real VOA copy) and the PLOVER gold set never go down
(date_acc aside, within DATE_SLACK, when event_f1 rises in the same run).

tests/eval_baseline.json pins the figures. A figure below its baseline by more
than TOLERANCE fails; a better one rewrites the baseline upward (never down).
`leaked` and `forbidden` count mistakes: they must not rise, and must be 0."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = (REPO / ".." / "shared").resolve()
BASELINE = Path(__file__).resolve().parent / "eval_baseline.json"
TOLERANCE = 0.0005
LOWER_IS_BETTER = {"leaked", "forbidden"}
# date_acc is the share of *matched* events dated right: an event newly matched with a wrong date
# lowers it while no date got worse. It may fall this much, once, in a run where event_f1 rose.
DATE_SLACK = 0.015
SETS = {  # name → (gold path under ../shared, metrics pinned)
    "dev": ("eval/dev", ["quote_f1", "speaker_acc", "event_f1", "date_acc", "leaked", "forbidden"]),
    "dev-voa": ("eval/dev-voa", ["quote_f1", "speaker_acc", "event_f1", "date_acc", "leaked", "forbidden"]),
    "plover-gsr": ("data/plover-gsr/gold.jsonl", ["event_f1", "leaked", "forbidden"]),
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
    for name, (gold, _) in SETS.items():  # all sets at once: the gate stays under a minute
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


def compare(baseline: dict, scores: dict) -> tuple[list[str], list[str], dict]:
    """(regressions, improvements, the new baseline)."""
    worse, better, updated = [], [], json.loads(json.dumps(baseline))
    for name, (_, metrics) in SETS.items():
        if name not in scores:
            continue
        for metric in metrics:
            old, new = baseline.get(name, {}).get(metric), scores[name].get(metric)
            if new is None:
                worse.append(f"{name}.{metric}: missing from the scorer's summary")
                continue
            if old is None:
                updated.setdefault(name, {})[metric] = new
                better.append(f"{name}.{metric}: (new) {new}")
                continue
            sign = -1 if metric in LOWER_IS_BETTER else 1
            delta = sign * (new - old)
            if metric == "date_acc" and -DATE_SLACK <= delta < -TOLERANCE and \
                    scores[name].get("event_f1", 0) > baseline[name].get("event_f1", 1) + TOLERANCE:
                updated[name][metric] = new  # more events matched, one of them with a wrong date
                better.append(f"{name}.{metric}: {old} → {new} (event_f1 rose; a share of more matched events)")
                continue
            if delta < -TOLERANCE or (metric in LOWER_IS_BETTER and new > old):
                worse.append(f"{name}.{metric}: {old} → {new}")
            elif delta > TOLERANCE:
                updated[name][metric] = new
                better.append(f"{name}.{metric}: {old} → {new}")
    return worse, better, updated


def test_scores_do_not_go_down(scores):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    worse, better, updated = compare(baseline, scores)
    if better and not worse:
        BASELINE.write_text(json.dumps(updated, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print("accuracy gate: baseline raised:\n  " + "\n  ".join(better))
    assert not worse, "accuracy went down:\n  " + "\n  ".join(worse)
    for name in SETS:
        assert scores[name]["errors"] == 0, f"{name}: {scores[name]['errors']} articles gave error records"


@pytest.mark.parametrize("name", [n for n in SETS if "leaked" in SETS[n][1]])
def test_nothing_leaked(scores, name):
    assert scores[name]["leaked"] == 0, f"{name}: boilerplate leaked into text"


@pytest.mark.parametrize("name", list(SETS))
def test_no_forbidden_events(scores, name):
    assert scores[name]["forbidden"] == 0, f"{name}: events that did not happen were emitted as occurred"


def test_compare_only_raises_the_baseline():
    base = {"dev": {"quote_f1": 0.9, "speaker_acc": 0.8, "event_f1": 0.3, "date_acc": 0.8, "leaked": 0, "forbidden": 0},
            "plover-gsr": {"event_f1": 0.2, "leaked": 0, "forbidden": 0},
            "dev-voa": {"quote_f1": 0.9, "speaker_acc": 0.9, "event_f1": 0.5, "date_acc": 0.9, "leaked": 0,
                        "forbidden": 0}}
    scores = {"dev": dict(base["dev"], quote_f1=0.95, event_f1=0.2996), "plover-gsr": dict(base["plover-gsr"]),
              "dev-voa": dict(base["dev-voa"])}
    worse, better, updated = compare(base, scores)
    assert worse == [] and better == ["dev.quote_f1: 0.9 → 0.95"]
    assert updated["dev"]["quote_f1"] == 0.95 and updated["dev"]["event_f1"] == 0.3  # within tolerance: kept
    scores["dev"]["speaker_acc"], scores["plover-gsr"]["forbidden"] = 0.79, 1
    worse, _, _ = compare(base, scores)
    assert worse == ["dev.speaker_acc: 0.8 → 0.79", "plover-gsr.forbidden: 0 → 1"]


def test_date_share_may_fall_a_little_only_when_more_events_match():
    metrics = {"quote_f1": 0.9, "speaker_acc": 0.9, "event_f1": 0.6, "date_acc": 0.92, "leaked": 0, "forbidden": 0}
    base = {"dev": dict(metrics), "dev-voa": dict(metrics), "plover-gsr": {"event_f1": 0.6, "leaked": 0, "forbidden": 0}}

    def run(event_f1, date_acc):
        scores = json.loads(json.dumps(base))
        scores["dev-voa"].update(event_f1=event_f1, date_acc=date_acc)
        return compare(base, scores)

    worse, _, updated = run(0.62, 0.91)
    assert worse == [] and updated["dev-voa"]["date_acc"] == 0.91
    assert run(0.6, 0.91)[0] == ["dev-voa.date_acc: 0.92 → 0.91"]
    assert run(0.62, 0.90)[0] == ["dev-voa.date_acc: 0.92 → 0.9"]
