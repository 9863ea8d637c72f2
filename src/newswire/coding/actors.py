"""Stage 4, actors: who is mentioned, merged across mentions, and coded.

Every person, organisation, country and group gets one `Actor` with a
country `code` (ISO alpha-3, IGO, NGO, MNC) and a PLOVER `sector`. What the
text says comes first (titles, appositives, "Ukraine's foreign ministry");
what it leaves unsaid (that Putin leads Russia in 2022) comes from the data
files in data/actors. Pronouns and bare titles ("the minister") resolve to
the last fitting actor."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicon import coding_language, language_rows, read_tsv, split_multi, words_by
from ..model import Actor, Mention
from ..nlp.docs import doc_text, entity_at, sentence_ents, is_word
from . import dictionaries

WORDS = words_by("lexicon/actor_words.tsv")  # role -> words; the roles are described in the file
PERSON_PRONOUNS = WORDS["person_pronoun"]
GROUP_PRONOUNS = WORDS["group_pronoun"]
OWNED_HEADS = WORDS["owned_head"]
NAME_PREFIXES = WORDS["name_prefix"]  # "the", "Mr.": not part of the name
TITLE_STOPS = WORDS["title_stop"]
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
STATE_SECTORS = {"GOV", "MIL", "COP", "LEG", "JUD", "SPY"}
BODY_CODES = {"IGO", "NGO", "MNC", "IMG"}


@dataclass
class Known:
    """What a data file knows about a name."""

    name: str
    kind: str
    code: str | None
    sector: str | None = None
    office: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class ActorLexicon:
    names: dict[str, Known] = field(default_factory=dict)      # lowercase name → country/org/seat
    acronyms: dict[str, Known] = field(default_factory=dict)   # case-sensitive short forms: "US", "UN"
    demonyms: dict[str, str] = field(default_factory=dict)     # "ukrainian" → UKR
    capitals: dict[str, str] = field(default_factory=dict)     # "moscow" → RUS
    people: dict[str, list[Known]] = field(default_factory=dict)  # full name, alias or surname → holders
    titles: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)  # phrase → kind, sector, code
    country_names: dict[str, str] = field(default_factory=dict)  # code → canonical name
    common_names: set[str] = field(default_factory=set)  # a language's own names written small: "talibans"

    def derived(self, key: str, build):
        """A table computed from the lexicon once, on first use."""
        cache = self.__dict__.setdefault("_derived", {})
        if key not in cache:
            cache[key] = build()
        return cache[key]

    def lookup(self, text: str) -> Known | None:
        text = strip_det(text)
        return self.acronyms.get(text) or self.names.get(text.lower())

    def code_of_word(self, word: str) -> str | None:
        low = word.lower()
        if low in self.demonyms:
            return self.demonyms[low]
        known = self.acronyms.get(word) or self.names.get(low)
        return known.code if known else None

    def holders(self, name: str, year: int | None) -> list[Known]:
        found = self.people.get(name.lower(), [])
        if year is None:
            return found
        return [k for k in found if (k.start or 0) <= year <= (k.end or 9999)]


def strip_det(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _put(table: dict, key: str, value) -> None:
    if key and key not in table:
        table[key] = value


def load_lexicon() -> ActorLexicon:
    """The actor tables of the language being coded: its own rows first, then the English ones."""
    return lexicon_of(coding_language())


def _rows(relative: str, language: str) -> list[dict[str, str]]:
    return language_rows(relative, language) + read_tsv(relative)


@lru_cache(maxsize=None)
def lexicon_of(language: str) -> ActorLexicon:
    lex = ActorLexicon()
    for row in _rows("actors/countries.tsv", language):
        known = Known(row["name"], "country", row["code"] or None)
        lex.country_names[row["code"]] = row["name"]
        for name in [row["name"], *split_multi(row.get("aliases"))]:
            _add_name(lex, name, known)
        for demonym in split_multi(row.get("demonyms")):
            _put(lex.demonyms, demonym.lower(), row["code"])
        for capital in split_multi(row.get("capital")):
            _put(lex.capitals, capital.lower(), row["code"])
    lex.country_names.update({row["code"]: row["name"] for row in language_rows("actors/countries.tsv", language)})
    for path, kind in (("actors/seats.tsv", "organization"), ("actors/organizations.tsv", None)):
        lex.common_names.update(name.lower() for row in language_rows(path, language)
                                for name in [row["name"], *split_multi(row.get("aliases"))] if name[:1].islower())
        for row in _rows(path, language):
            known = Known(row["name"], row.get("kind") or kind or "organization", row.get("code") or None, row.get("sector") or None)
            for name in [row["name"], *split_multi(row.get("aliases"))]:
                _add_name(lex, name, known)
    for row in read_tsv("actors/office_holders.tsv"):
        known = Known(row["name"], "person", row.get("code") or None, row.get("sector") or None, row.get("office") or None,
                      _year(row.get("start")), _year(row.get("end")))
        keys = dict.fromkeys([row["name"], *split_multi(row.get("aliases")), row["name"].split()[-1]])  # ordered: runs agree
        for key in keys:
            lex.people.setdefault(key.lower(), []).append(known)
    for row in read_tsv("actors/titles.tsv") + language_rows("actors/titles.tsv", language):
        lex.titles[row["phrase"].lower()] = (row.get("kind") or "person", row.get("sector") or None, row.get("code") or None)
    return lex


def _add_name(lex: ActorLexicon, name: str, known: Known) -> None:
    if len(name) <= 5 and name.replace(".", "").isupper():
        _put(lex.acronyms, name, known)
    else:
        _put(lex.names, name.lower(), known)
        if name.lower().startswith("the "):
            _put(lex.names, name.lower()[4:], known)


def _year(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


# ------------------------------------------------------------------ the table

@dataclass
class ActorTable:
    """The actors of one Doc and which tokens mention which actor."""

    actors: list[Actor] = field(default_factory=list)
    by_token: dict[int, str] = field(default_factory=dict)
    by_id: dict[str, Actor] = field(default_factory=dict)
    order: list[tuple[int, str]] = field(default_factory=list)  # (token index, actor id) of each mention
    # described speakers ("analysts", "a Western diplomat"): actors of the quotes they speak, not
    # of events, which code the actors the text names (PLOVER); their tokens stay unmapped
    speakers_only: set[str] = field(default_factory=set)
    filed_in: str | None = None  # the country of the dateline, which names no actor

    def add(self, doc: Doc, start: int, end: int, name: str, kind: str, code=None, sector=None, title=None,
            key: str | None = None) -> Actor:
        actor = self.find(key or name.lower(), kind)
        if actor is None:
            actor = Actor(id=f"a{len(self.actors) + 1}", name=name, kind=kind, code=code, sector=sector, title=title)
            self.actors.append(actor)
            self.by_id[actor.id] = actor
        else:
            actor.code = actor.code or code
            actor.sector = actor.sector or sector
            actor.title = actor.title or title
            if kind == "person" and len(name.split()) > len(actor.name.split()):
                actor.name = name
        self.mention(doc, start, end, actor.id)
        return actor

    def find(self, key: str, kind: str) -> Actor | None:
        for actor in reversed(self.actors):
            if actor.kind != kind:
                continue
            if actor.name.lower() == key:
                return actor
            if kind == "person" and surname(actor.name) == surname(key) and len(surname(key)) > 2 \
                    and first_names_agree(actor.name, key):
                return actor
        if kind == "person" and " " not in key and len(key) > 1:
            for actor in reversed(self.actors):  # "Yoon" after "Yoon Suk Yeol": a family name said first
                words = actor.name.lower().split()
                if actor.kind == "person" and len(words) >= 3 and words[0] == key:
                    return actor
        return None

    def mention(self, doc: Doc, start: int, end: int, actor_id: str) -> None:
        """Map the mention's tokens to the actor; a phrase around an earlier
        mention ("Ukraine's foreign ministry" around "Ukraine") keeps the
        inner one and claims only its own head and free words."""
        if end - 1 in self.by_token:
            return
        span = doc[start:end]
        self.by_id[actor_id].mentions.append(Mention(span.text, span.start_char, span.end_char))
        if actor_id in self.speakers_only:
            return
        for i in range(start, end):
            self.by_token.setdefault(i, actor_id)
        self.order.append((start, actor_id))

    def event_actor(self, actor_id: str | None) -> Actor | None:
        """A quote's speaker as an event's actor: None for a described speaker."""
        return self.by_id.get(actor_id) if actor_id and actor_id not in self.speakers_only else None

    def actor_at(self, token: Token) -> Actor | None:
        actor_id = self.by_token.get(token.i)
        return self.by_id.get(actor_id) if actor_id else None


def surname(name: str) -> str:
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    return words[-1].lower().rstrip(".") if words else ""


def first_names_agree(a: str, b: str) -> bool:
    """"Vladimir Putin" and "Putin" agree; "John Kirby" and "Jane Kirby" do not."""
    wa, wb = a.split(), b.split()
    return len(wa) < 2 or len(wb) < 2 or wa[0].lower() == wb[0].lower()


# ------------------------------------------------------------------ finding actors

@Language.component("newswire_actors")
def actors_component(doc: Doc) -> Doc:
    article = doc._.article
    year = article.published.year if article is not None and article.published else None
    doc._.actors = find_actors(doc, load_lexicon(), year)
    return doc


def find_actors(doc: Doc, lex: ActorLexicon, year: int | None) -> ActorTable:
    from .toponyms import dateline_of

    table = ActorTable()
    dateline = dateline_of(doc)
    table.filed_in = dateline.country if dateline is not None else None
    for ent in doc.ents:
        if dateline is not None and ent.start < dateline.span.end:
            continue  # "GUAYAQUIL, Ecuador, May 20 —" says where the report was filed: no actor
        if ent.label_ == "PERSON":
            add_person(doc, ent, table, lex, year)
        elif ent.label_ in ("ORG", "GPE", "NORP", "FAC", "LOC"):
            add_named(doc, ent, table, lex)
    add_lexicon_names(doc, table, lex)
    add_unlabelled_people(doc, table, lex, year)
    add_surname_mentions(doc, table)
    add_short_names(doc, table)
    add_group_descriptions(doc, table)
    add_role_phrases(doc, table, lex, year)
    resolve_pronouns(doc, table)
    home = main_country(table)
    for actor in table.actors:
        if actor.code is None and actor.sector and (actor.sector in STATE_SECTORS and actor.title or actor.kind == "organization"):
            # "President Dos Santos", "the Ministry of Foreign Affairs": of the place its clause
            # names ("detained President Bazoum in Niamey"), else the story's own country
            first = doc.char_span(actor.mentions[0].start, actor.mentions[0].end, alignment_mode="expand") \
                if actor.mentions else None
            actor.code = (country_of_clause(first.root, lex, table) if first is not None else None) or home
        actor.mentions.sort(key=lambda m: m.start)
    table.actors = [a for a in table.actors if a.mentions]
    return table


def place_word(token: Token, lex: ActorLexicon) -> bool:
    """A country, capital or demonym glued to the front of a person's name by NER."""
    known = lex.lookup(token.text)
    return token.lower_ in lex.capitals or token.lower_ in lex.demonyms or (known is not None and known.kind == "country")


