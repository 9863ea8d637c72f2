"""Clause structure the event coder walks: subjects, passives and their agents, conjuncts, the verb a
noun event hangs on, and who governs whom."""
from __future__ import annotations

from spacy.tokens import Token
from .frames import light_verbs, load_frames
from .words import WORDS
from ...nlp.docs import is_word


CLIMB_DEPS = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "advcl", "acl", "conj", "dobj", "relcl", "amod", "acomp", "attr", "nsubj", "nsubjpass", "npadvmod"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


def with_conjuncts(token: Token) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(with_conjuncts(child))
    return out


NOUN_FRAME_PREPS = ("after", "before", "during", "following", "in", "at", "since", "amid", "despite")


def clause_verb_of_noun(noun: Token) -> Token | None:
    """The verb whose subject does what a noun names: "held negotiations",
    "a series of negotiations", "after a phone call with Putin". Anything else
    ("the outcome of the talks") names an event told elsewhere."""
    node = noun
    if node.dep_ == "pobj" and is_word(node.head, "of") and node.head.head.dep_ in ("dobj", "attr") \
            and node.head.head.pos_ == "NOUN":
        node = node.head.head  # "a series of negotiations"
    if node.dep_ in ("dobj", "attr") and node.head.pos_ in ("VERB", "AUX"):
        if not does_the_noun(node.head, noun):
            return None  # "there was a threat", "cited threats", "condemned the attack": not the subject's act
        return node.head
    if node.dep_ == "pobj" and node.head.lower_ in NOUN_FRAME_PREPS and node.head.head.pos_ in ("VERB", "AUX"):
        return node.head.head
    return None


NOT_DOERS = WORDS['not_doer']


def does_the_noun(verb: Token, noun: Token) -> bool:
    """Whether the verb's subject does what its object noun names: "held talks", "launched an
    attack", "imposed sanctions" yes; "faced threats", "condemned the attack", "there was a threat" no."""
    lemma = verb.lemma_.lower()
    if lemma in light_verbs():
        return True
    if lemma in NOT_DOERS:
        return False
    own = {f.type for f in load_frames().get((noun.lemma_.lower(), "NOUN"), [])}
    other = {f.type for f in load_frames().get((lemma, "VERB"), []) if not f.requires}
    return not other or bool(other & own)


def is_passive(verb: Token) -> bool:
    """"were killed", "killed or wounded" (a conjunct of a passive), and the reduced passive
    "Joseph is dead, killed in an operation": the subject is who suffers it."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if verb.tag_ != "VBN" or any(c.dep_ in ("aux", "nsubj", "dobj") for c in verb.children):
        return False
    if verb.dep_ == "conj":
        return is_passive(verb.head)
    return verb.dep_ in ("advcl", "acl")


def passive_subject(verb: Token) -> Token | None:
    """Who a passive verb happens to: its own subject, its conjunct head's, or what a reduced
    passive hangs on."""
    node = verb
    for _ in range(6):
        subject = next((c for c in node.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if subject is not None:
            return subject
        if node.dep_ == "acl":
            return node.head  # "gang members killed in the raid"
        if node.dep_ not in ("conj", "advcl") or node.head.i == node.i:
            return None
        node = node.head  # "killed or wounded"; "is dead, killed in a joint operation"
    return None


def governs(head: Token, token: Token) -> bool:
    node = token
    while node.head.i != node.i:
        if node.dep_ == "conj" or node.dep_ == "pobj" and node.head.lower_ in NOUN_FRAME_PREPS:
            return False  # coordinated, or "after a phone call with Putin": an event of its own
        node = node.head
        if node.i == head.i:
            return True
    return False


def clause_of(token: Token) -> Token:
    """The verb whose clause a word belongs to (the word itself for a verb)."""
    node, steps = token, 0
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i and steps < 8:
        node, steps = node.head, steps + 1
    return node
