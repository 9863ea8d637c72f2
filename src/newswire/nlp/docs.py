"""Lookups on a parsed Doc that every coding stage needs: its text, the entities of a sentence,
the entity at a token, the quotes in or near a sentence, and the dateline that opens a story."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple
from spacy.tokens import Doc


DATELINE = re.compile(  # "LIMA, Sept 25 (Newswire) - ", "ODESA, Ukraine — ", "July 27 — "
    r"^(?:[A-Z][A-Z.'’ -]{2,}(?:,[^-–—\n]{0,60})?|[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?(?: \([^)]{1,40}\))?)\s+[-–—]{1,2}\s")


def doc_text(doc: Doc) -> str:
    """The Doc's text without rebuilding it: `Doc.text` joins every token on each call."""
    article = doc._.article
    return article.text if article is not None else doc.text


def sentence_ents(sent) -> list:
    """`sent.ents` without its cost: spaCy scans every entity of the Doc for each
    sentence, which is quadratic on a long text. Grouped once per Doc, in one pass."""
    doc = sent.doc
    by_start = doc.user_data.get("newswire_ents_by_sentence")
    if by_start is None:
        by_start, ents, j = {}, doc.ents, 0
        for each in doc.sents:
            while j < len(ents) and ents[j].start < each.end:
                by_start.setdefault(each.start, []).append(ents[j])
                j += 1
        doc.user_data["newswire_ents_by_sentence"] = by_start
    return by_start.get(sent.start, [])


def entity_at(doc: Doc, i: int):
    """The entity holding token i, or None: `next(e for e in doc.ents if e.start <= i < e.end)`
    without building `doc.ents` on each call. Indexed once per Doc (the entities are set by
    the NER and never changed after it)."""
    by_token = doc.user_data.get("newswire_entity_by_token")
    if by_token is None:
        by_token = {j: ent for ent in doc.ents for j in range(ent.start, ent.end)}
        doc.user_data["newswire_entity_by_token"] = by_token
    return by_token.get(i)


def sentence_quotes(sent, quotes: list) -> list:
    """The quotes (in their order) with a span that touches this sentence: what
    scanning every quote of the Doc for each sentence would find, without the
    scan (quadratic on a long text). A superset: callers still test the spans."""
    if not quotes:
        return quotes
    return _quote_index(sent.doc, quotes).by_sentence.get(sent.start, [])


def quotes_near(doc: Doc, quotes: list, char: int) -> list:
    """The quotes (in their order) that may hold the character at `char`: those
    touching its sentence. A superset of the quotes whose span holds `char`; all
    quotes when `char` lies between sentences."""
    if not quotes:
        return quotes
    index = _quote_index(doc, quotes)
    i = bisect_right(index.starts, char) - 1
    if i < 0 or char >= index.ends[i]:
        return quotes
    return index.by_sentence.get(index.keys[i], [])


class _QuoteIndex(NamedTuple):
    quotes: list  # the list indexed (kept, so that `is` tells a new list from it)
    count: int
    starts: list[int]  # each sentence's start_char, in order
    ends: list[int]  # each sentence's end_char
    keys: list[int]  # each sentence's first token
    by_sentence: dict[int, list]  # first token of a sentence -> the quotes touching it


def _quote_index(doc: Doc, quotes: list) -> _QuoteIndex:
    """Built once per Doc and quote list, in one pass over the sentences and spans."""
    cached = doc.user_data.get("newswire_quotes_by_sentence")
    if cached is not None and cached.quotes is quotes and cached.count == len(quotes):
        return cached
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    ends = [s.end_char for s in sents]
    keys = [s.start for s in sents]
    found: dict[int, set[int]] = {}
    for number, quote in enumerate(quotes):
        for s, e in quote.spans:
            i = bisect_right(ends, s)  # the first sentence that ends after s
            while i < len(sents) and starts[i] <= e:
                found.setdefault(keys[i], set()).add(number)
                i += 1
    by_sentence = {key: [quotes[n] for n in sorted(numbers)] for key, numbers in found.items()}
    index = _QuoteIndex(quotes, len(quotes), starts, ends, keys, by_sentence)
    doc.user_data["newswire_quotes_by_sentence"] = index
    return index


def is_word(token, *words: str) -> bool:
    """The token is one of these English words: itself, or in another language the word whose
    English lemma the UD reading gave it (nlp/ud.py: "contre" is against, "de" of, "par" by)."""
    return token.lower_ in words or (token.doc.lang_ != "en" and token.lemma_ in words)
