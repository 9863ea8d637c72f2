"""Quote text is what was said: no timestamp or dateline before it, no next sentence after
it, no scare-quoted term or title standing for a quote.

GOLD.md and PolNeAR's guidelines count as quoted content only the proposition a source
asserts: a term in quote marks inside the narration's sentence ("refer to them as the
“Axis of Upheaval,”") is the writer's, not a quote; the name of a report or a show is a
title; a page's timestamp and dateline are the wire's, not the speaker's."""
from __future__ import annotations

import re

from spacy.tokens import Token

from ...nlp.docs import DATELINE
from ..actors import ActorTable
from .words import SPEAKER_DEPS, TITLE_SMALL_WORDS, reporting_lemmas

# "01/28/2023 | 11:11am EST ", "28.01.2023 11:11 GMT ": a page's time stamp before its dateline
TIMESTAMP = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\s*\|?\s*(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\s*",
                       re.IGNORECASE)
ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$")  # "U.S.", "U.K.", "D.C.": a period that may end a sentence


def lead_end(text: str, start: int) -> int:
    """Where the words of a clause begin after a time stamp and a dateline at `start`."""
    head = text[start:start + 160]
    stamp = TIMESTAMP.match(head)
    at = stamp.end() if stamp else 0
    line = DATELINE.match(head[at:])
    return start + at + (line.end() if line else 0)


def cut_at_missed_sentence(tokens: list[Token], table: ActorTable) -> list[Token]:
    """"…the flow of fentanyl into the U.S. Sheinbaum sent 10,000 troops …": the parser took
    the abbreviation's period for part of the name, so the clause ends there, before the
    person who opens the next sentence."""
    for k in range(len(tokens) - 1):
        token, following = tokens[k], tokens[k + 1]
        if not ABBREVIATION.match(token.text) or not following.text[:1].isupper():
            continue
        actor = table.actor_at(following) or table.find(following.lower_, "person")
        if actor is not None and actor.kind == "person" and k >= 2 \
                and not any(m.start <= token.idx < m.end for m in actor.mentions) \
                and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in following.doc[following.i + 1:following.i + 5]):
            return tokens[:k + 1]
    return tokens


def is_title(inner: str) -> bool:
    """"Make America Great Again", "2024 China Game Industry Minor Protection Report": every
    word capitalised (or a number), no sentence end."""
    words = re.findall(r"[\w'’-]+", inner)
    return len(words) <= 10 and not inner.rstrip().endswith((".", "!", "?", ",")) \
        and any(w[:1].isupper() for w in words) \
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words)


def stands_alone(opening: Token | None) -> bool:
    """Whether a short quoted run is an utterance: it opens its sentence, or follows a colon
    or its reporting verb ("said, “Never.”"); `opening` is the last token before its mark in
    the same sentence (None: nothing before it)."""
    if opening is None or opening.text == ":":
        return True
    if opening.text == ",":
        opening = opening.doc[opening.i - 1] if opening.i > opening.sent.start else None
        if opening is None:
            return True
    return opening.lemma_.lower() in reporting_lemmas() and any(c.dep_ in SPEAKER_DEPS for c in opening.children)
