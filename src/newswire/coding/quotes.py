"""Stage 5, quotes: who said what.

Real copy comes with its paragraphs collapsed and its quote marks mixed, so
quotes are built from the text, not from its layout:
1. Quote marks are paired over each paragraph, tolerantly: any double mark may
   close an open quote, its direction read from its neighbours; a quote left
   open ends with its sentence, never running on into narration.
2. Reported clauses are found first, from the parse ("said that …", "according
   to X") or, where the parse fails, from the surface ("X said CLAUSE", a
   postposed "…, analysts say.", a parenthetical ", he said,"). A quoted fragment
   inside one makes it a mixed quote.
3. Quoted runs are joined only across their own attribution (`"X," she said,
   "Y."`) or, in a paragraph of ordinary length, within the paragraph; a
   collapsed paragraph splits at each sentence-ending attribution.
4. The speaker is the subject of the nearest reporting verb in the quote's own
   sentences; "he"/"she" is the person the narration last made a subject; a
   quote of all-quote sentences carries the last speaker on. A described
   speaker ("officials", "a statement") keeps its words in `speaker_name`.
Every step is linear in the text: lookups go through character masks."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicon import read_tsv, words_by
from ..model import Actor, Quote
from .actors import PERSON_PRONOUNS, ActorTable, load_lexicon, title_words
from ..nlp.docs import DATELINE, doc_text

DOUBLE_MARKS = set('“”"„«»')
OPENING_GLYPHS = set("“„«")
CLOSING_GLYPHS = set("”»")
SPEAKER_DEPS = ("nsubj", "nsubjpass")
MIN_DIRECT_WORDS = 4  # shorter quoted runs are scare quotes, titles or nicknames…
TRAILING = " ,;:-–—"
SENTENCE_END = re.compile(r"[.!?…](?:[”\"’)\]]*)\s+(?=[“\"‘(\[]?[A-Z0-9])")
COLLAPSED_CHARS = 1200  # a paragraph this long is several paragraphs run together (feeds, APIs)
ATTRIBUTION_WORDS = 25  # the most words an attribution between two quoted runs may have
WINDOW = 40  # tokens searched around a quote for its reporting verb: keeps the search linear


@lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_tsv("lexicon/reporting_verbs.tsv"))


@lru_cache(maxsize=1)
def statement_nouns() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_tsv("lexicon/statement_nouns.tsv"))


WORDS = words_by("lexicon/quote_words.tsv")  # role -> words; the roles are described in the file
QUESTION_WORDS = WORDS["question_word"]
REQUEST_LEMMAS = WORDS["request_verb"]
TITLE_SMALL_WORDS = WORDS["title_small_word"]
QUANTIFIERS = WORDS["quantifier"]
RELATIVE_PRONOUNS = WORDS["relative_pronoun"]
# Verbs of speech that take a clause, for reading reports from the surface (reporting_verbs.tsv,
# `surface`). Not the performatives ("declared a state of emergency", "announced sanctions"),
# whose object is an act, not a clause. HEARER_FIRST: "told reporters that …".
_SURFACE = words_by("lexicon/reporting_verbs.tsv", "surface", "lemma")
HEARER_FIRST = _SURFACE["hearer_clause"]
CLAUSE_VERBS = _SURFACE["clause"] | HEARER_FIRST


@dataclass
class Segment:
    """One quoted run of characters (offsets into the article text, inside the marks)."""

    start: int
    end: int
    closed: bool  # False: no closing mark; the run was cut at a paragraph end or a new opening mark
    paragraph: int = 0


# ------------------------------------------------------------------ quote marks

def flanks(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at text[i], read from its neighbours."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    can_open = not after.isspace() and (before.isspace() or before in "([{—–-/:;,…" or before in DOUBLE_MARKS)
    can_close = not before.isspace() and (after.isspace() or not after.isalnum() or text[i] in CLOSING_GLYPHS
                                          or before in ".,!?;:")
    return can_open, can_close


def paragraph_segments(text: str, offset: int, index: int) -> list[Segment]:
    """Quoted runs in one paragraph. Any double mark may close an open quote (feeds mix
    straight and curly marks); a quote left open is cut where a new one plainly opens,
    or at the end of its sentence, so that it never runs on into narration."""
    segments: list[Segment] = []
    open_at = None
    # Two apostrophes are a double mark in some archives (''like this''): read them as one
    # mark, keeping every offset where it is.
    text = text.replace("''", '"\u200b') if "''" in text else text
    for i, ch in enumerate(text):
        if ch not in DOUBLE_MARKS:
            continue
        can_open, can_close = flanks(text, i)
        if open_at is None:
            if can_open and (ch not in CLOSING_GLYPHS or not can_close):
                open_at = i + (2 if text[i + 1:i + 2] == "\u200b" else 1)
            continue
        if can_close and (not can_open or ch in CLOSING_GLYPHS or ch == '"'):
            if i > open_at:
                segments.append(Segment(offset + open_at, offset + i, True, index))
            open_at = None
        elif can_open:  # a second opening: the first quote was never closed
            segments.append(unclosed(text, offset, open_at, i, index))
            open_at = i + (2 if text[i + 1:i + 2] == "\u200b" else 1)
    if open_at is not None and open_at < len(text):
        segments.append(unclosed(text, offset, open_at, len(text), index, at_paragraph_end=True))
    if not segments:
        segments.extend(single_quoted(text, offset, index))
    return [s for s in segments if s.end > s.start]


def unclosed(text: str, offset: int, start: int, stop: int, index: int, at_paragraph_end: bool = False) -> Segment:
    """An open quote with no closing mark. At a paragraph end it runs to the end (the
    next paragraph may reopen it); elsewhere it ends with its first sentence."""
    if not (at_paragraph_end and len(text) < COLLAPSED_CHARS):
        m = SENTENCE_END.search(text, start, stop)
        if m:
            stop = m.start() + 1
    return Segment(offset + start, offset + stop, False, index)


def single_quoted(text: str, offset: int, index: int) -> list[Segment]:
    """British-style ‘quotes’ when a paragraph has no double ones; apostrophes are not quotes."""
    out = []
    for m in re.finditer(r"(?:(?<=\s)|^)[‘'](?=\S)(.+?)(?<=\S)[’'](?=[\s,.;:!?)]|$)", text):
        if len(m.group(1).split()) >= MIN_DIRECT_WORDS:
            out.append(Segment(offset + m.start(1), offset + m.end(1), True, index))
    return out


# ------------------------------------------------------------------ component

@Language.component("newswire_quotes")
def quotes_component(doc: Doc) -> Doc:
    doc._.quotes = find_quotes(doc, doc._.actors or ActorTable())
    return doc


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
        quote = Quote(id=f"q{len(self.quotes) + 1}", kind=kind, text=" ".join(text_parts), spans=spans,
                      speaker=speaker.id if speaker else None,
                      speaker_name=speaker_name or (speaker.name if speaker else None), cue=cue)
        self.quotes.append(quote)
        for start, end in spans:
            self.covered[start:end] = b"\x01" * (end - start)
        return quote

    def who(self, verb: Token) -> tuple[Actor | None, str | None]:
        """The speaker of a reporting verb: (actor, name). "he"/"she" is the person the
        narration last made a subject (names inside quotes and possessives such as "the
        Trump administration" don't count). A description ("a Homeland Security
        Department official", "many Democrats", "Mr. Grassley and Mr. Leahy") is named as
        written, with the actor it belongs to; a name is the actor's full name."""
        subject = subject_of(verb)
        if subject is not None and subject.lower_ in PERSON_PRONOUNS:
            person = self.salient_person(subject.i)
            if person is not None:
                return person, person.name
        named = appositive_name(self.table, subject)
        if named is not None:  # "the leader of the movement, Florence Ozor, said": Ozor, not the movement
            return named, named.name
        actor = speaker_of(self.table, verb) or inverted_speaker(self.table, verb)
        span = speaker_span(verb)
        if actor is None:
            return None, span.text if span is not None else None
        if span is None or names_the_actor(self.table, subject, actor) \
                or any(t.pos_ == "PRON" for t in span):  # "his office" speaks for him
            return actor, actor.name
        described = described_actor(self.table, span, actor)
        return described, described.name



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


def find_quotes(doc: Doc, table: ActorTable) -> list[Quote]:
    finder = QuoteFinder(doc, table)
    article = doc._.article
    text = doc_text(doc)
    paragraphs = article.paragraphs if article is not None and article.paragraphs else [(0, len(text))]
    skip_first = article is not None and article.title and text[paragraphs[0][0]:paragraphs[0][1]] == article.title
    body = paragraphs[1:] if skip_first and len(paragraphs) > 1 else paragraphs
    segments = [s for index, (start, end) in enumerate(body) for s in paragraph_segments(text[start:end], start, index)]
    for s in segments:
        finder.quoted[s.start - 1:s.end + 1] = b"\x01" * (s.end + 1 - (s.start - 1))
    reports = sorted(reported_clauses(finder, paragraphs[0][1] if skip_first else 0), key=lambda r: r.start)
    finder.report_starts = [r.start for r in reports]
    find_direct(finder, segments, body, reports)
    for report in reports:
        add_reported(finder, report)
    finder.quotes.sort(key=lambda q: q.spans[0][0])
    for number, quote in enumerate(finder.quotes, 1):
        quote.id = f"q{number}"
    return finder.quotes


# ------------------------------------------------------------------ direct

def group_segments(text: str, segments: list[Segment], body: list[tuple[int, int]]) -> list[list[Segment]]:
    """Quoted runs that make one quote: joined across their own attribution
    (`"X," she said, "Y."`) or when nothing stands between them. In a paragraph of
    ordinary length the paragraph is the unit (`"X," she said. "Y."` is one quote, as
    readers count it); in a collapsed one, the sentence is."""
    groups: list[list[Segment]] = []
    for segment in segments:
        if groups and joins(text, groups[-1][-1], segment, body):
            groups[-1].append(segment)
        else:
            groups.append([segment])
    return groups


def joins(text: str, a: Segment, b: Segment, body: list[tuple[int, int]]) -> bool:
    if a.paragraph != b.paragraph:
        return False
    between = text[a.end + 1:b.start - 1]
    words = re.findall(r"\w+", between)
    if not words:  # `…,” “…`: one sentence resumed; `….” “…`: a new paragraph run together
        return not text[a.start:a.end].rstrip().endswith((".", "!", "?"))
    if len(words) > ATTRIBUTION_WORDS or not a.closed:
        return False
    if not between.rstrip().endswith((",", ":", ";", "—", "–", "-", ".", "!", "?")):
        return False  # "told NBC’s “Meet the Press”": a title after the attribution, not the quote resumed
    ends_sentence = re.search(r"[.!?]", between) or text[a.start:a.end].rstrip().endswith((".", "!", "?"))
    if not ends_sentence:
        return True  # the attribution interrupts one sentence
    p_start, p_end = body[a.paragraph]
    after_end = re.split(r"[.!?]", between, maxsplit=1)[-1] if re.search(r"[.!?]", between) else ""
    if re.search(r"\w", after_end):
        return False  # `"X," she said. Narration. "Y."`: a sentence of narration between
    return p_end - p_start < COLLAPSED_CHARS


def find_direct(finder: QuoteFinder, segments: list[Segment], body: list[tuple[int, int]], reports: list) -> None:
    text = doc_text(finder.doc)
    last: Quote | None = None
    last_speaker: Actor | None = None
    last_end = 0
    for group in group_segments(text, segments, body):
        start, end = group[0].start, group[-1].end
        if not keeps(text, group) or inside_report(finder, reports, start, end) \
                or TRANSCRIPT_TURN.match(text[start:end]):
            continue
        verb, speaker, phrase = attribution(finder, group)
        cue = cue_of(verb)
        if verb is None and speaker is None:
            if last is not None and all_quote_between(finder, last_end, start) and all_quote(finder, group):
                speaker, phrase, cue = last_speaker, last.speaker_name, last.cue  # the same speaker goes on
            else:
                speaker = lead_in_speaker(finder, start) or (introduced_person(finder, start) if all_quote(finder, group) else None)
                if speaker is None:
                    continue  # words in marks that nobody is said to have said: a quote of no one
        elif is_fragment(finder, group, verb):
            continue
        quote = finder.add("direct", [(s.start, s.end) for s in group], speaker, cue, phrase)
        if quote is not None:
            last, last_speaker, last_end = quote, speaker, end


def is_fragment(finder: QuoteFinder, group: list[Segment], verb: Token | None) -> bool:
    """Words quoted in the middle of the narration's own clause ("called it “lies and
    conspiracy theories.”"), not introduced by a reporting verb or its "that": a
    fragment, which a reported clause takes in as a mixed quote, or nobody."""
    text = doc_text(finder.doc)
    inner = text[group[0].start:group[-1].end].lstrip(" \u200b")
    if not inner[:1].islower():
        return False
    at = finder.token_at(group[0].start).i
    span = finder.doc[max(0, at - 8):at + 1]
    words = [t for t in span if not t.is_punct and not t.is_space and t.idx < group[0].start - 1]
    if not words or text[words[-1].idx + len(words[-1]):group[0].start].strip() not in ('"', "“", "„", "«", "''"):
        return False  # after a comma or a colon: the quote is introduced
    introducer = words[-1]
    return not (introducer.lower_ == "that" or introducer.lemma_.lower() in reporting_lemmas())


TRANSCRIPT_TURN = re.compile(r"^\s*[A-Z][A-Z.'’ -]{1,30}:\s")  # "PENCE: Well, look, …"


def cue_of(verb: Token | None) -> str | None:
    if verb is None:
        return None
    return "according to" if verb.lower_ == "according" else verb.lower_


def keeps(text: str, group: list[Segment]) -> bool:
    """Drop scare quotes, titles of works, slogans and nicknames: short runs, or runs of
    capitalised words, with no sentence in them."""
    inner = " ".join(text[s.start:s.end].strip() for s in group)
    words = inner.split()
    if len(words) >= MIN_DIRECT_WORDS:
        return not is_title(inner)
    return len(words) >= 2 and inner.endswith((",", ".", "!", "?")) and inner[:1].isupper()


def is_title(inner: str) -> bool:
    """"Make America Great Again", "The Art of the Deal": every word capitalised, no sentence end."""
    words = re.findall(r"[\w'’-]+", inner)
    return len(words) <= 10 and not inner.rstrip().endswith((".", "!", "?", ",")) \
        and all(w[:1].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words)


def inside_report(finder: QuoteFinder, reports: list, start: int, end: int) -> bool:
    """A quoted fragment inside a reported clause ("noted that a “coalition of the
    willing” is forming") belongs to that clause's mixed quote. `reports` is in text
    order; only the few that open just before the quote can hold it."""
    k = bisect.bisect_right(finder.report_starts, start - 1)
    for report in reports[max(0, k - 4):k]:
        if report.start <= start - 1 and end + 1 <= report.end:
            text = doc_text(finder.doc)
            outside = len(re.findall(r"\w+", text[report.start:start])) + len(re.findall(r"\w+", text[end:report.end]))
            if outside >= 3:
                report.mixed = True
                return True
    return False


def all_quote(finder: QuoteFinder, group: list[Segment]) -> bool:
    """The sentences of the quote hold nothing but the quote (two stray words at most)."""
    doc = finder.doc
    first, last = finder.token_at(group[0].start), finder.token_at(group[-1].end - 1)
    tokens = doc[first.sent.start:last.sent.end]
    return sum(1 for t in tokens if not finder.is_quoted(t) and t.is_alpha) <= 2


def all_quote_between(finder: QuoteFinder, start: int, end: int) -> bool:
    """No sentence of narration stands between two quotes: the speaker may carry on."""
    doc = finder.doc
    if end <= start:
        return True
    span = doc[finder.token_at(start).i:finder.token_at(end - 1).i + 1]
    for sent in {t.sent.start: t.sent for t in span}.values():
        if sent.start_char >= start and sent.end_char <= end and not any(finder.is_quoted(t) for t in sent):
            return False
    return True


def introduced_person(finder: QuoteFinder, before: int) -> Actor | None:
    """The person the sentence before just introduced, for a quote that follows with no
    attribution ("Bondarenko … measures the war in ships." then his words)."""
    doc = finder.doc
    here = finder.token_at(before)
    if here.sent.start == 0:
        return None
    previous = doc[here.sent.start - 1].sent
    for i, actor_id in sorted(finder.table.order, reverse=True):
        if doc[i].idx >= before or i < previous.start:
            continue
        actor = finder.table.by_id[actor_id]
        if actor.kind == "person" and not finder.is_quoted(doc[i]):
            return actor
    return None


def lead_in_speaker(finder: QuoteFinder, start: int) -> Actor | None:
    """"Ferreira put it bluntly: “…”": the subject of the clause ending in a colon before the quote."""
    before = doc_text(finder.doc)[:start - 1].rstrip()
    if not before.endswith(":"):
        return None
    colon = finder.token_at(len(before) - 1)
    for token in reversed(list(colon.sent)):
        if token.i < colon.i and token.pos_ in ("VERB", "AUX") and not finder.is_quoted(token) \
                and any(c.dep_ in SPEAKER_DEPS for c in token.children):
            actor, _name = finder.who(token)
            if actor is not None:
                return actor
    return None


def attribution(finder: QuoteFinder, group: list[Segment]) -> tuple[Token | None, Actor | None, str | None]:
    """The reporting verb outside the marks, in the quote's own sentences and nearest to
    it, with its speaker: an actor, or else the phrase that names it ("officials")."""
    doc = finder.doc
    start, end = group[0].start, group[-1].end
    first, last = finder.token_at(start), finder.token_at(end - 1)
    lo = max(first.sent.start, first.i - WINDOW)
    hi = min(last.sent.end, last.i + WINDOW)
    candidates = []
    for token in doc[lo:hi]:
        if finder.is_quoted(token):
            continue
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in reporting_lemmas() or \
                token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            between = start <= token.idx <= end
            distance = 0 if between else min(abs(token.idx - end), abs(start - token.idx))
            candidates.append((distance, token))
    candidates.sort(key=lambda c: c[0])
    named = [(verb, *finder.who(verb)) for _distance, verb in candidates]
    for verb, speaker, name in named:
        if speaker is not None:
            return verb, speaker, name
    for verb, speaker, name in named:
        if name:
            return verb, None, name
    return (candidates[0][1], None, None) if candidates else (None, None, None)


def described_actor(table: ActorTable, span: Span, owner: Actor) -> Actor:
    """An actor for a speaker the text describes but does not name ("a Homeland Security
    Department official", "Canada's Ontario provincial leader"), coded as its owner."""
    head = span.root
    if head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children):
        kind = "group"
    elif head.lemma_.lower() in statement_nouns() or owner.kind != "person" and head.pos_ != "NOUN":
        kind = "organization"
    else:
        kind = "person" if head.pos_ == "NOUN" and owner.kind != "person" else owner.kind
    return table.add(span.doc, span.start, span.end, span.text, kind, code=owner.code, sector=owner.sector)


