"""The PETRARCH2 actor dictionaries (data/actors/agents.tsv, armed_groups.tsv,
international.tsv, people.tsv; built by scripts/build_actor_tables.py) as indexed
lookups. Loaded once per process; every lookup is a dict access on a normalised key
(lower case, blanks for '_' and '-', a leading article dropped), never a scan.

coding/actors.py reads them after its own tables: generic agents that titles.tsv lacks,
the sector of a named body's head noun, armed groups and international bodies that NER
names, and office holders by the term that covers the article's date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterable

from ..lexicon import read_tsv, split_multi


@dataclass(frozen=True)
class Agent:
    phrase: str
    sector: str | None
    other: tuple[str, ...] = ()
    code: str | None = None      # IGO/NGO for agents PETRARCH codes as such
    petrarch: str = ""


@dataclass(frozen=True)
class Named:
    """An armed group or an international body."""

    name: str
    code: str | None             # ISO alpha-3, IGO, NGO, MNC or IMG
    country: str | None
    sector: str | None
    other: tuple[str, ...] = ()
    petrarch: str = ""


@dataclass(frozen=True)
class OfficeTerm:
    name: str
    code: str | None
    sector: str | None
    start: date | None           # inclusive; None = open
    end: date | None             # inclusive; None = open
    other: tuple[str, ...] = ()
    petrarch: str = ""

    def covers(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Dictionaries:
    agents: dict[str, Agent]
    armed_groups: dict[str, Named]
    international: dict[str, Named]
    people: dict[str, tuple[OfficeTerm, ...]]


def normalize(text: str | Iterable[str]) -> str:
    """The match key, the same as scripts/build_actor_tables.py `key`. A sequence of words or
    lemmas is joined first: ("police", "officer") and "Police officers'" style input both work."""
    if not isinstance(text, str):
        text = " ".join(text)
    text = re.sub(r"[\s_]+", " ", text.lower().replace("\u2019", "'")).strip()
    text = re.sub(r"^(the|a|an) ", "", text)
    return re.sub(r"[\s\-]+", " ", text).strip()


def _opt(cell: str) -> str | None:
    return cell or None


def _date(cell: str) -> date | None:
    return date.fromisoformat(cell) if cell else None


@lru_cache(maxsize=1)
def load() -> Dictionaries:
    agents: dict[str, Agent] = {}
    plurals: dict[str, Agent] = {}
    for row in read_tsv("actors/agents.tsv"):
        agent = Agent(row["phrase"], _opt(row["sector"]), tuple(split_multi(row["other"])),
                      _opt(row["code"]), row["petrarch"])
        agents.setdefault(normalize(row["phrase"]), agent)
        if row["plural"]:
            plurals.setdefault(normalize(row["plural"]), agent)
    for k, agent in plurals.items():  # a phrase given as such beats another's generated plural
        agents.setdefault(k, agent)
    return Dictionaries(agents, _named("actors/armed_groups.tsv"), _named("actors/international.tsv"), _people())


def _named(relative: str) -> dict[str, Named]:
    table: dict[str, Named] = {}
    for row in read_tsv(relative):
        named = Named(row["name"], _opt(row["code"]), _opt(row["country"]), _opt(row["sector"]),
                      tuple(split_multi(row["other"])), row["petrarch"])
        for name in [row["name"], *split_multi(row["aliases"])]:
            table.setdefault(normalize(name), named)
    return table


def _people() -> dict[str, tuple[OfficeTerm, ...]]:
    found: dict[str, list[OfficeTerm]] = {}
    for row in read_tsv("actors/people.tsv"):
        term = OfficeTerm(row["name"], _opt(row["code"]), _opt(row["sector"]), _date(row["start"]),
                          _date(row["end"]), tuple(split_multi(row["other"])), row["petrarch"])
        for name in dict.fromkeys([row["name"], *split_multi(row["aliases"])]):
            terms = found.setdefault(normalize(name), [])
            if term not in terms:
                terms.append(term)
    return {k: tuple(v) for k, v in found.items()}


# ------------------------------------------------------------------ lookups

def agent(phrase: str | Iterable[str]) -> Agent | None:
    """The agent a phrase names: the whole phrase first, then ever shorter endings of it, since
    an English noun phrase ends in its head ("Nigerian troops" → "troops")."""
    words = normalize(phrase).split()
    agents = load().agents
    for i in range(len(words)):
        found = agents.get(" ".join(words[i:]))
        if found is not None:
            return found
    return None


def agent_sector(phrase: str | Iterable[str]) -> str | None:
    """PLOVER sector of a generic agent phrase: "police" → COP, "Nigerian troops" → MIL."""
    found = agent(phrase)
    return found.sector if found else None


def armed_group(name: str | Iterable[str]) -> Named | None:
    """"Hezbollah" → Named(code LBN, sector REB)."""
    return load().armed_groups.get(normalize(name))


def international_body(name: str | Iterable[str]) -> Named | None:
    """"NATO" → Named(code IGO); NGOs (NGO) and multinational companies (MNC) too."""
    return load().international.get(normalize(name))


def office_terms(name: str | Iterable[str]) -> tuple[OfficeTerm, ...]:
    """Every dated term the table knows for a name or alias."""
    return load().people.get(normalize(name), ())


def office_holder(name: str | Iterable[str], on_date: date) -> OfficeTerm | None:
    """The term a name held on a date, or None outside every term. When terms of different
    codes or sectors cover the date (two people share a name), None: it is ambiguous."""
    covering = [t for t in office_terms(name) if t.covers(on_date)]
    if not covering:
        return None
    if len({(t.code, t.sector) for t in covering}) > 1:
        return None
    return covering[0]
