"""When an event happened: the time frame a paragraph sets (DateContext); and the index of actor
mentions by character that the place rules (locate.py) read."""
from __future__ import annotations

from bisect import bisect_left
from spacy.tokens import Doc, Span, Token
from ...model import Actor, Event
from ...nlp.docs import DATELINE, doc_text
from .clauses import clause_of


# ------------------------------------------------------------------ when and where

FRAME_SENTENCES = 0  # in a long paragraph, a time frame holds for this many sentences after it
LONG_PARAGRAPH = 6  # sentences: more than this, and the paragraph is a story's whole text


class DateContext:
    """Dates for events: the phrase in the event's own clause, else the paragraph's time
    frame, else unresolved. A dateline's date is when the story was filed, not when
    things happened, so it is no event's date."""

    def __init__(self, published):
        self.published = published
        self.paragraph_date = None  # the time frame set earlier in this paragraph
        self.last_date = None  # the last date told, which "before that" points back to
        self.phrases: list[tuple[Token, object]] = []
        self.article_date = None  # the lede's date: the story's time frame
        self.sentences_since = 0  # sentences since the frame was set
        self.paragraph_sentences = 0

    def enter(self, sent: Span, doc: Doc, needed: bool = True) -> None:
        from .. import when

        self.phrases = []
        if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws:
            self.paragraph_date = None
            self.sentences_since = 0
            self.paragraph_sentences = sentences_in_paragraph(sent)
            dateline = DATELINE.match(doc_text(doc)[sent.start_char:sent.start_char + 120])
            self.dateline_end = sent.start_char + dateline.end() if dateline else sent.start_char
        if not needed and not any(t.ent_type_ in ("DATE", "TIME") for t in sent):
            return  # no event here and no time frame to carry: the date work can wait
        cut = getattr(self, "dateline_end", 0)
        anchor = self.last_date or self.paragraph_date  # "the same day": the date told last
        self.phrases = []
        for start, end, phrase in when.find_date_phrases(sent):
            if start < cut:
                continue
            info = when.resolve(phrase, self.published, not is_future_phrase(doc, start))
            if info is not None and info.precision == "unresolved":
                info = when.anchor_relative(phrase, anchor, self.published) or info
            span = doc.char_span(start, end, alignment_mode="expand")
            if info is not None and span is not None:
                self.phrases.append((span.root, info))
        resolved = [info for root, info in self.phrases  # a frame comes from a main clause, not "who was killed on Friday"
                    if info.start is not None and clause_of(root).dep_ != "relcl"]
        self.sentences_since += 1
        if self.paragraph_sentences > LONG_PARAGRAPH and self.sentences_since > FRAME_SENTENCES:
            # a one-line story is one paragraph: its first date is no frame for all of it, only for
            # the sentences right after it; past those, the story's own date holds
            self.paragraph_date = None
        if resolved:
            self.paragraph_date = self.paragraph_date or resolved[0]
            self.sentences_since = 0
            self.last_date = resolved[0]
            if self.article_date is None and resolved[0].precision == "day":
                self.article_date = resolved[0]

    def date_for(self, sent: Span, trigger: Token) -> dict:
        info = self.own_phrase(trigger) or self.paragraph_date or self.article_date
        if info is not None and info.start is None and info.end is not None:
            # "before that": only the latest day is known; like an undated event, it stands there
            return {"start": info.end, "end": info.end, "precision": "unresolved", "text": info.text}
        if info is None or info.start is None:
            return unresolved(self.published, info.text if info is not None else None)
        return info.to_dict()

    def clause_phrases(self, trigger: Token) -> list:
        clause = clause_of(trigger)
        return [info for root, info in self.phrases if clause_of(root).i == clause.i and info.end]

    def own_phrase(self, trigger: Token):
        """The date phrase of the trigger's clause; else one of a clause above it; else the first."""
        if not self.phrases:
            return None
        clause = clause_of(trigger)
        ranked = []
        for root, info in self.phrases:
            phrase_clause = clause_of(root)
            if phrase_clause.i == clause.i:
                rank = 0
            elif phrase_clause.i in {a.i for a in trigger.ancestors}:
                rank = 1
            else:  # another clause; "Soleimani, who was killed on Friday" tells another event's date
                rank = 3 if phrase_clause.dep_ == "relcl" else 2
            ranked.append((rank, abs(root.i - trigger.i), info))
        rank, _distance, info = min(ranked, key=lambda r: (r[0], r[1]))
        own = [i for r, _d, i in ranked if r == 0 and i.end]
        if rank == 0 and len(own) > 1:  # "in 2023 and again in January": the latest is the news
            info = max(own, key=lambda i: i.end)
        return info if rank < 3 else None


def sentences_in_paragraph(first: Span) -> int:
    """How many sentences the paragraph starting at this sentence has."""
    doc, count = first.doc, 0
    for sent in doc[first.start:].sents:
        count += 1
        if "\n" in doc[sent.end - 1].text_with_ws or count > LONG_PARAGRAPH:
            break
    return count


def is_future_phrase(doc: Doc, char: int) -> bool:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    verb = clause_of(span[0])
    return any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in verb.children)


def unresolved(published, text: str | None = None) -> dict:
    """No date told: the publication date is the latest it can be, and the best guess."""
    day = published.isoformat() if published else None
    return {"start": day, "end": day, "precision": "unresolved", "text": text}


def mentions_starting_in(doc: Doc, actor: Actor, start: int, end: int) -> list:
    """The actor's mentions that start in [start, end), by bisection: scanning every mention
    of a much-named country for each event is quadratic. Indexed per Doc and actor; redone
    when the actor gains a mention."""
    index = doc.user_data.setdefault("newswire_mentions_by_start", {})
    entry = index.get(actor.id)
    if entry is None or entry[0] is not actor.mentions or entry[1] != len(actor.mentions):
        ranked = sorted(actor.mentions, key=lambda m: m.start)
        entry = (actor.mentions, len(actor.mentions), [m.start for m in ranked], ranked)
        index[actor.id] = entry
    starts, ranked = entry[2], entry[3]
    return ranked[bisect_left(starts, start):bisect_left(starts, end)]