def appositive_name(table: ActorTable, subject: Token | None) -> Actor | None:
    """A named person in apposition to a described subject ("Clinton's communications
    director, Jennifer Palmieri", "the leader of the movement, Florence Ozor"), or
    closing its title ("U.N. Resident Coordinator for Myanmar Andrew Kirkwood")."""
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    described = subject.pos_ == "NOUN" or subject.lower_ in title_words(load_lexicon())
    names = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"] if described else []
    for prep in (c for c in subject.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "to", "at")):
        names += [o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN" and o.ent_type_ == "PERSON"
                  and o.i == subject.right_edge.i]
    for child in names:
        actor = table.actor_at(child)
        if actor is not None:
            return actor if actor.kind == "person" else None
        if child.ent_type_ in ("", "PERSON") and load_lexicon().lookup(child.text) is None:
            return add_unknown_person(table, child)
    return None


def names_the_actor(table: ActorTable, subject: Token | None, actor: Actor) -> bool:
    """Whether the subject phrase is a mention of the actor itself ("Ferreira", "the
    minister" for the minister named before, "the agency" for the agency), not a
    description that only belongs to it ("Canada's provincial leader", "an official")."""
    if subject is None or subject.pos_ == "PRON":
        return True
    if any(c.dep_ == "conj" for c in subject.children):
        return False
    if any(c.lower_ in QUANTIFIERS for c in subject.children if c.dep_ in ("det", "amod", "nummod", "predet")):
        return False
    if table.actor_at(subject) is actor:
        return True
    return any(c.dep_ == "appos" and table.actor_at(c) is actor for c in subject.children)


