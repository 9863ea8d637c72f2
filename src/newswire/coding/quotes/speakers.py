"""Who a reporting verb's subject is: a named actor, a described one, or a phrase."""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from ...model import Actor
from ...nlp.docs import is_word
from ..actors import ActorTable, load_lexicon, title_words
from .words import (
    DOUBLE_MARKS,
    PART_NOUNS,
    source_preposition,
    QUANTIFIERS,
    RELATIVE_PRONOUNS,
    SPEAKER_DEPS,
    reporting_lemmas,
    speaking_nouns,
    statement_nouns,
)

if TYPE_CHECKING:
    from .finder import QuoteFinder


def described_actor(table: ActorTable, span: Span, owner: Actor) -> Actor:
    """An actor for a speaker the text describes but does not name ("a Homeland Security
    Department official", "Canada's Ontario provincial leader"), coded as its owner."""
    head = span.root
    if head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children):
        kind = "group"
    elif head.lemma_.lower() in statement_nouns() or owner.kind != "person" and head.pos_ != "NOUN":
        kind = "organization"
    else:
        kind = "person" if head.pos_ == "NOUN" and owner.kind != "person" else owner.kind
    return table.add(span.doc, span.start, span.end, span.text, kind, code=owner.code, sector=owner.sector)


def appositive_name(table: ActorTable, subject: Token | None) -> Actor | None:
    """A named person in apposition to a described subject ("Clinton's communications
    director, Jennifer Palmieri", "the leader of the movement, Florence Ozor"), or
    closing its title ("U.N. Resident Coordinator for Myanmar Andrew Kirkwood")."""
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    described = subject.pos_ == "NOUN" or subject.lower_ in title_words(load_lexicon())
    names = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"] if described else []
    for prep in (c for c in subject.children if c.dep_ == "prep" and is_word(c, "for", "of", "to", "at")):
        names += [o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN" and o.ent_type_ == "PERSON"
                  and o.i == subject.right_edge.i]
    for child in names:
        actor = table.actor_at(child)
        if actor is not None:
            return actor if actor.kind == "person" else None
        if child.ent_type_ in ("", "PERSON") and load_lexicon().lookup(child.text) is None:
            return add_unknown_person(table, child)
    return None


def names_the_actor(table: ActorTable, subject: Token | None, actor: Actor) -> bool:
    """Whether the subject phrase is a mention of the actor itself ("Ferreira", "the
    minister" for the minister named before, "the agency" for the agency), not a
    description that only belongs to it ("Canada's provincial leader", "an official")."""
    if subject is None or subject.pos_ == "PRON":
        return True
    if any(c.dep_ == "conj" for c in subject.children):
        return False
    if any(c.lower_ in QUANTIFIERS for c in subject.children if c.dep_ in ("det", "amod", "nummod", "predet")):
        return False
    if members_of(subject, actor):
        return False
    if table.actor_at(subject) is actor:
        return True
    return any(c.dep_ == "appos" and table.actor_at(c) is actor for c in subject.children)


def members_of(subject: Token, actor: Actor) -> bool:
    """A plural noun the table reads as a body ("Republicans" for the Republican Party,
    "Democrats" for the Democratic Party) names the body's members, a group, not the body:
    the speaker is the group as written (PolNeAR's Source: "Republicans said")."""
    return subject.tag_ in ("NNS", "NNPS") and actor.kind == "organization" \
        and subject.lower_ not in actor.name.lower().split()


def narration_subjects(finder: QuoteFinder) -> list[tuple[int, str]]:
    out = []
    for token in finder.doc:
        if token.dep_ in SPEAKER_DEPS and token.pos_ != "PRON" and not finder.is_quoted(token):
            actor = actor_in(finder.table, token)
            if actor is None and token.pos_ == "PROPN":  # "Kirkwood briefed reporters", untagged by NER
                actor = finder.table.find(token.lower_, "person")
            if actor is not None and actor.kind == "person":
                out.append((token.i, actor.id))
    return out


