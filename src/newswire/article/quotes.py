"""Stage 5, quotes: who said what.

Direct quotes are found from the quote marks (any style, split by their
attribution, running over paragraphs); indirect ones from reporting verbs
with a clause ("said that …"), "according to X" and colon lead-ins. The
speaker is the subject of the reporting verb, resolved through the actor
table (so a pronoun becomes the person it stands for); a paragraph that is
all quote continues the last speaker."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicon import read_tsv
from ..model import Actor, Quote
from .actors import ActorTable, load_lexicon
from .clean import DATELINE
from .parse import doc_text

OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"', "‹": "›"}
CLOSERS = {"”", "»", '"', "›", "“"}
SPEAKER_DEPS = ("nsubj", "nsubjpass")
MIN_DIRECT_WORDS = 4  # shorter quoted runs are scare quotes, titles or nicknames…
TRAILING = " ,;:-–—"


@lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_tsv("lexicon/reporting_verbs.tsv"))


@lru_cache(maxsize=1)
def statement_nouns() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_tsv("lexicon/statement_nouns.tsv"))


@dataclass
class Segment:
    """One quoted run of characters inside a paragraph."""

    start: int  # first character inside the marks
    end: int
    closed: bool
    opened: bool = True  # False: the paragraph continues an unterminated quote


def quote_segments(text: str, offset: int, continuing: bool) -> list[Segment]:
    """Quoted runs in one paragraph (character offsets into the article)."""
    segments: list[Segment] = []
    open_at, closer = (offset, None) if continuing else (None, None)
    i = 0
    if continuing and text[:1] in OPENERS:  # each paragraph of a running quote reopens its marks
        open_at, closer, i = offset + 1, OPENERS[text[0]], 1
    while i < len(text):
        ch = text[i]
        if open_at is None:
            if ch in OPENERS and opens_here(text, i):
                open_at, closer = offset + i + 1, OPENERS[ch]
        elif (ch == closer or (closer is None and ch in CLOSERS) or (ch in CLOSERS and ch != '"' and closer != '"')) and closes_here(text, i):
            segments.append(Segment(open_at, offset + i, True, opened=not (continuing and not segments and open_at <= offset + 1)))
            open_at, closer = None, None
        i += 1
    if open_at is not None:
        segments.append(Segment(open_at, offset + len(text), False, opened=not (continuing and not segments and open_at <= offset + 1)))
    if not segments:
        segments.extend(single_quoted(text, offset))
    return segments


def opens_here(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == '"':
        return (before.isspace() or before in "([—–-:,") and not after.isspace()
    return not after.isspace() or text[i] in "«„"


def closes_here(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalnum() or text[i] != '"'


def single_quoted(text: str, offset: int) -> list[Segment]:
    """British-style ‘quotes’ when a paragraph has no double ones; apostrophes are not quotes."""
    out = []
    for m in re.finditer(r"(?:(?<=\s)|^)[‘'](?=\S)(.+?)(?<=\S)[’'](?=[\s,.;:!?)]|$)", text):
        if len(m.group(1).split()) >= MIN_DIRECT_WORDS:
            out.append(Segment(offset + m.start(1), offset + m.end(1), True))
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
    covered: list[tuple[int, int]] = field(default_factory=list)

    def add(self, kind: str, parts: list[tuple[int, int]], speaker: Actor | None, cue: str | None) -> Quote | None:
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
                      speaker=speaker.id if speaker else None, speaker_name=speaker.name if speaker else None, cue=cue)
        self.quotes.append(quote)
        self.covered.extend(spans)
        return quote

    def inside_quote(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e + 1 for s, e in self.covered)


def find_quotes(doc: Doc, table: ActorTable) -> list[Quote]:
    finder = QuoteFinder(doc, table)
    article = doc._.article
    paragraphs = article.paragraphs if article is not None and article.paragraphs else [(0, len(doc_text(doc)))]
    skip_first = article is not None and article.title and doc_text(doc)[paragraphs[0][0]:paragraphs[0][1]] == article.title
    find_direct(finder, paragraphs[1:] if skip_first and len(paragraphs) > 1 else paragraphs)
    find_indirect(finder, paragraphs[0][1] if skip_first else 0)
    finder.quotes.sort(key=lambda q: q.spans[0][0])
    for number, quote in enumerate(finder.quotes, 1):
        quote.id = f"q{number}"
    return finder.quotes


def find_direct(finder: QuoteFinder, paragraphs: list[tuple[int, int]]) -> None:
    doc = finder.doc
    last_speaker: Actor | None = None
    last_cue: str | None = None
    continuing = False
    previous_had_quote = False
    for p_start, p_end in paragraphs:
        text = doc_text(doc)[p_start:p_end]
        segments = [s for s in quote_segments(text, p_start, continuing) if keeps(doc, s)]
        continuing = bool(segments) and not segments[-1].closed
        if not segments:
            previous_had_quote = False
            last_speaker = None if not lead_in_colon(text) else last_speaker
            continue
        verb, speaker = attribution(finder, p_start, p_end, segments)
        if speaker is None and verb is None and is_all_quote(text, segments, p_start):
            if previous_had_quote or not segments[0].opened:
                speaker, cue = last_speaker, last_cue  # a paragraph that is all quote continues the last speaker
            else:
                speaker, cue = introduced_person(finder, p_start), None  # "Bondarenko … measures the war in ships." then his words
        else:
            cue = verb.lower_ if verb is not None else None
            if verb is not None and verb.lower_ in ("according",):
                cue = "according to"
        # the quoted runs of a paragraph are one quote, joined across their attribution:
        # `"X," she said, "Y."` (readers and the gold both count a paragraph as a quote)
        finder.add("direct", [(s.start, s.end) for s in segments], speaker, cue)
        last_speaker, last_cue = speaker or last_speaker, cue or last_cue
        previous_had_quote = True


def introduced_person(finder: QuoteFinder, before: int) -> Actor | None:
    """The person the text just introduced, for a quote that follows with no attribution."""
    doc = finder.doc
    for i, actor_id in sorted(finder.table.order, reverse=True):
        if doc[i].idx >= before:
            continue
        if before - doc[i].idx > 600:
            break
        actor = finder.table.by_id[actor_id]
        if actor.kind == "person":
            return actor
    return None


def keeps(doc: Doc, segment: Segment) -> bool:
    """Drop scare quotes, titles of works and nicknames: short runs with no sentence in them."""
    text = doc_text(doc)[segment.start:segment.end].strip()
    words = len(text.split())
    if words >= MIN_DIRECT_WORDS:
        return True
    return words >= 2 and text.endswith((",", ".", "!", "?")) and text[:1].isupper()


def is_all_quote(text: str, segments: list[Segment], offset: int) -> bool:
    outside = text
    for s in reversed(segments):
        outside = outside[: max(0, s.start - offset - 1)] + outside[s.end - offset + 1:]
    return len(re.findall(r"\w+", outside)) <= 2


def lead_in_colon(text: str) -> bool:
    return text.rstrip().endswith(":")


def attribution(finder: QuoteFinder, p_start: int, p_end: int, segments: list[Segment]) -> tuple[Token | None, Actor | None]:
    """The reporting verb outside the quote marks, nearest to the quote, and its speaker."""
    doc = finder.doc
    span = doc.char_span(p_start, p_end, alignment_mode="expand")
    if span is None:
        return None, None
    inside = [(s.start - 1, s.end + 1) for s in segments]
    candidates = []
    for token in span:
        if any(s <= token.idx < e for s, e in inside):
            continue
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in reporting_lemmas() or is_colon_lead_in(token, segments):
            distance = min(abs(token.idx - s.end) if token.idx >= s.end else abs(s.start - token.idx) for s in segments)
            candidates.append((distance, token))
        elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            candidates.append((min(abs(token.idx - s.end) for s in segments), token))
    for _distance, verb in sorted(candidates, key=lambda c: c[0]):
        speaker = speaker_of(finder.table, verb)
        if speaker is not None:
            return verb, speaker
    if candidates:
        return sorted(candidates, key=lambda c: c[0])[0][1], None
    return None, None


def is_colon_lead_in(token: Token, segments: list[Segment]) -> bool:
    """"Ferreira put it bluntly: “…”": the main verb of a clause ending in a colon before the quote."""
    if token.pos_ not in ("VERB", "AUX") or not any(c.dep_ in SPEAKER_DEPS for c in token.children):
        return False
    sent_text = token.sent.text
    colon = token.sent.start_char + sent_text.rfind(":")
    return ":" in sent_text and token.idx < colon and any(0 <= s.start - colon <= 3 for s in segments)


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
    if subject.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
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

def find_indirect(finder: QuoteFinder, body_start: int) -> None:
    doc = finder.doc
    for sent in doc.sents:
        if sent.start_char < body_start:
            continue
        for token in sent:
            if finder.inside_quote(token.idx, token.idx + len(token)):
                continue
            if token.lemma_.lower() in reporting_lemmas() and token.pos_ in ("VERB", "AUX"):
                reported_clause(finder, token)
            elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                according_to(finder, token, sent)


def reported_clause(finder: QuoteFinder, verb: Token) -> None:
    clause = clause_reported_by(verb)
    if clause is None:
        return
    tokens = [t for t in clause.subtree]
    while tokens and (tokens[0].lower_ in ("that",) or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if len(tokens) < 3 or not any(t.dep_ in SPEAKER_DEPS for t in clause.children) and clause.pos_ != "VERB":
        return
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children) \
            or any(c.dep_ == "neg" for c in verb.children):
        return  # "did not say whether he would sign": nothing was said
    dateline = DATELINE.match(doc_text(finder.doc)[tokens[0].idx:tokens[0].idx + 120]) if tokens[0].is_sent_start else None
    if dateline:  # "LIMA, Sept 25 (Newswire) - Peruvian police cleared …, the ministry said"
        tokens = [t for t in tokens if t.idx >= tokens[0].idx + dateline.end()]
        if len(tokens) < 3:
            return
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if finder.inside_quote(start, end) or overlaps_direct(finder, start, end):
        return
    speaker = speaker_of(finder.table, verb)
    if speaker is None:
        return
    has_marks = any(ch in doc_text(finder.doc)[start:end] for ch in "“”\"«»")
    finder.add("mixed" if has_marks else "indirect", [(start, end)], speaker, verb.lower_)


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


def overlaps_direct(finder: QuoteFinder, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in finder.covered)


def according_to(finder: QuoteFinder, according: Token, sent: Span) -> None:
    speaker = speaker_of(finder.table, according)
    if speaker is None:
        return
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
        return
    start, end = part[0].idx, part[-1].idx + len(part[-1])
    if overlaps_direct(finder, start, end):
        return
    finder.add("indirect", [(start, end)], speaker, "according to")