def narration_subjects(finder: QuoteFinder) -> list[tuple[int, str]]:
    out = []
    for token in finder.doc:
        if token.dep_ in SPEAKER_DEPS and token.pos_ != "PRON" and not finder.is_quoted(token):
            actor = actor_in(finder.table, token)
            if actor is None and token.pos_ == "PROPN":  # "Kirkwood briefed reporters", untagged by NER
                actor = finder.table.find(token.lower_, "person")
            if actor is not None and actor.kind == "person":
                out.append((token.i, actor.id))
    return out


def subject_of(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ in SPEAKER_DEPS), None)
    if subject is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in verb.head.children if c.dep_ in SPEAKER_DEPS), None)
    return subject


def inverted_speaker(table: ActorTable, verb: Token) -> Actor | None:
    """"…,” added Bagci.": the name right after the verb, when the parse gave it no subject."""
    if subject_of(verb) is not None or verb.i + 1 >= len(verb.doc):
        return None
    after = verb.doc[verb.i + 1]
    name = after
    while name.dep_ == "compound" and name.head.i == name.i + 1:
        name = name.head
    if after.pos_ == "PROPN" and name.pos_ == "PROPN" and verb.i > 0 and verb.doc[verb.i - 1].is_punct:
        return actor_in(table, name) or add_unknown_person(table, name)
    return None


