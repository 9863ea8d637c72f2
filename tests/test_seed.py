"""The seed story: boilerplate gone, Kirby's quotes his, no Putin–Zelensky talks that never happened."""
from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def seed(shared_dir, extract):
    path = shared_dir / "seeds" / "000_a956789f9a4d9f80.txt"
    gold_path = shared_dir / "eval" / "dev" / "seed-000.json"
    if not path.exists() or not gold_path.exists():
        pytest.skip(f"seed or its gold is missing under {shared_dir}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return extract(path.read_text(encoding="utf-8"), published=gold["published"], id="seed-000"), gold


def test_no_boilerplate_in_text(seed):
    record, gold = seed
    for junk in gold["boilerplate"]:
        assert junk not in record["text"], junk
        assert junk in [r["text"] for r in record["removed"]], junk


def test_kirby_quotes_are_his(seed):
    record, _ = seed
    kirby = [q for q in record["quotes"] if q["speaker_name"] in ("Kirby", "John Kirby")]
    texts = " ".join(q["text"] for q in kirby)
    for words in ("Mr. Putin can do the right thing now", "there doesn’t seem to be any hope of negotiating",
                  "Russia will continue to build more troops", "Mr. Putin has exactly zero strategic goals",
                  "He didn’t take away Ukraine’s sovereignty"):
        assert words in texts, words
    unattributed_direct = [q for q in record["quotes"] if q["kind"] == "direct" and q["speaker"] is None]
    assert unattributed_direct == []


def test_no_occurred_talks_between_putin_and_zelensky(seed):
    record, _ = seed
    names = {a["id"]: a["name"] for a in record["actors"]}
    for e in record["events"]:
        if e["type"] == "CONSULT" and e["status"] == "occurred":
            sides = {names[x] for x in e["source"] + e["target"]}
            assert not ({"Vladimir Putin"} <= sides and {"Volodymyr Zelensky"} <= sides), e