def clean_name(span: Span) -> tuple[int, int]:
    """Token bounds of a name without a leading "the" or trailing "'s"."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in NAME_PREFIXES:
        start += 1
    while end > start and span.doc[end - 1].text in ("'s", "’s", "'", "’", "-", ",", "."):
        end -= 1
    return start, end


def add_person(doc: Doc, ent: Span, table: ActorTable, lex: ActorLexicon, year: int | None) -> None:
    start, end = clean_name(ent)
    while end - start > 2 and place_word(doc[start], lex):  # "Myanmar Andrew Kirkwood": NER took the place in
        start += 1
    if start >= end or any(ch.isdigit() for ch in doc[start:end].text):
        return  # "COVID-19" is no person
    name = doc[start:end].text
    if all(w in title_words(lex) for w in re.findall(r"[\w-]+", name.lower())):
        return  # "Vice Foreign Minister" is a role, not a name: add_role_phrases takes it
    if name.lower() in lex.capitals or name.lower() in lex.demonyms or lex.lookup(name) and lex.lookup(name).kind == "country":
        add_named(doc, ent, table, lex, label="GPE")  # NER calls "Kyiv" a person now and then
        return
    if " " not in name and ent.root.dep_ not in ("nsubj", "nsubjpass", "appos") and known_place(name) and not lex.people.get(name.lower()) \
            and not table.find(name.lower(), "person") and not title_before(doc, start, lex)[0]:
        return  # "Russian forces attacked Mykolaiv" with Mykolaiv tagged PERSON: a place (events code its
        # country); a subject ("Yang said") is a person with one name given
    known_org = lex.lookup(name)
    if known_org is not None:  # "Kremlin" tagged PERSON
        table.add(doc, start, end, known_org.name, known_org.kind, known_org.code, known_org.sector)
        return
    title_text, title_start = title_before(doc, start, lex)
    if not title_text:
        title_text = appositive_title(doc, ent)
    code, sector = code_from_title(title_text, lex) if title_text else (None, None)
    holders = lex.holders(name, year)
    if len(name.split()) == 1 and holders and other_first_name(doc, name, holders[0].name):
        holders = []  # "Théo Lagarde" in the text is not the Lagarde of the data files
    if len(holders) >= 1 and (len({h.code for h in holders}) == 1):
        code = code or holders[0].code
        sector = sector or holders[0].sector or "GOV"
        if len(name.split()) == 1 and not table.find(name.lower(), "person"):
            name = holders[0].name
    elif not holders and code is None and " " in name:
        term = dated_office_holder(doc, name)
        if term is not None:
            code, sector = term.code, sector or term.sector
    table.add(doc, title_start if title_start is not None else start, end, name, "person", code, sector, title_text)
    if title_start is not None:  # the title is a mention too, but the name is what a reader searches for
        pass


def dated_office_holder(doc: Doc, name: str):
    """PETRARCH2's dated office holders (data/actors/people.tsv): a full name is coded by
    the term that covers the article's date; out of office, by the one country all its terms
    name, with no sector (a former French minister is still French), and by none else."""
    article = doc._.article
    on = article.published if article is not None else None
    if on is None:
        return None
    term = dictionaries.office_holder(name, on)
    if term is None:  # out of office on that date: still of the one country all the terms name
        codes = {t.code for t in dictionaries.office_terms(name)}
        if len(codes) == 1 and not codes & (BODY_CODES | {None}):
            term = dictionaries.OfficeTerm(name, codes.pop(), None, None, None)
    return term


def other_first_name(doc: Doc, surname_text: str, known_name: str) -> bool:
    first = known_name.split()[0]
    for match in re.finditer(r"\b([A-Z][\w'’-]+) %s\b" % re.escape(surname_text), doc_text(doc)):
        if match.group(1) not in (first, "Mr", "Mrs", "Ms", "Dr") and match.group(1).lower() not in load_lexicon().titles:
            return True
    return False


def title_before(doc: Doc, start: int, lex: ActorLexicon) -> tuple[str | None, int | None]:
    """"Italian Prime Minister Mario Draghi" → ("Italian Prime Minister", index of "Italian")."""
    i = start - 1
    first = None
    while i >= 0 and start - i <= 7:
        token = doc[i]
        if token.is_space or token.is_sent_end or token.text in (",", ";", ":", "(", "“", '"', "‘"):
            break
        if is_word(token, "of", "for") and first is not None and doc[first].lower_ in title_words(lex):
            pass  # "Secretary of State", "Minister for Foreign Affairs"
        elif token.lower_ in TITLE_STOPS:
            break
        if not (token.text[:1].isupper() or token.text in ("-", "'s", "’s") or token.lower_ in title_words(lex)
                or token.pos_ == "ADJ" and token.dep_ in ("amod", "compound")):
            break
        first = i
        i -= 1
    if first is None:
        return None, None
    text = doc[first:start].text
    if not any(w in title_words(lex) for w in re.findall(r"[\w-]+", text.lower())):
        return None, None
    return text, first


def title_words(lex: ActorLexicon) -> frozenset:
    """Every word of every title phrase."""
    return lex.derived("title_words", lambda: frozenset(w for p in lex.titles for w in re.findall(r"[\w-]+", p)))


def title_last_words(lex: ActorLexicon) -> frozenset:
    """The last word of each title phrase: "secretary-general" ends in "general"."""
    return lex.derived("title_last", lambda: frozenset(re.split(r"[\s-]", p)[-1] for p in lex.titles if p.strip()))


def name_first_words(lex: ActorLexicon) -> frozenset:
    """First words of every known name: a cheap test before span lookups."""
    def build() -> frozenset:
        words = set()
        for name in [*lex.names, *lex.acronyms]:
            low = name.lower()
            if low.split():
                words.add(low.split()[0])  # "u.s.", "kremlin"
                words.add(re.split(r"[\s\-'’]", low)[0])  # "al-shabab" starts with the token "al"
        return frozenset(words)
    return lex.derived("name_first", build)


def appositive_title(doc: Doc, ent: Span) -> str | None:
    """"Ana Ferreira, a spokeswoman" and "Kenya's finance minister, Jane Wanjiru"."""
    root = ent.root
    doc = ent.doc
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            words = [t for t in child.subtree if t.i < child.i + 8]
            return doc[words[0].i:words[-1].i + 1].text.strip(" ,") if words else None
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ in ("NOUN", "PROPN"):
        words = [t for t in root.head.subtree if t.i < ent.start]
        return strip_det(doc[words[0].i:words[-1].i + 1].text.strip(" ,")) or None if words else None
    return None


def code_from_title(title: str, lex: ActorLexicon) -> tuple[str | None, str | None]:
    """Country and sector from the words of a title: "UN Secretary-General" → IGO."""
    code = sector = None
    words_low = re.findall(r"[\w-]+", title.lower())
    for width in (4, 3, 2, 1):  # the longest title phrase in it: "foreign minister" before "minister"
        found = next((lex.titles[" ".join(words_low[i:i + width])] for i in range(len(words_low) - width + 1)
                      if " ".join(words_low[i:i + width]) in lex.titles), None)
        if found is not None:
            _kind, sector, code = found
            break
    words = re.findall(r"[\w.'’-]+", title.replace("’s", "").replace("'s", ""))
    chunks = [" ".join(words[i:i + width]) for width in (3, 2, 1) for i in range(len(words) - width + 1)]
    # the receiving state of an envoy ("French ambassador to Ivory Coast") is not the holder's:
    # envoys are accredited *to* it (Vienna Convention on Diplomatic Relations, art. 2-4); "envoy for
    # Syria" names a portfolio
    hosts = {" ".join(words[i + 1:i + 1 + width]) for width in (3, 2, 1) for i in range(len(words) - width)
             if words[i].lower() in ("to", "for") or words[i].lower() == "the" and i and words[i - 1].lower() in ("to", "for")}
    # a country or its people first ("Iraqi National Security Council" is Iraq's), then a body
    own = [c for c in chunks if c not in hosts]
    for chunk in own:
        known = lex.lookup(chunk)
        country = lex.demonyms.get(chunk.lower()) or (known.code if known is not None and known.kind == "country" else None)
        if country:
            return country, sector
    former = re.search(r"\b(former|ex-)", title.lower()) is not None
    for chunk in own + [c for c in chunks if c in hosts]:  # "ambassador to Ukraine": whose is unsaid
        found = lex.code_of_word(chunk) or lex.code_of_word(chunk.split("-")[0])
        if found and former and found in BODY_CODES:
            continue  # "former top European Union official": no longer the body's; a nationality stays
        if found:
            known = lex.lookup(chunk)
            if known is not None and known.sector and not sector:
                sector = known.sector
            return found, sector
    return code, sector


def add_named(doc: Doc, ent: Span, table: ActorTable, lex: ActorLexicon, label: str | None = None) -> None:
    start, end = clean_name(ent)
    if start >= end:
        return
    text = doc[start:end].text
    known = lex.lookup(text)
    if known is not None:
        table.add(doc, start, end, known.name, known.kind, known.code, known.sector, key=known.name.lower())
        return
    named = dictionaries.armed_group(text) or dictionaries.international_body(text) \
        if ent.label_ in ("ORG", "NORP") else None
    if named is not None:  # PETRARCH2's armed groups (coded by their country) and international bodies
        table.add(doc, start, end, text, "organization", named.code or named.country, named.sector)
        return
    if end - start == 1 and doc[start].pos_ in ("ADJ", "VERB", "ADV") and label is None and ent.label_ == "ORG":
        return  # "Coordinated airstrikes by …" opening a quote: NER took a capitalised word for a body
    low = text.lower()
    label = label or ent.label_
    if label == "NORP":
        code = lex.demonyms.get(low)
        if code and start > 0 and doc[start - 1].lower_ == "ethnic" and ent.root.dep_ not in ("amod", "compound"):
            # "ethnic Albanians demonstrated in Serbia": a minority, of the country it lives in
            home = code_from_of(ent.root, lex) or country_of_clause(ent.root, lex, table) \
                or country_of_sentence(ent.root.sent, lex, table) or code
            table.add(doc, start - 1, end, doc[start - 1:end].text, "group", home, "CVL")
            return
        if code and doc[end - 1].tag_ in ("NNPS", "NNS") and ent.root.dep_ not in ("amod", "compound"):
            name = lex.country_names.get(code, text)  # "the Ukrainians" as a side
            table.add(doc, start, end, name, "country", code, None, key=name.lower())
        elif end - start > 1 and ent.root.dep_ not in ("amod", "compound"):  # "Iraqi Kurds": a people
            code = next((lex.demonyms[t.lower_] for t in doc[start:end] if t.lower_ in lex.demonyms), None)
            table.add(doc, start, end, text, "group", code, "CVL")
        return
    if label in ("GPE", "LOC", "FAC") and not known_place(text) and low not in lex.capitals and \
            (lex.people.get(low) or table.find(low, "person")):
        add_person(doc, ent, table, lex, None)  # "Erdogan denounced Israel" with Erdogan tagged GPE: a person
        return
    if label in ("GPE", "LOC", "FAC"):
        if low in lex.capitals and ent.root.dep_ in SUBJECT_DEPS:  # "Moscow said": the government
            code = lex.capitals[low]
            name = lex.country_names.get(code, text)
            table.add(doc, start, end, name, "country", code, "GOV", key=name.lower())
        return
    if lex.people.get(low) or title_before(doc, start, lex)[0]:
        add_person(doc, ent, table, lex, None)  # "Olaf Scholz" tagged ORG: the data or a title says person
        return
    if label == "ORG" and (low in lex.capitals or known_place(text)):
        add_named(doc, ent, table, lex, label="GPE")  # "Kyiv" tagged ORG is the city
        return
    code, sector = code_from_title(text, lex)
    head_sector = lex.titles.get(doc[end - 1].lower_, (None, None, None))[1] \
        or dictionaries.agent_sector(doc[end - 1].lemma_)  # "Blantyre Girls Primary School": EDU
    table.add(doc, start, end, text, "organization", code, sector or head_sector)


def add_unlabelled_people(doc: Doc, table: ActorTable, lex: ActorLexicon, year: int | None) -> None:
    """Names the small NER model misses ("Ana Ferreira put it bluntly"): a proper-noun
    subject or appositive that no data file knows is taken for a person."""
    for token in doc:
        if token.pos_ != "PROPN" or token.i in table.by_token or token.ent_type_ not in ("", "PERSON", "GPE", "ORG"):
            continue
        if token.dep_ not in ("nsubj", "nsubjpass", "appos", "agent") or not token.text.istitle():
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].text.istitle() and doc[start - 1].i not in table.by_token:
            start -= 1
        name = doc[start:token.i + 1].text
        if lex.lookup(name) or name.lower() in lex.capitals or name.lower() in lex.demonyms \
                or lex.titles.get(name.lower()) or doc[start].is_sent_start and start == token.i and not lex.people.get(name.lower()):
            continue
        if token.ent_type_ in ("GPE", "ORG") and (start == token.i or known_place(name)):
            continue
        add_person(doc, doc[start:token.i + 1], table, lex, year)


def add_surname_mentions(doc: Doc, table: ActorTable) -> None:
    """"Levin slammed Moise" after "President Jovenel Moise": a bare surname that NER left
    untagged is a later mention of the one person of that name the story has named in full."""
    people: dict[str, list[Actor]] = {}
    for actor in table.actors:
        if actor.kind == "person" and len(actor.name.split()) >= 2:
            people.setdefault(surname(actor.name), []).append(actor)
    for token in doc:
        if token.i in table.by_token or token.pos_ != "PROPN" or not token.text.istitle() \
                or token.ent_type_ not in ("", "PERSON", "ORG", "WORK_OF_ART", "PRODUCT"):
            continue  # "La Lime said" tagged a work of art
        named = people.get(token.lower_, [])
        if len(named) != 1 or len(token.text) < 3 or token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # two people of that name, or the first word of a longer name
        first = min((m.start for m in named[0].mentions), default=token.idx)
        if first < token.idx:
            start = token.i  # "La Lime": the particles of the surname go with it
            name_words = {w.lower() for w in named[0].name.split()}
            while start > 0 and doc[start - 1].lower_ in name_words and doc[start - 1].i not in table.by_token:
                start -= 1
            table.mention(doc, start, token.i + 1, named[0].id)


def add_short_names(doc: Doc, table: ActorTable) -> None:
    """"urged the council to press the warring parties" after "the U.N. Security Council": "the"
    and the last word of an organisation named before is a later mention of it."""
    heads: dict[str, list[tuple[int, Actor]]] = {}
    for actor in table.actors:
        words = actor.name.split()
        if actor.kind == "organization" and len(words) >= 2 and words[-1][:1].isupper():
            for mention in actor.mentions:
                heads.setdefault(words[-1].lower(), []).append((mention.start, actor))
    for token in doc:
        if token.i in table.by_token or token.pos_ != "NOUN" or not token.is_lower or token.lower_ not in heads:
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) or \
                any(c.dep_ in ("amod", "compound", "poss") for c in token.children):
            continue  # "a council", "the city council": another body
        before = [(start, actor) for start, actor in heads[token.lower_] if start < token.idx]
        if before and len({a.id for _s, a in before}) == 1:
            table.mention(doc, token.i, token.i + 1, before[-1][1].id)


ARMED_SECTORS = {"REB", "UAF", "IMG", "PRM", "CRM"}
GROUP_COLLECTIVES = WORDS["group_collective"]  # "the group", but not "the group of experts"
GROUP_HEADS = GROUP_COLLECTIVES | WORDS["group_head"]
GROUP_WORDS = WORDS["group_modifier"]


def add_group_descriptions(doc: Doc, table: ActorTable) -> None:
    """"Washington alleges the insurgent group has not lived up to its commitment" after "the
    Taliban": "the group", "the militants" is the armed group the story named last."""
    named = sorted((m.start, actor) for actor in table.actors if actor.sector in ARMED_SECTORS
                   and actor.kind in ("group", "organization") and actor.name[:1].isupper() for m in actor.mentions)
    if not named:
        return
    for token in doc:
        if token.i in table.by_token or token.lower_ not in GROUP_HEADS or token.pos_ != "NOUN":
            continue
        modifiers = [c for c in token.children if c.i < token.i]
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in modifiers) or \
                any(c.dep_ not in ("det", "amod", "compound") or c.dep_ != "det" and c.lower_ not in GROUP_WORDS for c in modifiers):
            continue  # "the group of experts", "the Afghan rebels": not a plain description
        if token.lower_ in GROUP_COLLECTIVES and \
                any(c.dep_ == "prep" for c in token.children):
            continue
        before = [actor for start, actor in named if start < token.idx]
        if before:
            table.mention(doc, min(c.i for c in modifiers), token.i + 1, before[-1].id)


