"""Did it happen: the status of a trigger from the negation, modality and reporting verbs over it."""
from __future__ import annotations

from functools import lru_cache
from spacy.tokens import Token
from ...lexicon import read_tsv
from ...nlp.docs import is_word
from .clauses import CLIMB_DEPS, SUBJECT_DEPS
from .words import WORDS


@lru_cache(maxsize=1)
def load_status_cues() -> dict[str, dict[str, str]]:
    """relation → {lemma: status} from data/lexicon/status_cues.tsv, then the one-word scope
    cues of data/lexicon/factuality_cues.tsv (FactBank, TimeML, the PLOVER manual) that it lacks."""
    cues: dict[str, dict[str, str]] = {}
    for row in read_tsv("lexicon/status_cues.tsv"):
        cues.setdefault(row.get("relation", "governor"), {})[row["lemma"].lower()] = row["status"]
    for row in read_tsv("lexicon/factuality_cues.tsv"):
        if " " not in row["lemma"]:
            cues.setdefault(row["relation"], {}).setdefault(row["lemma"].lower(), row["status"])
    for row in read_tsv("plover/REQUEST.tsv"):  # what a request asks for has not happened: "lobbied the
        if row["pos"] == "VERB" and row["requires"] == "-":  # EU to abandon the tariffs" (issue 20, PLOVER REQUEST)
            cues.setdefault("governor", {}).setdefault(row["lemma"].lower(), "hypothetical")
    return cues


# ------------------------------------------------------------------ status

# FactBank's evidential and epistemic adverbs ("allegedly", "reportedly", "possibly"): a
# dependent of the event word that withholds the writer's commitment (factuality_cues.tsv)
EVIDENTIAL_ADVERBS = frozenset(row["lemma"] for row in read_tsv("lexicon/factuality_cues.tsv")
                               if row["relation"] == "neg" and row["pos"] == "ADV" and " " not in row["lemma"])
CCOMP_CUES = WORDS['ccomp_cue']


def status_of(trigger: Token) -> str:
    """negated, hypothetical, planned or occurred, from the words that govern the trigger.

    Climbs from the trigger through its complements ("plans to visit", "any hope of
    negotiating"); a reported clause ("announced that they agreed") keeps its own
    status unless the verb that reports it denies, hopes or demands it."""
    cues = load_status_cues()
    if is_question(trigger):
        return cues["sentence"]["?"]
    neg, aux, gov, noun = cues.get("neg", {}), cues.get("aux", {}), cues.get("governor", {}), cues.get("noun_head", {})
    node, steps, reported, coordinated = trigger, 0, False, False
    while steps < 6:
        if reported:
            lemma = node.lemma_.lower()
            return gov[lemma] if lemma in CCOMP_CUES and lemma in gov else base_form_status(trigger)
        children = list(node.children)
        for child in children:  # "will not accept": the negation decides
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return neg.get(child.lower_, "negated")
            if child.dep_ == "advmod" and child.lower_ in EVIDENTIAL_ADVERBS:
                return neg[child.lower_]  # "allegedly supplied": FactBank's evidential adverbs, not the writer's fact
        if not_yet_done(node, children, cues.get("infinitive", {})):
            return cues["infinitive"].get("yet", "negated")  # "talks have yet to begin", "remains to be completed"
        mood = inflected_status(node, children)
        if mood is not None:
            return mood
        for child in children:
            low = child.lower_
            if child.dep_ in ("aux", "auxpass") and low in aux:
                return aux[low]
            if child.dep_ == "mark" and is_word(child, "if", "unless", "whether"):
                return "hypothetical"
        if node.i != trigger.i and not coordinated:
            lemma = cue_lemma(node, gov)
            if node.pos_ == "NOUN" and lemma in noun:
                return noun[lemma]
            if lemma in gov and node.pos_ in ("VERB", "ADJ", "AUX", "NOUN"):
                return gov[lemma]
        if node.dep_ not in CLIMB_DEPS or node.head.i == node.i:
            break
        own_subject = any(c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON" for c in node.children)
        if node.dep_ == "relcl" and (node.i != trigger.i or own_subject) or node.dep_ == "advcl" and not is_purpose_clause(node):
            break  # an adverbial or relative clause has its own status, not the main clause's "will"
        if node.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in node.children):
            break  # "blamed the Taliban and they called for talks": a clause of its own
        # "blamed the Taliban and called for talks": a conjunct shares the head's auxiliaries,
        # not the head's own meaning (the calling is not alleged)
        coordinated = node.dep_ == "conj"
        reported = node.dep_ == "ccomp"
        node, steps = node.head, steps + 1
    return base_form_status(trigger)


def is_question(trigger: Token) -> bool:
    """"Will Russia attack Ukraine again?": a question asserts nothing; what it asks about has
    underspecified factuality (FactBank: interrogatives), not the writer's fact."""
    sent = trigger.sent
    last = next((t for t in reversed(sent) if not t.is_space and not t.is_quote), None)
    return last is not None and last.text == "?" and "?" in load_status_cues().get("sentence", {})


def not_yet_done(node: Token, children: list[Token], words: dict) -> bool:
    """"have yet to begin", "is yet to be finalized", "remains to be completed": the to-infinitive's
    event has not happened (FactBank: negative polarity of "yet to" and "remain to be")."""
    if not words:
        return False
    infinitive = any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in children)
    if not infinitive:
        return False
    return node.lemma_.lower() in words or any(c.dep_ == "advmod" and c.lower_ in words for c in children)


def inflected_status(node: Token, children: list[Token]) -> str | None:
    """Where a language inflects the verb for what English says with "would" and "will" (French
    "imposerait", "imposera"): the UD features Mood=Cnd (hypothetical) and Tense=Fut (planned), on
    the verb or its auxiliary. English pipelines set neither; English copy is read by its words."""
    if node.doc.lang_ == "en":
        return None
    for token in [node, *(c for c in children if c.dep_ in ("aux", "auxpass"))]:
        if "Cnd" in token.morph.get("Mood"):
            return "hypothetical"
        if "Fut" in token.morph.get("Tense"):
            return "planned"
    return None


def cue_lemma(token: Token, cues: dict) -> str:
    """The token's lemma, or its form when the lemmatizer missed ("hopes" -> "hop")."""
    lemma = token.lemma_.lower()
    if lemma in cues or token.tag_ != "VBZ":
        return lemma
    form = token.lower_[:-1] if token.lower_.endswith("s") else token.lower_
    return form if form in cues else lemma


def is_purpose_clause(clause: Token) -> bool:
    """"will visit Kyiv to meet Zelensky", "may impose sanctions, cutting aid": an adverbial
    clause with no subordinator or subject of its own shares the main clause's status;
    "will retaliate because Kyiv attacked" does not."""
    return not any(c.dep_ == "mark" and c.lower_ != "to" or c.dep_ in SUBJECT_DEPS for c in clause.children)


def base_form_status(trigger: Token) -> str:
    """A bare verb ("sit down with him and negotiate") is urged or imagined, not told,
    unless it is coordinated with a past one ("talked to Putin, and then visit Kyiv")."""
    if trigger.tag_ != "VB" or trigger.dep_ in ("xcomp", "acl"):
        return "occurred"  # "continued to send arms": the governing verb's cues have spoken
    node = trigger
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
        if node.tag_ in ("VBD", "VBN"):
            return "occurred"
    return "hypothetical"
COMMITMENT_AUX = WORDS['commitment_aux']
