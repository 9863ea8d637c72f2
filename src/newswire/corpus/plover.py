"""Export: the events of a corpus that occurred, as PLOVER JSON records (the
PLOVER manual's "PLOVER JSON" table), one per line.

    >>> with open_corpus("news.duckdb") as corpus:
    ...     export_plover(corpus, "events.plover.jsonl")
    12
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..plover import QUAD_OF
from .store import ensure_parent

__all__ = ["export_plover", "plover_events", "plover_record"]


def export_plover(corpus, path: str | Path, **filters) -> int:
    """Write the occurred events of `corpus` (a `Corpus`) that `filters` select to `path`
    as PLOVER JSON Lines (its folder made if missing); gives how many were written."""
    ensure_parent(path)
    with open(path, "w", encoding="utf-8") as f:
        return sum(f.write(json.dumps(r, ensure_ascii=False) + "\n") > 0 for r in plover_events(corpus, **filters))


def plover_events(corpus, **filters) -> Iterator[dict]:
    """The occurred events of `corpus` as PLOVER JSON records, each linked to its event cluster."""
    links, languages = corpus.event_cluster_ids(), corpus.article_languages()
    for e in corpus.events(status="occurred", **filters):
        yield plover_record(e, links.get((e["article_id"], e["id"])), languages.get(e["article_id"], "en"))


def plover_record(event: dict, link: int | None = None, language: str = "en") -> dict:
    """One row of `Corpus.events()` as a PLOVER JSON record."""
    date, loc = event.get("date") or {}, event.get("location")
    record = {"id": f"{event['article_id']}-{event['id']}", "date": event.get("day"),
              "actor": [_entity(r) for r in event.get("source_actors") or []],
              "recipient": [_entity(r) for r in event.get("target_actors") or []],
              "event": [event["type"]], "mode": [event["mode"]] if event.get("mode") else [],
              "context": list(event.get("context") or []), "quad_code": QUAD_OF.get(event["type"]),
              "event_text": [event["evidence"]] if event.get("evidence") else [],
              "cite_info": _present({"url": event.get("url"), "title": event.get("title"),
                                     "publication": event.get("outlet"), "coder": "newswire", "language": language})}
    if date.get("end") and date.get("end") != event.get("day"):
        record["enddate"] = date["end"]
    if loc and loc.get("name"):
        record["event_loc"] = {k: v for k, v in {"extracted_place": loc["name"], "resolved_place": loc["name"],
                                                 "geonameid": loc.get("geonameid"), "lat": loc.get("lat"),
                                                 "lon": loc.get("lon"), "country_code": loc.get("country")}.items()
                               if v is not None}
    if link is not None:
        record["link"] = f"event_cluster-{link}"
    return record


def _entity(ref: dict) -> dict:
    return _present({"code": ref.get("code"), "sector": ref.get("sector"), "entity_text": ref.get("name"),
                     "office": ref.get("title")})


def _present(fields: dict) -> dict:
    """The fields that have a value (PLOVER JSON leaves the others out)."""
    return {k: v for k, v in fields.items() if v}