def known_place(name: str) -> bool:
    from .where import lookup

    return lookup(name) is not None


def add_lexicon_names(doc: Doc, table: ActorTable, lex: ActorLexicon) -> None:
    """Seats of power and organisations that NER missed ("the Pentagon", "Kremlin")."""
    first_words = name_first_words(lex)
    for token in doc:
        if token.i in table.by_token or not (token.text[:1].isupper() or token.lower_ in lex.common_names) \
                or token.lower_ not in first_words:
            continue
        for width in (4, 3, 2, 1):
            if token.i + width > len(doc):
                continue
            span = doc[token.i:token.i + width]
            known = lex.lookup(span.text)
            if known is not None and known.kind != "country" and not any(t.i in table.by_token for t in span):
                table.add(doc, span.start, span.end, known.name, known.kind, known.code, known.sector, key=known.name.lower())
                break
            if known is not None and known.kind == "country" and width == 1 and token.ent_type_ == "":
                table.add(doc, span.start, span.end, known.name, "country", known.code, None, key=known.name.lower())
                break


def add_role_phrases(doc: Doc, table: ActorTable, lex: ActorLexicon, year: int | None) -> None:
    """Groups and unnamed officials: "a Ukrainian delegation", "gunmen", "the minister"."""
    default_code = main_country(table)
    for token in doc:
        if token.i in table.by_token or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
            continue  # "university students": the head noun names the actor
        entry = role_entry(doc, token, lex) or agent_entry(token)
        if entry is None:
            continue
        phrase_start, (kind, sector, code) = entry
        left = modifier_start(token, phrase_start)
        owner = member_of(token, table) if kind == "group" else None
        if owner is not None:  # "fighters of the Wagner group" act as Wagner
            table.mention(doc, left, token.i + 1, owner.id)
            continue
        span = doc[left:token.i + 1]
        name = strip_det(span.text).replace(" ’s", "’s").replace(" 's", "'s")
        found_code = code or code_of_tokens(span, lex, table) or code_from_of(token, lex) or code_after(token, table)
        if found_code is None and token.lower_ in OWNED_HEADS and not any(
                t.dep_ == "compound" and t.pos_ == "NOUN" for t in span[:-1]):
            continue  # "both leaders", "populist leaders": no polity of their own; "inmate leaders" lead the inmates
        if kind == "person":
            person = appositive_person(table, token) or resolve_title_alone(table, token, left)
            if person is not None:
                table.mention(doc, left, token.i + 1, person.id)
                continue
            if not has_specifier(span, lex):
                continue  # "a spokeswoman" with no name and nothing to say whose: not an actor
        if kind == "group" and found_code is None:
            found_code = owner_code(token, table) or country_of_clause(token, lex, table) or default_code \
                or country_of_sentence(token.sent, lex, table)
        if kind == "organization" and found_code is None and sector in STATE_SECTORS:
            found_code = country_of_clause(token, lex, table) or default_code  # "the government", "the Ministry": the story's own country
        if kind in ("group", "organization") and token.tag_ not in ("NNS", "NNPS") and not has_specifier(span, lex) \
                and kind == "group":
            continue
        table.add(doc, left, token.i + 1, name, kind, found_code, sector, title=name if kind == "person" else None)


