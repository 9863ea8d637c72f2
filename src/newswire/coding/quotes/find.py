"""The quotes component: marks, reported clauses, direct quotes, in that order."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...model import Quote
from ...nlp.docs import doc_text
from ..actors import ActorTable
from .direct import find_direct
from .finder import QuoteFinder
from .marks import paragraph_segments
from .reported import add_reported, reported_clauses


@Language.component("newswire_quotes")
def quotes_component(doc: Doc) -> Doc:
    doc._.quotes = find_quotes(doc, doc._.actors or ActorTable())
    return doc


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
