"""Stage 6, events: PLOVER events (placeholder until the event coder lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newswire_events")
def events_component(doc: Doc) -> Doc:
    doc._.events = []
    return doc