def owner_code(token: Token, table: ActorTable) -> str | None:
    """"The Afghan army chief said his forces had killed …", "Pakistan urged its citizens": a group
    owned by a pronoun is of the country of the subject of a clause above it."""
    if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
        return None
    node = token
    for _ in range(8):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != token.i and token not in child.subtree:
                actor = table.actor_at(child)
                if actor is not None and actor.code:  # an international body's own people: where they serve
                    return actor.code if actor.code not in ("IGO", "NGO", "MNC") else None
    return None


def member_of(token: Token, table: ActorTable) -> Actor | None:
    for prep in token.children:
        if prep.dep_ == "prep" and is_word(prep, "of"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    for t in [obj, *obj.children]:
                        actor = table.actor_at(t)
                        if actor is not None and actor.kind in ("organization", "group"):
                            return actor
    return None


def role_entry(doc: Doc, token: Token, lex: ActorLexicon):
    """The longest title phrase ending at this token: "foreign ministry" at "ministry"."""
    last_words = title_last_words(lex)
    if token.lower_ not in last_words and token.lemma_.lower() not in last_words:
        return None  # most nouns end no title: skip the string building
    for width in (4, 3, 2, 1):
        start = token.i - width + 1
        if start < 0:
            continue
        words = " ".join(t.lower_ for t in doc[start:token.i + 1]).replace(" - ", "-")
        if words in lex.titles:
            return start, lex.titles[words]
        lemma_words = " ".join([*(t.lower_ for t in doc[start:token.i]), token.lemma_.lower()])
        if lemma_words in lex.titles:
            return start, lex.titles[lemma_words]
    return None


def agent_entry(token: Token):
    """A generic agent that titles.tsv lacks, from PETRARCH2's agents table (data/actors/
    agents.tsv): "passengers", "Kenya's police chief". A plural is a group; the table does not
    tell a body from a person, so a singular is a person, who needs a name or an owner."""
    if token.pos_ != "NOUN":
        return None
    words = [*(c.lower_ for c in token.lefts if c.dep_ == "compound" and c.i == token.i - 1), token.lemma_.lower()]
    found = dictionaries.agent(words)
    if found is None or found.sector is None or found.code:
        return None
    kind = "group" if token.tag_ == "NNS" else "person"
    return token.i - len(words) + 1, (kind, found.sector, None)


LED_WORDS = WORDS["led_word"]
OF_PREPOSITIONS = WORDS["of_preposition"]  # "the government of Mali", "police in Bamako"


def modifier_start(token: Token, phrase_start: int) -> int:
    """Extend left over the noun's own adjacent modifiers: "Ukraine's foreign ministry",
    but not over a dateline ("Sept 25 (Newswire) - Peruvian police")."""
    doc, left = token.doc, phrase_start
    while left > 0:
        previous = doc[left - 1]
        if previous.is_punct or previous.is_space or previous.ent_type_ in ("DATE", "TIME", "CARDINAL") \
                or previous.dep_ not in ("poss", "amod", "compound", "nmod", "case", "nummod", "det") \
                or previous.i < token.left_edge.i:
            break
        left -= 1
    while left < token.i and (doc[left].dep_ == "det" or doc[left].is_punct):
        left += 1
    if left >= 2 and doc[left - 1].text == "-" and doc[left].lower_ in LED_WORDS and doc[left - 2].text[:1].isupper():
        left -= 2  # "Vietnamese-led forces", "Iranian-backed militias": of the country that leads them
    return left


def has_specifier(span: Span, lex: ActorLexicon) -> bool:
    return any(lex.code_of_word(t.text) or t.dep_ == "poss" and t.pos_ == "PROPN" for t in span)


def code_of_tokens(span: Span, lex: ActorLexicon, table: ActorTable) -> str | None:
    for token in span:
        actor = table.actor_at(token)
        if actor is not None and actor.code:
            return actor.code
        code = lex.code_of_word(token.text) or (lex.capitals.get(token.lower_) if token.pos_ == "PROPN" else None)
        if code:  # "the Kabul administration": of the country whose capital names it
            return code
    return None


def code_after(token: Token, table: ActorTable) -> str | None:
    """A coded actor named right after the noun, where the language puts its modifiers after it
    (French "les combattants talibans", "les forces gouvernementales afghanes"); English puts
    them before ("Taliban fighters"), which code_of_tokens reads."""
    if token.doc.lang_ == "en":
        return None
    for child in token.rights:
        if child.i <= token.i + 2 and child.dep_ in ("amod", "compound", "appos", "nmod", "npadvmod"):
            actor = table.actor_at(child)
            if actor is not None and actor.code:
                return actor.code
    return None


def code_from_of(token: Token, lex: ActorLexicon) -> str | None:
    """"the government of Mali", "police in Bamako"; and where an adjective follows its noun (French
    "l'armée afghane", "les responsables américains"), the demonym after it."""
    for prep in token.rights:
        if prep.dep_ == "amod" and prep.i <= token.i + 2 and lex.demonyms.get(prep.lower_):
            return lex.demonyms[prep.lower_]
        if prep.dep_ == "prep" and prep.lower_ in OF_PREPOSITIONS:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    code = lex.code_of_word(obj.text) or lex.capitals.get(obj.lower_)
                    if code:
                        return code
    return None


def appositive_person(table: ActorTable, token: Token) -> Actor | None:
    """"Kenya's new finance minister, Jane Wanjiru": the title is a mention of her."""
    for other in [*token.children, token.head]:
        if other.dep_ == "appos" or token.dep_ == "appos" and other.i == token.head.i:
            actor = table.actor_at(other)
            if actor is not None and actor.kind == "person":
                return actor
    return None


def resolve_title_alone(table: ActorTable, token: Token, left: int) -> Actor | None:
    """"the minister" after "Foreign Minister Ana Ruiz" is Ana Ruiz."""
    if not any(t.dep_ == "det" and t.lower_ in ("the", "this") for t in token.lefts):
        return None
    word = token.lower_
    for _i, actor_id in reversed(table.order):
        actor = table.by_id[actor_id]
        if actor.kind == "person" and actor.title and word in actor.title.lower():
            return actor
    return None


CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "conj"}
PLACE_PREPS = words_by("lexicon/place_words.tsv", "country_of_clause")["yes"]


