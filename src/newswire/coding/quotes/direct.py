"""Direct quotes: quoted runs grouped into quotes, each given its reporting verb and speaker."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Token

from ...model import Actor, Quote
from ...nlp.docs import doc_text
from .chains import pronoun_speaker
from .finder import QuoteFinder
from .marks import Segment
from .text import is_title, stands_alone
from .words import (
    ABBREVIATIONS,
    ATTRIBUTION_WORDS,
    COLLAPSED_CHARS,
    MIN_DIRECT_WORDS,
    SPEAKER_DEPS,
    WINDOW,
    cue_text,
    reporting_lemmas,
    source_preposition,
)


def group_segments(text: str, segments: list[Segment], body: list[tuple[int, int]],
                   reports=lambda start, end: True) -> list[list[Segment]]:
    """Quoted runs that make one quote: joined across their own attribution
    (`"X," she said, "Y."`) or when nothing stands between them. In a paragraph of
    ordinary length the paragraph is the unit (`"X," she said. "Y."` is one quote, as
    readers count it); in a collapsed one, the sentence is."""
    groups: list[list[Segment]] = []
    for segment in segments:
        if groups and joins(text, groups[-1][-1], segment, body, reports):
            groups[-1].append(segment)
        else:
            groups.append([segment])
    return groups


MARK_CHARS = "“”\"„«»‘’`"


def joins(text: str, a: Segment, b: Segment, body: list[tuple[int, int]], reports=lambda start, end: True) -> bool:
    if a.paragraph != b.paragraph:
        return False
    if is_title(text[a.start:a.end]) or is_title(text[b.start:b.end]):
        return False  # 'his "Keepin\' It Real" radio program …. "Making …"': a title joins no quote
    # the marks themselves left out, two-character ones too (the '' of NYT copy)
    between = text[a.end:b.start].strip(MARK_CHARS).strip(" '").strip(MARK_CHARS)
    between = " " + between + " " if between else between
    words = re.findall(r"\w+", between)
    if not words:  # `…,” “…`: one sentence resumed; `….” “…`: a new paragraph run together
        return not text[a.start:a.end].rstrip().endswith((".", "!", "?"))
    if len(words) > ATTRIBUTION_WORDS or not a.closed:
        return False
    if not between.rstrip().endswith((",", ":", ";", "—", "–", "-", ".", "!", "?")):
        return False  # "told NBC’s “Meet the Press”": a title after the attribution, not the quote resumed
    end = sentence_end(between)
    ends_sentence = end is not None or text[a.start:a.end].rstrip().endswith((".", "!", "?"))
    if not ends_sentence:
        return True  # the attribution interrupts one sentence
    p_start, p_end = body[a.paragraph]
    after_end = between[end:] if end is not None else ""
    if re.search(r"\w", after_end):
        return False  # `"X," she said. Narration. "Y."`: a sentence of narration between
    if text[a.start:a.end].rstrip().endswith((".", "!", "?")) and not reports(a.end, b.start):
        return False  # `"X." His aide struck a similar tune. "Y."`: a sentence with no attribution in it
    if has_own_attribution(text, b):
        return False  # `«X», a déclaré Mme Morel. «Y», a-t-elle ajouté.`: the second run is told apart
    return p_end - p_start < COLLAPSED_CHARS


def has_own_attribution(text: str, b: Segment) -> bool:
    """The run is followed, in its own sentence, by words of its own ("…,” he added.")."""
    if text[b.start:b.end].rstrip(MARK_CHARS + " \u00a0\u202f").endswith((".", "!", "?")):
        return False  # "“Y.” Narration …": the run's own sentence ends inside it
    after = text[b.end:b.end + 120].lstrip(MARK_CHARS + " \u00a0\u202f")
    end = sentence_end(after)
    return bool(re.search(r"\w", after[:end] if end is not None else after[:60])) and not after.startswith(tuple(MARK_CHARS))


def sentence_end(text: str) -> int | None:
    """Where the first sentence of `text` ends: a ".", "!" or "?" that is not the period of an
    initial or an abbreviation ("said Ronald R. Fieldstone", "Sen. Leahy": quote_words.tsv)."""
    for match in re.finditer(r"[.!?]", text):
        if text.count("(", 0, match.start()) > text.count(")", 0, match.start()):
            continue  # inside a parenthesis: "(D-Mo.)"
        word = re.search(r"(\w+)$", text[:match.start()])
        if match.group() == "." and word is not None and (
                len(word.group(1)) == 1 and word.group(1).isupper() or word.group(1).lower() in ABBREVIATIONS):
            continue
        return match.end()
    return None


def find_direct(finder: QuoteFinder, segments: list[Segment], body: list[tuple[int, int]], reports: list) -> None:
    text = doc_text(finder.doc)
    last: Quote | None = None
    last_speaker: Actor | None = None
    last_end = 0
    for group in group_segments(text, segments, body, lambda a, b: reports_between(finder, a, b)):
        start, end = group[0].start, group[-1].end
        if not keeps(finder, group) or inside_report(finder, reports, start, end) \
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


def reports_between(finder: QuoteFinder, start: int, end: int) -> bool:
    """Whether the words between two quoted runs hold a reporting verb or "according to"."""
    doc = finder.doc
    return any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in reporting_lemmas() or source_preposition(t) is not None
               for t in doc[finder.token_at(start).i:finder.token_at(end).i + 1] if not finder.is_quoted(t))


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
    return cue_text(verb)


def keeps(finder: QuoteFinder, group: list[Segment]) -> bool:
    """Drop scare quotes, titles of works, slogans and nicknames: runs of capitalised words
    with no sentence in them, and short runs inside the narration's sentence ("refer to them
    as the “Axis of Upheaval,”"); a short run on its own is an utterance ("“Never,” he said")."""
    text = doc_text(finder.doc)
    inner = " ".join(text[s.start:s.end].strip() for s in group)
    words = inner.split()
    mark = finder.token_at(group[0].start - 1)
    if is_title(inner.rstrip(" ,")) and names_a_work(mark.doc[mark.i - 1] if mark.i > 0 else None):
        return False
    if len(words) >= MIN_DIRECT_WORDS:
        return not is_title(inner)
    before = mark.doc[mark.i - 1] if mark.i > mark.sent.start else None
    return len(words) >= 2 and inner.endswith((",", ".", "!", "?")) and inner[:1].isupper() and stands_alone(before)


def names_a_work(before: Token | None) -> bool:
    """A capitalised run after a possessive, a preposition, an article or "and" ("Fox News
    channel’s “Sunday Morning Futures,”", "starred in “Parks and Recreation” and “Guardians of
    the Galaxy,”") sits in a noun phrase of the narration: the title of a show or a work, where
    an utterance opens its sentence or follows a colon or its verb (text.py: a show's name is a
    title, not a quote; PolNeAR's guidelines)."""
    return before is not None and (before.tag_ == "POS" or before.pos_ in ("ADP", "DET", "CCONJ"))


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
    first, last = finder.token_at(start).i, finder.token_at(end - 1).i
    sent = doc[first].sent  # one sentence lookup per sentence, not per token
    while True:
        if sent.start_char >= start and sent.end_char <= end and not any(finder.is_quoted(t) for t in sent):
            return False
        if sent.end > last or sent.end >= len(doc):
            return True
        sent = doc[sent.end].sent


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
        if doc[i].pos_ == "PRON":  # "He didn't suggest retaliation.": whoever the chain says "he" is
            actor = pronoun_speaker(finder, doc[i]) or actor  # (a pronoun chains.py does not read: as tagged)
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
                source_preposition(token) is not None:
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
