"""Noun cues: a speech act named by a noun whose "that" clause is what was said ("his claim
that people would learn nothing", "the ministry's warning that …"). PolNeAR's guidelines
count these as attributions; the speaker is the noun's owner, or the subject of the verb that
made the claim ("Trump repeated his claim that …")."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ...lexicon import read_tsv
from .words import SPEAKER_DEPS
from ...nlp.docs import is_word


@lru_cache(maxsize=1)
def claim_nouns() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_tsv("lexicon/claim_nouns.tsv"))


def claim_clause(noun: Token) -> Token | None:
    """The "that" clause a claim noun carries, or None."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in claim_nouns():
        return None
    for clause in noun.children:
        if clause.dep_ in ("acl", "ccomp", "relcl") and clause.i > noun.i \
                and any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children):
            return clause
    return None


def claim_owner(noun: Token) -> Token | None:
    """Who made the claim: "Tulsa police's claim", "the warning by the ministry", the subject
    of the verb that made it ("Trump repeated his claim": Trump), else "his" claim."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None and poss.pos_ != "PRON":
        return poss
    for prep in noun.children:
        if prep.dep_ == "prep" and is_word(prep, "by", "from"):
            obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "AUX"):
        subject = next((c for c in verb.children if c.dep_ in SPEAKER_DEPS), None)
        if subject is not None:
            return subject
    return poss