def speaker_of(table: ActorTable, verb: Token) -> Actor | None:
    if verb.lower_ == "according":
        to = verb.doc[verb.i + 1]
        for obj in [*to.children, *verb.children]:
            if obj.dep_ == "pobj":
                return actor_in(table, obj)
        return None
    subject = next((c for c in verb.children if c.dep_ in SPEAKER_DEPS), None)
    if subject is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in verb.head.children if c.dep_ in SPEAKER_DEPS), None)
    if subject is None and verb.dep_ == "relcl":
        subject = verb.head
    if subject is None:
        return None
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        subject = verb.head
    elif verb.dep_ == "relcl" and any(c.lower_ == "whose" for c in subject.children):
        owner = actor_in(table, verb.head)  # "Lukashenko, whose office said": his office
        if owner is not None:
            return owner
    actor = actor_in(table, subject) or body_named_again(table, subject)
    if actor is None and (subject.pos_ == "PROPN" or subject.text.istitle() and not subject.is_sent_start) \
            and subject.ent_type_ in ("", "PERSON", "GPE", "ORG", "NORP") \
            and load_lexicon().lookup(subject.text) is None and subject.lower_ not in load_lexicon().capitals:
        actor = add_unknown_person(table, subject)
    return actor


def body_named_again(table: ActorTable, subject: Token) -> Actor | None:
    """"…, the agency said" after "the SNAI prison agency": the body named before."""
    if subject.pos_ != "NOUN" or not any(c.lower_ in ("the", "this") for c in subject.children):
        return None
    word = subject.lower_
    for _i, actor_id in sorted(table.order, reverse=True):
        actor = table.by_id[actor_id]
        if _i < subject.i and actor.kind == "organization" and word in actor.name.lower().split():
            table.mention(subject.doc, subject.i, subject.i + 1, actor.id)
            return actor
    return None