def country_of_clause(token: Token, lex: ActorLexicon, table: ActorTable) -> str | None:
    """"presidential-guard soldiers detained the president in Niamey": an unnamed group is of
    the place its own clause happens in, before the story's most-mentioned country."""
    from .where import country_of_place

    path, verb = [token], token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and len(path) < 6:
        verb = verb.head
        path.append(verb)
    # "talks with the government in Mogadishu", "detained the president in Niamey"; and a place
    # phrase deeper in the same clause: "demonstrated against the government in Nairobi"
    own_clause = clause_tokens(verb) if verb.pos_ in ("VERB", "AUX") else []
    for prep in [c for node in path for c in node.children] + [t for t in own_clause if t.dep_ == "prep"]:
        if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC", "FAC") and obj.i not in table.by_token:
                ent = entity_at(token.doc, obj.i)
                text = ent.text if ent is not None else obj.text
                code = lex.code_of_word(text) or lex.capitals.get(text.lower()) or country_of_place(text)
                if code:
                    return code
    return None


def clause_tokens(verb: Token) -> list[Token]:
    """The verb's own clause: its dependents, not descending into a clause of their own."""
    out, stack = [], [c for c in verb.children if c.dep_ not in CLAUSE_DEPS]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)
    return out


def country_of_sentence(sent: Span, lex: ActorLexicon, table: ActorTable) -> str | None:
    """"Thousands demonstrated in Kirkuk": a group without a country is of the place it acts in."""
    from .where import country_of_place

    for ent in sentence_ents(sent):
        if ent.label_ in ("GPE", "LOC", "FAC") and ent.start not in table.by_token:
            code = lex.code_of_word(ent.text) or lex.capitals.get(ent.text.lower()) or country_of_place(ent.text)
            if code:
                return code
    return None