def subject_of(verb: Token) -> Token | None:
    """The verb's speaking subject: its own, a governing verb's ("…, and added"), the
    issuer of the statement it hangs on ("Reuters released a statement saying"); a
    statement noun stands for its owner ("a comment by Milley suggested": Milley)."""
    subjects = [c for c in verb.children if c.dep_ in SPEAKER_DEPS and not across_quote(c, verb)]
    # a clause has one subject: of two the parse gave, one describes the other ("Al-Sharaa — leader
    # of … — said") or is a fronted place ("in Berea, OH, …, Gov. Kasich said"): the person's name,
    # else the nearer
    subject = min(subjects, key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN", abs(c.i - verb.i))) \
        if subjects else None
    if subject is not None and is_dateline(subject):
        apposed = [c for c in subject.children if c.dep_ == "appos"]
        subject = next((c for c in apposed if c.ent_type_ == "PERSON"), apposed[-1] if apposed else None)
    if subject is None:
        subject = name_after_quote(verb) or name_just_before(verb)
    if subject is None and verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and verb.tag_ == verb.head.head.tag_ \
            and verb.head.head.lemma_.lower() in reporting_lemmas():
        # "says the response was X and says he …": the parse hung the second report on the clause
        subject = next((c for c in verb.head.head.children if c.dep_ in SPEAKER_DEPS), None)
    if subject is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        if across_quote(head, verb):  # "Clinton seemed ready …, telling the crowd, “… have you noticed”":
            head = verb.sent.root     # the parse hung the participle inside the quote; its subject is the clause's
        subject = next((c for c in head.children if c.dep_ in SPEAKER_DEPS and not across_quote(c, verb)), None)
    if subject is None:
        subject = statement_issuer(verb)
    if subject is not None and subject.tag_ == "VBG" and subject.dep_ in ("nsubj", "csubj"):
        # "The Red Cross operating in Gaza said": a reduced relative the parser read as a
        # clausal subject; the speaker is the noun it modifies, the gerund's own subject
        subject = next((c for c in subject.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), subject)
    if subject is not None and is_statement(subject):
        subject = statement_owner(subject) or subject
    return subject


def across_quote(a: Token, b: Token) -> bool:
    """Whether one quote mark stands between two tokens, so that one is inside the quote and
    the other outside: "“… Full panic mode,” said Leslie Wimes", where the parse gave "said"
    the quote's last noun as a second subject. A clause has one subject, and the speaker's
    stands outside the marks (the quote is the verb's content, not its subject)."""
    lo, hi = sorted((a.i, b.i))
    return sum(1 for t in a.doc[lo + 1:hi] if t.text in QUOTE_TOKENS) % 2 == 1


def is_dateline(token: Token) -> bool:
    """The place in capitals that opens a wire story ("CLEVELAND, July 19 (UPI) —",
    "WASHINGTON --"), which the parse may make the subject of the lead's verb, with the real
    subject as its appositive. A dateline names where, never who (AP Stylebook, datelines)."""
    start = token
    while start.i > 0 and start.doc[start.i - 1].is_upper and start.doc[start.i - 1].is_alpha:
        start = start.doc[start.i - 1]
    opens = start.i == 0 or "\n" in start.doc[start.i - 1].text_with_ws or start.doc[start.i - 1].is_space
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.is_upper and len(token.text) > 1 and token.ent_type_ in ("GPE", "LOC", "") and opens \
        and after is not None and after.text in (",", "--", "—", "–", "-")


def name_after_quote(verb: Token) -> Token | None:
    """"“…,” Flynn, a top surrogate, said", "“…,” Tulsa police Chief Chuck Jordan said": the
    person named between the closing mark and the verb is its subject, wherever the parse hung
    the name (on a noun inside the quote, on a verb it took "Tulsa" for)."""
    doc = verb.doc
    lo = verb.i - 1
    while lo >= max(0, verb.i - 12) and doc[lo].text not in QUOTE_TOKENS:
        lo -= 1
    if lo < max(0, verb.i - 12) or lo == verb.i - 1:
        return None
    stretch = doc[lo + 1:verb.i]
    person = next((e for e in stretch.ents if e.label_ == "PERSON" and e.end <= verb.i), None)
    if person is not None:
        return person.root
    # a surname NER left untagged, set off as the subject: "“…,” Marsh, a party adviser, said"
    return next((t for t in stretch if t.pos_ == "PROPN" and not t.ent_type_ and t.i + 1 < len(doc)
                 and (doc[t.i + 1].text == "," or t.i + 1 == verb.i) and not t.is_upper), None)


def name_just_before(verb: Token) -> Token | None:
    """"…, Speaker of the House Rep. Paul Ryan (R-WI) said “…”": a person's name right before
    a verb the parse gave no subject, past a parenthetical party-and-state tag, is its subject
    (English subject-verb order; the tag is AP style for a member of Congress)."""
    doc, i = verb.doc, verb.i - 1
    if i >= 0 and doc[i].text == ")":
        while i >= 0 and doc[i].text != "(" and verb.i - i <= 8:
            i -= 1
        i -= 1
    if i < 0 or doc[i].ent_type_ != "PERSON" or doc[i].pos_ != "PROPN":
        return None
    return doc[i]


QUOTE_TOKENS = frozenset({*DOUBLE_MARKS, "''", "``"})


def is_statement(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in speaking_nouns()


def statement_owner(noun: Token) -> Token | None:
    """Who a statement noun is by: "the ministry's statement", "a White House statement",
    "a comment by Milley", "a statement from the Kremlin", "a statement posted by SONNA"."""
    for child in noun.children:
        if child.dep_ == "poss" or child.dep_ == "compound" and child.pos_ == "PROPN":
            return child
    posted = [a for c in noun.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"]
    for prep in [*noun.children, *posted]:  # "a statement posted by the news agency"
        if prep.dep_ in ("prep", "agent") and is_word(prep, "by", "from", "of"):
            obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
            if obj is not None and not is_statement(obj) and obj.pos_ in ("PROPN", "NOUN"):
                return obj
    return None


def document_owner(noun: Token) -> Token | None:
    """Whose document a source is: "an analysis by Lily Batchelder", "Axelrod's memoir", "a
    speech Mrs. Clinton delivered in July" (PolNeAR: a document stands for its author)."""
    from .described import speaker_nouns

    if noun.lemma_.lower() in PART_NOUNS:  # "results of the exit poll conducted by X": the poll's owner
        whole = next((o for p in noun.children if p.dep_ == "prep" and is_word(p, "of")
                      for o in p.children if o.dep_ == "pobj"), None)
        return document_owner(whole) if whole is not None else None
    if noun.pos_ != "NOUN" or not (is_statement(noun) or speaker_nouns().get(noun.lemma_.lower(), ("",))[0] == "document"):
        return None
    owner = statement_owner(noun)
    if owner is not None:
        return owner
    for clause in noun.children:
        if clause.dep_ == "relcl":
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ not in RELATIVE_PRONOUNS:
                return subject
    return None


def statement_issuer(verb: Token) -> Token | None:
    """"The Kremlin issued a statement saying …", "in a statement saying …": the owner of
    the statement a participle hangs on, else the subject of the verb that issued it."""
    noun = verb.head
    if verb.dep_ != "acl" or not is_statement(noun):
        return None
    owner = statement_owner(noun)
    if owner is not None:
        return owner
    issuer = noun.head.head if noun.head.dep_ == "prep" else noun.head
    return next((c for c in issuer.children if c.dep_ in SPEAKER_DEPS and c.i != noun.i), None)


def inverted_speaker(table: ActorTable, verb: Token) -> Actor | None:
    """"…,” added Bagci.", "Continued Stone: “…”": the name right after the verb, when the parse
    gave it no subject."""
    if subject_of(verb) is not None or verb.i + 1 >= len(verb.doc):
        return None
    after = verb.doc[verb.i + 1]
    name = after
    while name.dep_ == "compound" and name.head.i == name.i + 1:
        name = name.head
    # after the quote ("…,” added Bagci") or opening the sentence before it ("Continued Stone: “…”",
    # quotative inversion with the verb first: Quirk et al. 1985, 14.29)
    if after.pos_ == "PROPN" and name.pos_ == "PROPN" and (verb.i > 0 and verb.doc[verb.i - 1].is_punct or verb.is_sent_start):
        return actor_in(table, name) or add_unknown_person(table, name)
    return None


def according_source(verb: Token) -> Token | None:
    """The source of "according to X" (or a language's one-word form, "selon X"), read as a
    reporting verb's subject is."""
    to = source_preposition(verb)
    if to is None:
        return None
    return next((o for o in dict.fromkeys([*to.children, *verb.children]) if o.dep_ == "pobj"), None)


def speaker_of(table: ActorTable, verb: Token) -> Actor | None:
    if source_preposition(verb) is not None:
        obj = according_source(verb)
        return actor_in(table, obj) if obj is not None else None
    subject = subject_of(verb)
    if subject is None and verb.dep_ == "relcl":
        subject = verb.head
    if subject is None:
        return None
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        subject = verb.head
    elif verb.dep_ == "relcl" and any(c.lower_ == "whose" for c in subject.children):
        owner = actor_in(table, verb.head)  # "Lukashenko, whose office said": his office
        if owner is not None:
            return owner
    actor = actor_in(table, subject) or body_named_again(table, subject)
    if actor is None and (subject.pos_ == "PROPN" or subject.text.istitle() and not subject.is_sent_start) \
            and subject.ent_type_ in ("", "PERSON", "GPE", "ORG", "NORP") \
            and load_lexicon().lookup(subject.text) is None and subject.lower_ not in load_lexicon().capitals:
        actor = add_unknown_person(table, subject)
    return actor


def body_named_again(table: ActorTable, subject: Token) -> Actor | None:
    """"…, the agency said" after "the SNAI prison agency": the body named before."""
    if subject.pos_ != "NOUN" or not any(c.lower_ in ("the", "this") for c in subject.children):
        return None
    word = subject.lower_
    for _i, actor_id in sorted(table.order, reverse=True):
        actor = table.by_id[actor_id]
        if _i < subject.i and actor.kind == "organization" and word in actor.name.lower().split():
            table.mention(subject.doc, subject.i, subject.i + 1, actor.id)
            return actor
    return None


def add_unknown_person(table: ActorTable, head: Token) -> Actor:
    """A named speaker NER missed ("Lagarde says"): a person, known from now on."""
    words = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i == head.i - 1] + [head]
    start, end = words[0].i, head.i + 1
    name = head.doc[start:end].text
    return table.add(head.doc, start, end, name, "person")


def actor_in(table: ActorTable, token: Token) -> Actor | None:
    """The actor a noun phrase names: its head, then the words of its core (compounds,
    possessives, modifiers), then an "of" phrase naming a person or body ("the office
    of Iraq's prime minister"); never an appositive or a clause ("a resident of Rostov")."""
    actor = table.actor_at(token)
    if actor is not None:
        return actor
    for child in token.children:  # "his Azerbaijani counterpart Jeyhun Bayramov"
        if child.dep_ == "appos" and child.left_edge.i == token.i + 1 and table.actor_at(child) is not None \
                and table.actor_at(child).kind == "person":
            return table.actor_at(child)
    owner = None
    for child in token.children:
        if child.dep_ in ("compound", "poss", "amod", "nmod", "det", "nummod"):
            for t in child.subtree:
                actor = table.actor_at(t)
                if actor is not None and t.pos_ == "PRON":
                    owner = owner or actor  # "his office": his, unless the phrase names someone
                elif actor is not None:
                    return actor
    for child in token.children:
        if child.dep_ == "prep" and is_word(child, "of"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    actor = actor_in(table, obj)
                    if actor is not None and actor.kind in ("person", "organization", "group"):
                        return actor
    return owner


def speaker_span(verb: Token) -> Span | None:
    if source_preposition(verb) is not None:
        subject = according_source(verb)
    else:
        subject = subject_of(verb)
    if subject is None or subject.pos_ == "PRON" or subject.lower_ in RELATIVE_PRONOUNS:
        return None
    words = phrase_words(subject)
    while words and (words[0].dep_ in ("det", "predet") and words[0].lower_ not in QUANTIFIERS or words[0].is_punct):
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    if not words or len(words) > 10:
        return None
    return subject.doc[words[0].i:words[-1].i + 1]


def phrase_words(head: Token) -> list[Token]:
    """The noun phrase of a subject without its clauses and appositives: "Mr. Grassley and
    Mr. Leahy", "the leader of the movement", "top White House economic officials"."""
    out = [head]
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "appos", "advcl", "punct", "cc") and child.i > head.i:
            continue
        if child.dep_ == "conj" or child.i < head.i or child.dep_ in ("prep", "compound", "amod", "nummod", "poss"):
            out.extend(child.subtree if child.dep_ != "conj" else phrase_words(child))
    out.sort(key=lambda t: t.i)
    # keep one contiguous run around the head: "X and Y" joins, a clause breaks
    start = end = out.index(head)
    while start > 0 and out[start - 1].i == out[start].i - 1:
        start -= 1
    while end + 1 < len(out) and (out[end + 1].i == out[end].i + 1 or head.doc[out[end].i + 1].dep_ == "cc"):
        end += 1
    return out[start:end + 1]
