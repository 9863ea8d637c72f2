"""A Universal Dependencies parse read as the coding stages read English: spaCy's French (and
other UD) pipelines label and shape their trees after UD, en_core_web_sm after ClearNLP. This
component, run after such a pipeline's parser and NER, rewrites the Doc in place: the labels
(obj → dobj, nsubj:pass → nsubjpass, …), the prepositions (UD hangs "de" under its noun with
`case`; ClearNLP makes it the head, prep → pobj), Penn tags from the UD morphology, the entity
labels (PER → PERSON, LOC → GPE), and each lemma the language's table (data/<lang>/lexicon/
lemmas.tsv) gives an English equivalent, so that "accuser" takes the frames of "accuse".
The text, the tokens and so every offset stay as they were.

Sources: the UD v2 relations (universaldependencies.org/u/dep), the ClearNLP dependency labels
(Choi & Palmer 2012) en_core_web_sm is trained on, and the Penn Treebank tag set."""
from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import DATA, read_tsv
from . import french

GRAMMARS = {"fr": french.GRAMMAR}  # the rules of a language's own grammar, after the UD reading

# UD relation (with its subtype) → the ClearNLP label the coding stages read; a relation not
# named keeps its label (nsubj, amod, det, conj, cc, ccomp, xcomp, advcl, acl, mark, appos…).
RELATIONS = {
    "obj": "dobj", "iobj": "dative", "nsubj:pass": "nsubjpass", "aux:pass": "auxpass", "aux:tense": "aux",
    "aux:caus": "aux", "expl:subj": "nsubj", "expl:pass": "expl", "expl:comp": "expl", "csubj:pass": "csubjpass",
    "acl:relcl": "relcl", "flat:name": "compound", "flat:foreign": "compound", "flat": "compound",
    "nmod:poss": "poss", "nummod": "nummod", "obl:tmod": "npadvmod", "obl": "npadvmod", "obl:mod": "npadvmod",
    "obl:arg": "npadvmod", "nmod": "npadvmod", "obl:agent": "npadvmod", "fixed": "fixed", "root": "ROOT",
}
# nominals whose `case` word becomes their head, as a ClearNLP preposition
CASED = {"obl", "obl:mod", "obl:arg", "obl:agent", "obl:tmod", "nmod", "npadvmod"}
ENTITY_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG", "MISC": "MISC"}


@lru_cache(maxsize=None)
def english_lemmas(tables: str) -> dict[tuple[str, str], str]:
    """(lemma, UPOS) → the English lemma whose entries the word shares (first row wins)."""
    found: dict[tuple[str, str], str] = {}
    for row in read_tsv(f"{tables}/lexicon/lemmas.tsv"):
        found.setdefault((row["lemma"], row["pos"]), row["english"])
    return found


@lru_cache(maxsize=None)
def person_titles(tables: str) -> frozenset[str]:
    """The one-word person titles of the language (data/<lang>/actors/titles.tsv): "ministre"."""
    path = f"{tables}/actors/titles.tsv"
    if not (DATA / path).is_file():
        return frozenset()
    return frozenset(r["phrase"].lower() for r in read_tsv(path) if r["kind"] == "person" and " " not in r["phrase"])


def title_first(entity: Span, titles: frozenset[str]) -> bool:
    """"ministre turc de la Défense", which the French NER takes for an organisation: a role
    phrase (its head a person's title), left to the actor stage's titles."""
    words = [t for t in entity if t.pos_ != "DET"]
    return bool(words) and words[0].lower_ in titles