def main_country(table: ActorTable, doc: Doc | None = None) -> str | None:
    """The country the story is about: the most mentioned, counting its people and bodies, and
    the country of its dateline as one mention."""
    counts: dict[str, float] = {table.filed_in: 1.0} if table.filed_in else {}
    for actor in table.actors:
        if actor.code and actor.code not in ("IGO", "NGO", "MNC", "IMG"):
            weight = 1.0 if actor.kind == "country" else 0.5
            counts[actor.code] = counts.get(actor.code, 0) + weight * len(actor.mentions)
    if doc is not None:
        demonyms = load_lexicon().demonyms
        for token in doc:
            code = demonyms.get(token.lower_) if token.pos_ in ("ADJ", "PROPN", "NOUN") else None
            if code:
                counts[code] = counts.get(code, 0) + 0.5
    return max(counts, key=counts.get) if counts else None


def resolve_pronouns(doc: Doc, table: ActorTable) -> None:
    """He/she → the last person mentioned; they/it → the last group, organisation or country subject."""
    order = sorted(table.order)
    for token in doc:
        low = token.lower_
        if token.pos_ != "PRON" or token.i in table.by_token:
            continue
        if low in PERSON_PRONOUNS:
            actor = last_actor(order, token.i, table, {"person"}, doc)
        elif low in ("it", "its") and token.dep_ in SUBJECT_DEPS | {"poss"}:
            actor = last_actor(order, token.i, table, {"organization", "country", "group"}, doc, singular=True)  # "it" is no crowd
        elif low in GROUP_PRONOUNS and token.dep_ in SUBJECT_DEPS | {"poss"}:
            actor = main_clause_subject(token, table) or last_actor(order, token.i, table, {"organization", "group", "country"}, doc)
        else:
            continue
        if actor is not None:
            table.mention(doc, token.i, token.i + 1, actor.id)