def add_unknown_person(table: ActorTable, head: Token) -> Actor:
    """A named speaker NER missed ("Lagarde says"): a person, known from now on."""
    words = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i == head.i - 1] + [head]
    start, end = words[0].i, head.i + 1
    name = head.doc[start:end].text
    return table.add(head.doc, start, end, name, "person")


def actor_in(table: ActorTable, token: Token) -> Actor | None:
    """The actor a noun phrase names: its head, then the words of its core (compounds,
    possessives, modifiers), then an "of" phrase naming a person or body ("the office
    of Iraq's prime minister"); never an appositive or a clause ("a resident of Rostov")."""
    actor = table.actor_at(token)
    if actor is not None:
        return actor
    for child in token.children:  # "his Azerbaijani counterpart Jeyhun Bayramov"
        if child.dep_ == "appos" and child.left_edge.i == token.i + 1 and table.actor_at(child) is not None \
                and table.actor_at(child).kind == "person":
            return table.actor_at(child)
    owner = None
    for child in token.children:
        if child.dep_ in ("compound", "poss", "amod", "nmod", "det", "nummod"):
            for t in child.subtree:
                actor = table.actor_at(t)
                if actor is not None and t.pos_ == "PRON":
                    owner = owner or actor  # "his office": his, unless the phrase names someone
                elif actor is not None:
                    return actor
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    actor = actor_in(table, obj)
                    if actor is not None and actor.kind in ("person", "organization", "group"):
                        return actor
    return owner


