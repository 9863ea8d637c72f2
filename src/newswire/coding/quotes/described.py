"""Described speakers: "a senior State Department official", "a Western diplomat", "analysts",
"security sources", "the report" speak as actors of their own, coded from their own words.

A description is never the nearest named person: it becomes an actor only when the quote has
no named speaker, and its country and sector come from the phrase itself ("State Department":
USA GOV, "U.N.": IGO, "security": COP), never from the story around it. A head noun that is not
a person, a body or a document ("comment", "fact", "approval") makes no actor."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from ...lexicon import read_tsv
from ...model import Actor
from .. import dictionaries
from ..actors import ActorTable, code_from_of, code_of_tokens, load_lexicon, role_entry
from .words import QUANTIFIERS

# kinds of speaker_nouns.tsv -> the contract's actor kinds (a document speaks as the body behind it)
ACTOR_KINDS = {"person": "person", "group": "group", "organization": "organization",
               "body": "organization", "document": "organization"}
NOT_NAMES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


@lru_cache(maxsize=1)
def speaker_nouns() -> dict[str, tuple[str, str | None]]:
    """lemma -> (kind, sector) of data/lexicon/speaker_nouns.tsv."""
    return {row["lemma"]: (row["kind"], row["sector"] or None) for row in read_tsv("lexicon/speaker_nouns.tsv")}


def described_speaker(table: ActorTable, span: Span) -> Actor | None:
    """The actor a described speaker is, made on first use and shared by its repetitions
    ("analysts say …" twice is one group), or None for a phrase that describes no speaker."""
    head = span.root
    if any(t.pos_ == "PRON" or t.lower_ in QUANTIFIERS and t.i < head.i for t in span):
        return None  # "others", "91 percent of them", "some of them": not described, only counted
    entry = head_entry(head) or (name_entry(head) if is_name(span) else None)
    if entry is None:
        return None
    kind, sector = entry
    if kind in ("person", "body") and (head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)):
        kind = "group"
    kind = ACTOR_KINDS[kind]
    lex = load_lexicon()
    code = code_of_tokens(span, lex, table) or code_from_of(head, lex)
    if sector in (None, "UNK"):  # "security sources": COP, not the unidentified of "sources"
        sector = modifier_sector(span, head) or owner_sector(span, table) or sector
    for actor in reversed(table.actors):
        if actor.kind == kind and actor.name.lower() == span.text.lower():
            table.mention(span.doc, span.start, span.end, actor.id)
            return actor
    actor = Actor(id=f"a{len(table.actors) + 1}", name=span.text, kind=kind, code=code, sector=sector,
                  title=span.text if kind == "person" else None)
    table.actors.append(actor)
    table.by_id[actor.id] = actor
    table.speakers_only.add(actor.id)
    table.mention(span.doc, span.start, span.end, actor.id)
    return actor


def head_entry(head: Token) -> tuple[str, str | None] | None:
    """(kind, sector) of a description's head noun: titles.tsv ("official"), PETRARCH2's
    agents ("students", "aid group"), then speaker_nouns.tsv ("analysts", "the report")."""
    if head.pos_ != "NOUN":
        return None
    lemma = head.lemma_.lower()
    found = speaker_nouns().get(lemma)
    if found is not None and found[0] != "modifier":
        return found
    titled = role_entry(head.doc, head, load_lexicon())
    if titled is not None:
        kind, sector, _code = titled[1]
        return ("body" if kind == "organization" else "person"), sector
    words = [*(c.lower_ for c in head.lefts if c.dep_ == "compound" and c.i == head.i - 1), lemma]
    agent = dictionaries.agent(words)
    if agent is not None and agent.sector is not None:
        return ("body" if agent.code in ("NGO", "IGO", "MNC") else "person"), agent.sector
    return None


def modifier_sector(span: Span, head: Token) -> str | None:
    """"security sources": COP, "media groups": JRN, "poultry farmers group": AGR."""
    for token in span:
        if token.i >= head.i or token.dep_ not in ("compound", "amod", "nmod"):
            continue
        found = speaker_nouns().get(token.lemma_.lower()) or speaker_nouns().get(token.lower_)
        if found is not None and found[1]:
            return found[1]
        sector = dictionaries.agent_sector([token.lemma_.lower()])
        if sector:
            return sector
    return None


def owner_sector(span: Span, table: ActorTable) -> str | None:
    """"a State Department spokesperson": the sector of the body the phrase names."""
    for token in span:
        actor = table.actor_at(token)
        if actor is not None and actor.sector and actor.kind != "person":
            return actor.sector
    return None


def name_entry(head: Token) -> tuple[str, None]:
    """A name that no table knows: a person when NER says so, else a body ("NISA said")."""
    return ("person" if head.ent_type_ == "PERSON" else "body"), None


def is_name(span: Span) -> bool:
    """A proper name no table knows ("NISA", "Equal Measures 2030"), not a date."""
    head = span.root
    return head.pos_ == "PROPN" and head.ent_type_ not in NOT_NAMES and span.text[:1].isupper()
