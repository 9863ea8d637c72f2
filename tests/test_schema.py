"""Every record, good or error, matches ../shared/contract/article.schema.json; offsets point into text."""
from __future__ import annotations

import json

import pytest

jsonschema = pytest.importorskip("jsonschema")

ARTICLES = [
    ("Draghi calls Zelensky and Putin\n\nOn May 27, Italian Prime Minister Mario Draghi spoke on the phone with "
     "President Zelensky after a phone call with Putin, his office said.\n\n"
     "“We will keep talking to both sides,” Draghi told reporters in Rome.\n\nSource link\n"),
    ("Kenya budget\n\nKenya's new finance minister, Jane Wanjiru, presented the budget to parliament on Thursday.\n\n"
     "Wanjiru said the deficit would shrink next year. She added that taxes would not rise.\n\n"
     "Also read: Kenya's shilling hits record low\n"),
    ("Attack in central Mali\n\nIn central Mali, gunmen on motorbikes killed at least 20 villagers on Sunday, "
     "according to local officials.\n\nThe government condemned the attack and sent troops to the area.\n"),
    ("Sanctions\n\nThe European Union imposed new sanctions on Belarus on Monday, and Minsk accused Brussels of "
     "interfering in its affairs. “These measures are illegal,” the Belarusian foreign ministry said.\n"),
]


@pytest.fixture(scope="module")
def validator(shared_dir):
    schema = json.loads((shared_dir / "contract" / "article.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def records(extract_many):
    inputs = [{"id": f"s{i}", "text": t, "published": "2022-05-28"} for i, t in enumerate(ARTICLES)]
    inputs += [{"id": "empty", "text": ""}, {"id": "nothing"}, {"id": "html", "html": "<html><body></body></html>"}]
    return extract_many(inputs)


def test_every_record_validates(validator, records):
    assert len(records) == len(ARTICLES) + 3
    for record in records:
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, (record["id"], errors)


def test_error_records_validate(validator, records):
    errors = [r for r in records if "error" in r]
    assert [r["id"] for r in errors] == ["empty", "nothing", "html"]
    for r in errors:
        validator.validate(r)


def test_good_records_have_content(records):
    good = [r for r in records if "error" not in r]
    assert all(r["actors"] for r in good)
    assert sum(len(r["quotes"]) for r in good) >= 3
    assert sum(len(r["events"]) for r in good) >= 2


def test_offsets_point_into_text(records):
    checked = 0
    for r in (r for r in records if "error" not in r):
        text = r["text"]
        for a in r["actors"]:
            for m in a["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"], (r["id"], a["name"], m)
                checked += 1
        for q in r["quotes"]:
            parts = [text[s["start"]:s["end"]] for s in q["spans"]]
            assert all(p.strip() and p.strip(" ,.") in q["text"] for p in parts), (r["id"], q)
            checked += 1
        for e in r["events"]:
            ids = {a["id"] for a in r["actors"]}
            assert set(e["source"]) <= ids and set(e["target"]) <= ids
            assert e["evidence"]["text"] in text
            checked += 1
    assert checked > 20


def test_event_evidence_offsets_point_into_text(records):
    events = [(r["text"], e) for r in records if "error" not in r for e in r["events"]]
    assert events
    for text, e in events:
        ev = e["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"], e


def test_quote_speakers_are_actors(records):
    for r in (r for r in records if "error" not in r):
        names = {a["id"]: a["name"] for a in r["actors"]}
        for q in r["quotes"]:
            if q["speaker"] is not None:
                assert names[q["speaker"]] == q["speaker_name"]