# ------------------------------------------------------------------ indirect

@dataclass
class Report:
    """A clause a reporting verb reports, found before the direct quotes are assembled."""

    start: int
    end: int
    verb: Token
    cue: str
    mixed: bool = False
    gap: tuple[int, int] | None = None  # a parenthetical attribution inside the clause (", he said,")


def reported_clauses(finder: QuoteFinder, body_start: int) -> list[Report]:
    doc = finder.doc
    reports: list[Report] = []
    for token in doc:
        if token.idx < body_start or finder.is_quoted(token):
            continue
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in reporting_lemmas():
            report = reported_clause(finder, token)
        elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            report = according_to(finder, token)
        else:
            continue
        if report is not None:
            reports.append(report)
    return reports


def add_reported(finder: QuoteFinder, report: Report) -> None:
    if finder.overlaps(report.start, report.end):
        return  # a direct quote already holds it
    speaker, phrase = finder.who(report.verb)
    if speaker is None and phrase is None and subject_of(report.verb) is None and report.cue != "according to":
        return  # nobody is said to have said it; "he said …" with no one to be "he" still is a quote
    has_marks = report.mixed or any(ch in doc_text(finder.doc)[report.start:report.end] for ch in "“”\"«»")
    parts = [(report.start, report.end)] if report.gap is None else \
        [(report.start, report.gap[0]), (report.gap[1], report.end)]
    finder.add("mixed" if has_marks else "indirect", parts, speaker, report.cue, phrase)


