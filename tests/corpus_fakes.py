"""A fast stand-in for newswire.pipeline.extract in the corpus tests (no spaCy model):
`load_model` and `extract_records` with the same signatures, giving
contract-shaped records from a few regular expressions.

Environment hooks for the crash tests: FAKE_SLEEP (seconds per article) and
FAKE_PROGRESS (a file to which each extracted id is appended)."""
from __future__ import annotations

import os
import re
import time

COUNTRIES = {"Russia": "RUS", "Ukraine": "UKR", "Italy": "ITA", "Turkey": "TUR"}
PEOPLE = {"Kirby": ("John Kirby", "USA"), "Putin": ("Vladimir Putin", "RUS"),
          "Zelensky": ("Volodymyr Zelensky", "UKR"), "Draghi": ("Mario Draghi", "ITA")}
QUOTE = re.compile(r"[\"“]([^\"”]+)[\"”]")


def load_model(name=None):
    return {"model": name or "fake"}


def extract_records(inputs, nlp=None, batch_size=16):
    for item in inputs:
        if os.environ.get("FAKE_SLEEP"):
            time.sleep(float(os.environ["FAKE_SLEEP"]))
        yield extract_one(item)
        if os.environ.get("FAKE_PROGRESS"):
            with open(os.environ["FAKE_PROGRESS"], "a") as f:
                f.write(item["id"] + "\n")


def extract_one(item: dict) -> dict:
    text = item.get("text") or re.sub(r"<[^>]+>", " ", item.get("html") or "")
    if "FAIL" in text:
        return {"schema": "newswire.article/1", "id": item["id"],
                "error": {"kind": "bad_input", "message": "the text asks to fail"}}
    actors = []
    for word, code in COUNTRIES.items():
        spans = [{"text": word, "start": m.start(), "end": m.end()} for m in re.finditer(word, text)]
        if spans:
            actors.append({"name": word, "kind": "country", "code": code, "sector": None, "title": None,
                           "mentions": spans})
    for word, (name, code) in PEOPLE.items():
        spans = [{"text": word, "start": m.start(), "end": m.end()} for m in re.finditer(word, text)]
        if spans:
            actors.append({"name": name, "kind": "person", "code": code, "sector": "GOV", "title": None,
                           "mentions": spans})
    for i, actor in enumerate(actors, 1):
        actor["id"] = f"a{i}"
    by_name = {a["name"]: a["id"] for a in actors}
    quotes = []
    for i, m in enumerate(QUOTE.finditer(text), 1):
        speaker = by_name.get("John Kirby")
        quotes.append({"id": f"q{i}", "kind": "direct", "text": m.group(1),
                       "spans": [{"start": m.start(1), "end": m.end(1)}], "speaker": speaker,
                       "speaker_name": "John Kirby" if speaker else None, "cue": "said"})
    events = []
    if "phone" in text and "Mario Draghi" in by_name and "Volodymyr Zelensky" in by_name:
        start = text.index("phone")
        events.append({"id": "e1", "type": "CONSULT", "mode": "phone", "context": [],
                       "source": [by_name["Mario Draghi"]], "target": [by_name["Volodymyr Zelensky"]],
                       "status": "occurred",
                       "date": {"start": "2022-05-27", "end": "2022-05-27", "precision": "day", "text": "May 27"},
                       "location": None, "evidence": {"text": text[start:start + 40], "start": start,
                                                      "end": min(len(text), start + 40)},
                       "quote": None, "confidence": 0.8})
    return {"schema": "newswire.article/1", "id": item["id"], "url": item.get("url"),
            "source": item.get("source"), "title": item.get("title"),
            "published": (item.get("published") or None) and item["published"][:10],
            "text": text, "removed": [{"kind": "related_link", "text": "Also read: x"}] if "Also read" in text else [],
            "actors": actors, "quotes": quotes, "events": events, "warnings": []}
