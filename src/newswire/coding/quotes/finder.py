"""The state of one article's quote search: character masks, the quotes found, who speaks."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...model import Actor, Quote
from ...nlp.docs import doc_text
from ..actors import PERSON_PRONOUNS, ActorTable
from .chains import described_antecedent, pronoun_speaker, statement_speaker
from .described import described_speaker
from .speakers import (
    according_source,
    actor_in,
    appositive_name,
    described_actor,
    document_owner,
    inverted_speaker,
    is_statement,
    names_the_actor,
    narration_subjects,
    phrase_words,
    speaker_of,
    speaker_span,
    subject_of,
)
from .words import TRAILING, statement_nouns


@dataclass
class QuoteFinder:
    doc: Doc
    table: ActorTable
    quotes: list[Quote] = field(default_factory=list)
    quoted: bytearray = field(default_factory=bytearray)  # 1 for each character inside quote marks
    covered: bytearray = field(default_factory=bytearray)  # 1 for each character of a quote found
    subjects: list[tuple[int, str]] | None = None  # (token, actor id) of named person subjects outside quotes

    token_of: list[int] = field(default_factory=list)  # the token index of each character
    report_starts: list[int] = field(default_factory=list)  # where each reported clause starts, in order
    antecedents: dict[int, Actor | None] = field(default_factory=dict)  # pronoun token → its speaker (chains)
    # a described speaker's phrase → its words; made an actor only when a quote takes it (add)
    descriptions: dict[str, Span] = field(default_factory=dict)

    def __post_init__(self) -> None:
        size = len(doc_text(self.doc)) + 1
        self.quoted = bytearray(size)
        self.covered = bytearray(size)
        self.token_of = [0] * size
        for token in self.doc:
            end = min(size, token.idx + len(token.text_with_ws))
            self.token_of[token.idx:end] = [token.i] * (end - token.idx)
        if len(self.doc):
            last = self.doc[-1]
            tail = last.idx + len(last.text_with_ws)
            self.token_of[tail:] = [last.i] * (size - tail)

    def token_at(self, char: int) -> Token:
        """The token at a character offset (the token before, for whitespace)."""
        return self.doc[self.token_of[max(0, min(char, len(self.token_of) - 1))]]

    def add(self, kind: str, parts: list[tuple[int, int]], speaker: Actor | None, cue: str | None,
            speaker_name: str | None = None) -> Quote | None:
        text_parts, spans = [], []
        for start, end in parts:
            raw = doc_text(self.doc)[start:end]
            stripped = raw.rstrip(TRAILING).lstrip(" ")
            lead = len(raw) - len(raw.lstrip(" "))
            if stripped:
                text_parts.append(stripped)
                spans.append((start + lead, start + lead + len(stripped)))
        if not spans:
            return None
        if speaker is None and speaker_name in self.descriptions:  # "analysts say": the analysts
            speaker = described_speaker(self.table, self.descriptions[speaker_name])
        quote = Quote(id=f"q{len(self.quotes) + 1}", kind=kind, text=" ".join(text_parts), spans=spans,
                      speaker=speaker.id if speaker else None,
                      speaker_name=speaker_name or (speaker.name if speaker else None), cue=cue)
        self.quotes.append(quote)
        for start, end in spans:
            self.covered[start:end] = b"\x01" * (end - start)
        return quote

    def who(self, verb: Token) -> tuple[Actor | None, str | None]:
        """The speaker of a reporting verb: (actor, name). "he", "she", "it" and "the
        official" are the nearest compatible antecedent (chains.py); failing one, "he"/"she"
        is the person the narration last made a subject. A description ("a Homeland Security
        Department official", "many Democrats", "Mr. Grassley and Mr. Leahy") is named as
        written, with the actor it belongs to; a name is the actor's full name."""
        source = according_source(verb)
        owner = document_owner(source) if source is not None else None
        if owner is not None:  # "according to an analysis by X": X
            return self.who_is(owner)
        subject = source or subject_of(verb)
        if subject is not None and subject.pos_ == "PRON":
            person = pronoun_speaker(self, subject) or \
                (self.salient_person(subject.i) if subject.lower_ in PERSON_PRONOUNS else None)
            if person is not None:
                return person, person.name
        if subject is not None and is_statement(subject):  # a statement is never the speaker, its issuer is
            issuer = statement_speaker(self, subject)
            if issuer is not None:
                return issuer, issuer.name
            if subject.lemma_.lower() in statement_nouns():
                return None, None  # "a statement said": a channel is nobody
            # "the report said", its author unnamed: the document speaks (described.py)
        if subject is not None:  # "the Commerce chief said": read again here, modifiers and all
            described = described_antecedent(self, subject)
            if described is not None:
                return described, described.name
        named = appositive_name(self.table, subject)
        if named is not None:  # "the leader of the movement, Florence Ozor, said": Ozor, not the movement
            return named, named.name
        actor = speaker_of(self.table, verb) or inverted_speaker(self.table, verb)
        span = speaker_span(verb)
        if actor is None:
            if span is None:
                return None, None
            self.descriptions[span.text] = span
            return None, span.text
        if span is None or names_the_actor(self.table, subject, actor) \
                or any(t.pos_ == "PRON" for t in span):  # "his office" speaks for him
            return actor, actor.name
        described = described_actor(self.table, span, actor)
        return described, described.name



    def who_is(self, phrase: Token) -> tuple[Actor | None, str | None]:
        """The speaker a noun phrase names, as `who` reads a subject: "his" (claim), "Tulsa
        police's" (claim), "the ministry" (a warning by)."""
        if phrase.pos_ == "PRON":
            actor = pronoun_speaker(self, phrase)
            return (actor, actor.name) if actor is not None else (None, None)
        actor = actor_in(self.table, phrase)
        words = [t for t in phrase_words(phrase) if t.dep_ not in ("case", "punct", "det")]  # no appositive
        return (actor, actor.name) if actor is not None else (None, " ".join(t.text for t in words) or None)

    def salient_person(self, before: int) -> Actor | None:
        if self.subjects is None:
            self.subjects = narration_subjects(self)
        k = bisect.bisect_left(self.subjects, (before, "")) - 1
        if k >= 0 and before - self.subjects[k][0] <= 400:
            return self.table.by_id[self.subjects[k][1]]
        return None

    def is_quoted(self, token: Token) -> bool:
        return bool(self.quoted[token.idx])

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.covered[start:end]