def reported_clause(finder: QuoteFinder, verb: Token) -> Report | None:
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not say whether he would sign": nothing was said
    clause = clause_reported_by(verb)
    if clause is not None:
        tokens = list(clause.subtree)
        if is_question_or_request(verb, clause):
            return None
        if not any(t.dep_ in SPEAKER_DEPS for t in clause.children) and clause.pos_ != "VERB":
            return None
    else:
        tokens = surface_clause(verb)
        if not tokens:
            return parenthetical(verb)
    while tokens and (tokens[0].lower_ in ("that",) or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in "”\"»":
        tokens = tokens[:-1]
    if len(tokens) < 3:
        return None
    dateline = DATELINE.match(doc_text(finder.doc)[tokens[0].idx:tokens[0].idx + 120]) if tokens[0].is_sent_start else None
    if dateline:  # "LIMA, Sept 25 (Newswire) - Peruvian police cleared …, the ministry said"
        tokens = [t for t in tokens if t.idx >= tokens[0].idx + dateline.end()]
        if len(tokens) < 3:
            return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = doc_text(finder.doc)
    if text[end - 1:end] in "”\"»" and not any(ch in text[start:end - 1] for ch in "“\"«"):
        end -= 1  # a closing mark of a quote the clause only ends in
    return Report(start, end, verb, verb.lower_)


def parenthetical(verb: Token) -> Report | None:
    """"A more important question, he said, is …": the attribution set off by commas
    inside the sentence it reports; the quote is the sentence around it."""
    if verb.dep_ != "parataxis" or subject_of(verb) is None:
        return None
    first, last = verb.left_edge, verb.right_edge
    doc, sent = verb.doc, verb.sent
    if first.i == sent.start or doc[first.i].text != "," or doc[last.i].text != ",":
        return None
    words = [t for t in sent if not t.is_punct]
    if len(words) - (last.i - first.i) < 5:
        return None
    end_token = sent[-1] if not sent[-1].is_punct else sent[-2]
    return Report(sent[0].idx, end_token.idx + len(end_token), verb, verb.lower_,
                  gap=(first.idx, last.idx + 1))


def is_question_or_request(verb: Token, clause: Token) -> bool:
    """"asked why they were not deported", "asking that her name not be used": not statements."""
    first = next(iter(clause.subtree))
    if first.lower_ in QUESTION_WORDS or any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children):
        return True
    return verb.lemma_.lower() in REQUEST_LEMMAS


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECT_START_TAGS = frozenset({"DT", "PRP", "PRP$", "NNP", "NNPS", "NN", "NNS", "CD", "JJ", "EX"})


def surface_clause(verb: Token) -> list[Token]:
    """Reported speech the parse missed, read from the surface: `X said (that) CLAUSE`
    (including "told reporters that …"), or a postposed `CLAUSE, X said.`"""
    if verb.lemma_.lower() not in CLAUSE_VERBS or not any(c.dep_ in SPEAKER_DEPS for c in verb.children):
        return []
    sent = verb.sent
    after = [t for t in sent if t.i > verb.i]
    i = 0
    if verb.lemma_.lower() in HEARER_FIRST:  # the hearer comes first
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i), None)
        if obj is None:
            return []
        i = obj.right_edge.i - verb.i
    tail = after[i:]
    that = next((k for k, t in enumerate(tail[:5]) if t.lower_ == "that" and not t.is_punct), None)
    if that is not None and all(not t.is_punct or t.text == "," for t in tail[:that]):
        tail = tail[that + 1:]  # "said in a statement that …", "told reporters on Monday that …"
    elif not (tail and tail[0].tag_ in SUBJECT_START_TAGS and finite_within(tail, 10)):
        tail = []
    if tail and not tail[0].is_punct and has_finite_verb(tail) and tail[0].lower_ not in QUESTION_WORDS:
        return cut_at_next_report(tail)
    subject = next(c for c in verb.children if c.dep_ in SPEAKER_DEPS)
    before = [t for t in sent if t.i < subject.left_edge.i]
    if before and before[-1].text == "," and has_finite_verb(before[:-1]):
        return before[:-1]  # "The talks failed, officials said."
    return []


