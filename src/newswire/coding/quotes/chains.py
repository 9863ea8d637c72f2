"""Speaker chains: who "he said", "she added", "it said" and "the official said" are.

Wire copy names a speaker once and then refers back ("…,” he said."). The
antecedent is the nearest compatible one, read sentence by sentence backwards
from the sentence before the pronoun's (its own holds only the quote): in the
nearest sentence that has one, a speaker (of a quote, of a reporting verb, of
"according to") before a subject before any other mention, the latest first; a
possessive ("Putin's advisers") only when no sentence within reach has better.
Compatible: a person of the pronoun's sex for "he"/"she" (sex from honorifics,
sex-marked role nouns and first names; unknown agrees with both), a body or a
country for "it", a person whose title carries the noun (or its modifier) for
"the official", "the Commerce chief". Never the story's most salient person
when a closer one fits: that is only the fallback when nothing nearer does."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from ...lexicon import coding_language, language_rows, read_tsv
from ...model import Actor
from ...nlp.docs import doc_text
from ..actors import ActorTable, load_lexicon, surname
from .words import COGNITION_LEMMAS, SOURCE_PREPOSITIONS, SPEAKER_DEPS, reporting_lemmas

if TYPE_CHECKING:
    from .finder import QuoteFinder

SENTENCES_BACK = 6  # how far back an antecedent may stand: a paragraph or two of wire copy
PLURAL_PRONOUNS = frozenset({"they", "their"})
PRONOUN_SEX = {"he": "m", "his": "m", "she": "f", "her": "f"}
BODY_KINDS = ("organization", "country")
GENERIC_ROLES = frozenset({"official", "spokesperson", "spokesman", "spokeswoman", "chief", "head"})
POSSESSIVE = 3  # "Trump's tariffs": named, but not the one who acts
ANY_TITLE = frozenset({"official"})  # "the official": whoever was named with a title


@dataclass(frozen=True)
class Candidate:
    token: int  # where the antecedent is mentioned
    actor: Actor
    rank: int  # 0 a speaker, 1 a subject, 2 any other mention, 3 a possessive
    plural: bool = False  # "analysts", "the group": a "they", never a "he"
    joined: bool = False  # "Grassley and Shaheen": each a "he" or "she", and together a "they"


def sex_words() -> dict[str, str]:
    return _sex_words(coding_language())


@lru_cache(maxsize=None)
def _sex_words(language: str) -> dict[str, str]:
    rows = read_tsv("lexicon/gender_words.tsv") + language_rows("lexicon/gender_words.tsv", language)
    return {row["word"]: row["sex"] for row in rows}


@lru_cache(maxsize=1)
def first_name_sex() -> dict[str, str]:
    return {row["name"]: row["sex"] for row in read_tsv("lexicon/first_names.tsv")}


def sex_of(finder: QuoteFinder, actor: Actor) -> str | None:
    """"m", "f" or None: from the honorific or role noun before a mention or in the title,
    else the first name."""
    words = sex_words()
    text = doc_text(finder.doc)
    for mention in actor.mentions:
        before = text[max(0, mention.start - 16):mention.start].split()
        for word in [*mention.text.lower().split()[:-1], *(w.lower() for w in before[-1:])]:
            if word.strip(",") in words:
                return words[word.strip(",")]
    for word in (actor.title or "").lower().split():
        if word in words:
            return words[word]
    first = actor.name.split()[0].lower().strip(".") if actor.name.split() else ""
    return first_name_sex().get(first)


def as_person(table: ActorTable, actor: Actor) -> Actor:
    """A surname the actors stage took for a body ("Lutnick said") is the person of that surname."""
    if actor.kind == "person" or " " in actor.name:
        return actor
    for other in table.actors:
        if other.kind == "person" and other is not actor and surname(other.name) == actor.name.lower():
            return other
    return actor


def role_of(token: Token) -> int:
    """0 when the mention speaks (subject of a reporting verb, "according to X", "X, who said"),
    1 when it is a subject, 3 for a possessive ("Trump's tariffs"), 2 otherwise."""
    head = token
    while head.dep_ in ("compound", "appos", "flat", "conj") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "poss":
        return POSSESSIVE
    if any(c.dep_ == "relcl" and c.lemma_.lower() in reporting_lemmas() for c in head.children):
        return 0
    if head.dep_ == "pobj" and (head.head.lower_ == "to" and head.head.head.lower_ == "according"
                                or head.head.lower_ in SOURCE_PREPOSITIONS):
        return 0
    if head.dep_ in SPEAKER_DEPS:
        return 0 if head.head.lemma_.lower() in reporting_lemmas() else 1
    return 2


def number_of(token: Token, actor: Actor) -> tuple[bool, bool]:
    """(plural: a plural noun or a group, joined: one of several joined by "and")."""
    head = token
    while head.dep_ in ("compound", "flat") and head.head.i != head.i:
        head = head.head
    joined = head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children)
    return head.tag_ in ("NNS", "NNPS") or actor.kind == "group", joined


def candidates_in(finder: QuoteFinder, sent: Span, before: int) -> list[Candidate]:
    """The antecedents one sentence offers before token `before`: its mentions outside quote
    marks, its pronoun subjects as this module resolves them (not as the actors stage did,
    more loosely), its definite role nouns, and the speakers of the quotes in it."""
    table, doc = finder.table, sent.doc
    limit = doc[before].idx if before < len(doc) else sent.end_char
    out = []
    for token in sent:
        if finder.is_quoted(token) or token.i >= before:
            continue
        if token.pos_ == "PRON":  # "He said …" before: whoever that "he" was (memoised, so linear)
            actor = pronoun_speaker(finder, token) if token.dep_ in SPEAKER_DEPS else None
            if actor is not None:
                out.append(Candidate(token.i, actor, role_of(token), token.lower_ in PLURAL_PRONOUNS))
            continue
        if token.pos_ in ("PART", "PUNCT", "DET", "ADP"):
            continue
        described = described_antecedent(finder, token) if token.dep_ in SPEAKER_DEPS else None
        actor = described or table.actor_at(token)
        if actor is not None:
            out.append(Candidate(token.i, as_person(table, actor), role_of(token), *number_of(token, actor)))
    for quote in finder.quotes:
        if quote.speaker and sent.start_char <= quote.spans[-1][1] <= limit:
            actor = table.by_id.get(quote.speaker)
            if actor is not None:
                out.append(Candidate(finder.token_at(quote.spans[-1][1] - 1).i, actor, 0))
    return out


def antecedent(finder: QuoteFinder, pronoun: Token, fits) -> Actor | None:
    """The nearest candidate that `fits`, in the nearest sentence that has one. The
    pronoun's own sentence counts only when its verb is coordinated with an earlier one
    ("Scholz said …, and he indicated"): else it holds only what is reported ("The envoy
    was summoned, she said")."""
    doc, sent = pronoun.doc, pronoun.sent
    bound = reporter_of(finder, pronoun, fits)
    if bound is not None:
        return bound
    found = []
    if pronoun.head.dep_ == "conj":
        own = {t.i for t in pronoun.head.subtree}
        found = [c for c in candidates_in(finder, sent, pronoun.i) if c.token not in own]
    fallback = None
    for _ in range(SENTENCES_BACK + 1):
        fitting = [c for c in found if fits(c)]
        best = min(fitting, key=lambda c: (c.rank, -c.token)) if fitting else None
        if best is not None and best.rank < POSSESSIVE:
            return best.actor
        fallback = fallback or best  # a possessive only if nobody further back speaks or acts
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
        found = candidates_in(finder, sent, sent.end)
    return fallback.actor if fallback is not None else None


def reporter_of(finder: QuoteFinder, pronoun: Token, fits) -> Actor | None:
    """"Brockovich …, saying she had not called for it because she believed …": a pronoun
    inside what a person is reported to say or think is that person when it fits (in the
    reported clause the reporter is the one the pronoun most often picks up; Quirk et al.
    1985, 14.31 on indirect speech). The innermost reporter first; never across quote marks."""
    table = finder.table
    for verb in list(pronoun.ancestors)[1:]:
        if finder.is_quoted(verb):
            return None
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX") or lemma not in reporting_lemmas() and lemma not in COGNITION_LEMMAS:
            continue
        subject = next((c for c in verb.children if c.dep_ in SPEAKER_DEPS), None)
        if subject is None and verb.dep_ in ("acl", "advcl") and verb.head.pos_ == "PROPN":
            subject = verb.head  # "Brockovich, the activist, …, saying": the name it hangs on
        if subject is None or subject.i >= pronoun.i or finder.is_quoted(subject):
            return None
        actor = pronoun_speaker(finder, subject) if subject.pos_ == "PRON" else table.actor_at(subject)
        if actor is None:
            return None
        candidate = Candidate(subject.i, as_person(table, actor), 0, *number_of(subject, actor))
        return candidate.actor if fits(candidate) else None
    return None


def pronoun_speaker(finder: QuoteFinder, pronoun: Token) -> Actor | None:
    """"he"/"she" → a person of that sex; "it" → a body or a country."""
    if pronoun.i in finder.antecedents:
        return finder.antecedents[pronoun.i]
    finder.antecedents[pronoun.i] = None  # a chain never loops back on itself
    finder.antecedents[pronoun.i] = found = resolve(finder, pronoun)
    return found


def resolve(finder: QuoteFinder, pronoun: Token) -> Actor | None:
    low = pronoun.lower_
    if low in PRONOUN_SEX:
        want = PRONOUN_SEX[low]
        return antecedent(finder, pronoun, lambda c: c.actor.kind == "person" and not c.plural
                          and sex_of(finder, c.actor) in (want, None))
    if low in ("it", "its"):
        return antecedent(finder, pronoun, lambda c: c.actor.kind in BODY_KINDS and not c.plural)
    if low in PLURAL_PRONOUNS:  # "they wrote in a letter": the senators, the group
        return antecedent(finder, pronoun, lambda c: (c.plural or c.joined) and c.actor.kind in ("person", "group"))
    return None


def statement_speaker(finder: QuoteFinder, noun: Token) -> Actor | None:
    """"The statement said" with no owner named: whoever issued one just before ("Reuters
    released a statement …"); "a statement said" names nobody."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
        return None
    return antecedent(finder, noun, lambda c: c.actor.kind in ("person", *BODY_KINDS) and not c.plural)


@lru_cache(maxsize=1)
def person_role_words() -> frozenset[str]:
    """The last word of each person title in titles.tsv ("minister", "envoy"), never a body's."""
    titles = load_lexicon().titles
    return frozenset(phrase.split()[-1] for phrase, (kind, _s, _c) in titles.items() if kind == "person" and phrase)


def role_words(finder: QuoteFinder, actor: Actor) -> set[str]:
    """The words that describe a person: the title, and each appositive after a mention
    ("Chaudhry, director general of military public relations, said")."""
    text = doc_text(finder.doc)
    words = set((actor.title or "").lower().split())
    for mention in actor.mentions:
        after = text[mention.end:mention.end + 80]
        if after.startswith(", "):
            words |= set(re.split(r"[,.;:]", after[2:], maxsplit=1)[0].lower().split()[:8])
    return words


def described_antecedent(finder: QuoteFinder, subject: Token) -> Actor | None:
    """"the official", "the Commerce chief", "the military spokesperson": a person named
    before whose title holds the description's modifiers (the words a writer adds to tell two
    officials apart) or else its noun ("the official": anyone named with a title); the
    nearest among equals."""
    if subject.pos_ != "NOUN" or subject.tag_ != "NN" \
            or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subject.children):
        return None
    head = subject.lemma_.lower()
    if head not in GENERIC_ROLES and head not in person_role_words():
        return None
    modifiers = {c.lower_ for c in subject.children if c.dep_ in ("compound", "amod") and c.i < subject.i}
    best, best_score = None, 0
    for i, actor_id in sorted(finder.table.order, reverse=True):
        if i >= subject.i or subject.i - i > 400:
            continue
        actor = finder.table.by_id[actor_id]
        title = role_words(finder, actor)
        if actor.kind != "person" or not title:
            continue
        score = 2 * len(modifiers & title) + (head in title or head in ANY_TITLE)
        if score > best_score:  # strictly better: the nearest wins ties
            best, best_score = actor, score
    return best