@Language.component("newswire_ud")
def ud_component(doc: Doc) -> Doc:
    heads, deps = restructured(doc)
    names_head_last(doc, heads, deps)
    for rule in GRAMMARS.get(doc.lang_, ()):
        rule(doc, heads, deps)
    tags = [penn_tag(token) for token in doc]
    lemmas = english_lemmas(doc.lang_)
    words = [lemmas.get((t.lemma_.lower(), t.pos_), lemmas.get((t.lemma_.lower(), "VERB")) if t.pos_ == "AUX" else None)
             or t.lemma_ for t in doc]
    pos = [("AUX" if deps[t.i] in ("aux", "auxpass") and t.pos_ == "VERB" else t.pos_) for t in doc]
    tags = [("MD" if p == "AUX" and t.pos_ == "VERB" else tag) for t, p, tag in zip(doc, pos, tags)]
    titles = person_titles(doc.lang_)
    entities = [Span(doc, e.start, e.end, label=ENTITY_LABELS.get(e.label_, e.label_)) for e in doc.ents
                if not (e.label_ in ("ORG", "MISC") and title_first(e, titles))]
    array = doc.to_array([HEAD, DEP, TAG, LEMMA, POS])
    array[:, 0] = numpy.array([h - i for i, h in enumerate(heads)], dtype="int64").view("uint64")
    for column, values in ((1, deps), (2, tags), (3, words), (4, pos)):
        array[:, column] = numpy.array([doc.vocab.strings.add(v) for v in values], dtype="uint64")
    doc.from_array([HEAD, DEP, TAG, LEMMA, POS], array)
    doc.ents = entities
    return doc


def restructured(doc: Doc) -> tuple[list[int], list[str]]:
    """Each token's head and ClearNLP label. A preposition (`case`) of a nominal becomes the head of
    its phrase: "à Kaboul" is prep(à) → pobj(Kaboul), hanging where the nominal hung."""
    heads = [t.head.i for t in doc]
    deps = [RELATIONS.get(t.dep_, t.dep_.split(":")[0]) for t in doc]
    for token in doc:
        case = next((c for c in token.children if c.dep_ == "case" and c.pos_ == "ADP" and c.i < token.i), None)
        if case is None or token.dep_ not in CASED or token.head.i == token.i:
            continue
        heads[case.i], deps[case.i] = heads[token.i], "agent" if token.dep_ == "obl:agent" else "prep"
        heads[token.i], deps[token.i] = case.i, "pobj"
    for token in doc:
        if token.dep_ == "case" and deps[token.i] == "case":
            deps[token.i] = "prep"
    return heads, deps


def names_head_last(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """UD heads a name by its first word (flat:name), ClearNLP by its last (compound): "Hulusi
    Akar" hangs from "Akar", which takes the place of the name in the tree."""
    for first in doc:
        parts = [t.i for t in doc if heads[t.i] == first.i and t.dep_ in ("flat:name", "flat") and t.i > first.i]
        if not parts or first.dep_ in ("flat:name", "flat"):
            continue
        last = max(parts)
        heads[last], deps[last] = (last if heads[first.i] == first.i else heads[first.i]), deps[first.i]
        for child in doc:
            if heads[child.i] == first.i and child.i != last:
                heads[child.i] = last
        heads[first.i], deps[first.i] = last, "compound"
        for i in parts:
            if i != last:
                heads[i], deps[i] = last, "compound"


def penn_tag(token) -> str:
    """The Penn tag the English stages test (VBD, VBN, NNS, …) from the UD part of speech and features."""
    morph, pos = token.morph, token.pos_
    plural = "Plur" in morph.get("Number")
    if pos == "NOUN":
        return "NNS" if plural else "NN"
    if pos == "PROPN":
        return "NNPS" if plural else "NNP"
    if pos not in ("VERB", "AUX"):
        return {"ADJ": "JJ", "ADV": "RB", "ADP": "IN", "DET": "DT", "PRON": "PRP", "NUM": "CD",
                "CCONJ": "CC", "SCONJ": "IN", "PUNCT": ".", "PART": "RP"}.get(pos, token.tag_ or pos)
    form, tense = morph.get("VerbForm"), morph.get("Tense")
    if "Part" in form:
        return "VBG" if "Pres" in tense else "VBN"
    if "Inf" in form:
        return "VB"
    if "Past" in tense or "Imp" in tense:
        return "VBD"
    return "VBP" if plural or "1" in morph.get("Person") or "2" in morph.get("Person") else "VBZ"