def has_finite_verb(tokens: list[Token]) -> bool:
    return any(t.tag_ in FINITE_TAGS for t in tokens)


def finite_within(tokens: list[Token], n: int) -> bool:
    """A finite verb among the first n words, with no comma before it: a clause, not a list."""
    for token in tokens[:n]:
        if token.tag_ in FINITE_TAGS:
            return True
        if token.text in ",;:" or token.pos_ == "ADP":
            return False
    return False


def cut_at_next_report(tokens: list[Token]) -> list[Token]:
    """Stop before a second attribution in the same sentence ("…, he added, and …")."""
    for k, token in enumerate(tokens):
        if token.text == ";":
            return tokens[:k]
    return tokens


def clause_reported_by(verb: Token) -> Token | None:
    """The clause a reporting verb reports: its complement after it ("Kyiv said the strike
    showed …", not the "Moscow said …" the parse hung on it), or the "that" clause of its
    "in a statement" ("said in a statement that …")."""
    ccomps = [c for c in verb.children if c.dep_ == "ccomp"
              and not (c.i < verb.i and any(g.dep_ == "ccomp" for g in c.children))]  # another report
    if ccomps:
        return ccomps[0]
    for prep in verb.children:
        if prep.dep_ == "prep":
            for obj in prep.children:
                if obj.lemma_.lower() not in statement_nouns():
                    continue  # "asked about reports that …" reports nothing said
                for clause in obj.children:
                    if clause.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children):
                        return clause
    return None


def according_to(finder: QuoteFinder, according: Token) -> Report | None:
    sent = according.sent
    phrase = [t for t in according.subtree] or [according]
    p_start, p_end = phrase[0].i, phrase[-1].i + 1
    before = [t for t in sent if t.i < p_start]
    after = [t for t in sent if t.i >= p_end]
    part = before if len(before) >= len(after) else after
    while part and (part[0].is_punct or part[0].is_space):
        part = part[1:]
    while part and (part[-1].is_punct or part[-1].is_space):
        part = part[:-1]
    if len(part) < 4:
        return None
    return Report(part[0].idx, part[-1].idx + len(part[-1]), according, "according to")


def speaker_span(verb: Token) -> Span | None:
    if verb.lower_ == "according":
        to = verb.doc[verb.i + 1]
        subject = next((c for c in [*to.children, *verb.children] if c.dep_ == "pobj"), None)
    else:
        subject = next((c for c in verb.children if c.dep_ in SPEAKER_DEPS), None)
        if subject is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            subject = next((c for c in verb.head.children if c.dep_ in SPEAKER_DEPS), None)
    if subject is None or subject.pos_ == "PRON" or subject.lower_ in RELATIVE_PRONOUNS:
        return None
    words = phrase_words(subject)
    while words and (words[0].dep_ in ("det", "predet") and words[0].lower_ not in QUANTIFIERS or words[0].is_punct):
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    if not words or len(words) > 10:
        return None
    return subject.doc[words[0].i:words[-1].i + 1]


def phrase_words(head: Token) -> list[Token]:
    """The noun phrase of a subject without its clauses and appositives: "Mr. Grassley and
    Mr. Leahy", "the leader of the movement", "top White House economic officials"."""
    out = [head]
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "appos", "advcl", "punct", "cc") and child.i > head.i:
            continue
        if child.dep_ == "conj" or child.i < head.i or child.dep_ in ("prep", "compound", "amod", "nummod", "poss"):
            out.extend(child.subtree if child.dep_ != "conj" else phrase_words(child))
    out.sort(key=lambda t: t.i)
    # keep one contiguous run around the head: "X and Y" joins, a clause breaks
    start = end = out.index(head)
    while start > 0 and out[start - 1].i == out[start].i - 1:
        start -= 1
    while end + 1 < len(out) and (out[end + 1].i == out[end].i + 1 or head.doc[out[end].i + 1].dep_ == "cc"):
        end += 1
    return out[start:end + 1]