def singular_mention(doc: Doc, table: ActorTable, start: int, actor_id: str) -> bool:
    end = start
    while end + 1 < len(doc) and table.by_token.get(end + 1) == actor_id:
        end += 1
    return doc[end].tag_ in ("NN", "NNP")


def main_clause_subject(token: Token, table: ActorTable) -> Actor | None:
    """"Two suicide bombers killed 23 people when they blew themselves up": "they" opening a
    clause hung on another is that clause's subject, not the nearest plural."""
    clause = token.head
    if token.dep_ not in SUBJECT_DEPS or clause.dep_ not in ("advcl", "conj") or clause.head.i == clause.i:
        return None
    subject = next((c for c in clause.head.children if c.dep_ in SUBJECT_DEPS), None)
    return table.actor_at(subject) if subject is not None and subject.pos_ != "PRON" else None


def last_actor(order, before: int, table: ActorTable, kinds: set[str], doc: Doc, singular: bool = False) -> Actor | None:
    """The nearest earlier mention of the right kind, subjects preferred, within a few sentences;
    `singular`: a group counts only where its mention is a singular noun ("the group", not "rebels")."""
    fallback = None
    for i, actor_id in reversed(order):
        if i >= before:
            continue
        if before - i > 150:
            break
        actor = table.by_id[actor_id]
        if actor.kind not in kinds:
            continue
        if singular and actor.kind == "group" and not singular_mention(doc, table, i, actor_id):
            continue
        if doc[i].dep_ in SUBJECT_DEPS or doc[i].head.dep_ in SUBJECT_DEPS or kinds == {"person"}:
            return actor
        fallback = fallback or actor
    return fallback
