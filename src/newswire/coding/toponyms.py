"""Toponyms: every place a story names, found once per Doc and resolved offline.

A place mention is an NER GPE/LOC/FAC span, another entity or capitalised run
of proper nouns that the gazetteer knows (the small model tags Kyiv PERSON),
widened to the region or part it names ("Sumy region", "eastern Ukraine"),
and the dateline ("KOSTIANTYNIVKA, Ukraine (Reuters) —"), which says where
the report was filed and is never an actor. Each is resolved through
newswire.coding.where: its qualifier says which one ("Kramatorsk, Donetsk
region", "Pakistan's Balochistan province"), else the story's countries and
population decide. A name the gazetteer lacks keeps its name. What ties a
mention to an event (a locative preposition, a visit's object) is its
`anchor`; coding/events/locate.py chooses among them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..lexicon import words_by
from ..nlp.docs import DATELINE, doc_text, sentence_ents
from .where import Entry, Gazetteer, Place, load_gazetteer, resolve

WORDS_FILE = "lexicon/place_words.tsv"
PLACE_LABELS = ("GPE", "LOC", "FAC")
OTHER_NAMES = ("PERSON", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART")  # the small model's Kramatorsk is a PRODUCT
# Clauses of their own: a place in them belongs to their own event.
CLAUSE_DEPS = ("conj", "ccomp", "advcl", "relcl", "parataxis", "xcomp", "csubj", "acl")
# Links inside one noun phrase, followed up to the phrase's head ("Nairobi's central business district").
NOUN_LINKS = ("compound", "amod", "conj", "nmod", "appos", "poss")
PHRASE_LINKS = tuple(dep for dep in NOUN_LINKS if dep != "conj")  # "Nairobi and Mombasa" are two places
# How precisely a gazetteer kind places something: in one noun phrase, the most precise name is
# the place and the others say which one ("the Red Sea port city of Jeddah").
PRECISION = {"city": 3, "region": 2, "country": 1}
# "Baghdad – ", "Addis Ababa — ": a dateline in title case, taken only when the gazetteer knows it.
TITLE_DATELINE = re.compile(r"^([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})(?:, [A-Z][A-Za-z]+(?: [A-Z][a-z]+)?)?\s+[-–—]{1,2}\s")
KEY = "newswire_toponyms"


@lru_cache(maxsize=1)
def roles() -> dict[str, frozenset[str]]:
    """role -> words, read once from place_words.tsv."""
    return words_by(WORDS_FILE)


@dataclass
class Toponym:
    """One place mention: its words, the name it is known by, its gazetteer row (None when the
    gazetteer lacks it), whether it is a part of that row ("eastern Ukraine", "Sumy region"), and
    the word that ties it to an event (None when nothing does)."""
    span: Span
    name: str
    entry: Entry | None = None
    part: bool = False
    anchor: Token | None = None
    qualifier: "Toponym | None" = None  # "Turkey" of "Istanbul, Turkey"
    qualifies: bool = False  # it is such a qualifier, not a place of its own
    dateline: bool = False

    @property
    def country(self) -> str | None:
        if self.entry is not None:
            return self.entry.country
        return self.qualifier.country if self.qualifier is not None else None

    @property
    def precision(self) -> int:
        return 0 if self.entry is None or not self.entry.country else PRECISION.get(self.entry.kind, 1)

    def place(self, how: str | None = None) -> Place:
        if self.entry is None:
            return Place(self.name, self.country, None, None, None, how=how)
        known = self.entry.place
        if self.part:  # a part of the row: its country and a point, not its id
            return Place(self.name, known.country, known.lat, known.lon, None, known.admin1, how)
        name = known.name if self.name.isupper() else self.name  # "BLANTYRE —" is Blantyre
        return Place(name, known.country, known.lat, known.lon, known.geonameid, known.admin1, how)


@dataclass
class Toponyms:
    """A Doc's place mentions by sentence, its dateline, and the paragraph of each sentence."""
    by_sentence: dict[int, list[Toponym]] = field(default_factory=dict)
    dateline: Toponym | None = None
    lede: Toponym | None = None  # with no dateline, where the lede's news happened
    lede_countries: frozenset = frozenset()  # the countries of the lede's actors
    countries: dict[str, Toponym] = field(default_factory=dict)  # ISO3 -> the story's first mention of that country
    paragraph: dict[int, int] = field(default_factory=dict)  # sentence start -> its paragraph's number
    sizes: list[int] = field(default_factory=list)  # each paragraph's sentences
    order: list[int] = field(default_factory=list)  # sentence starts, in order

    def in_sentence(self, sent: Span) -> list[Toponym]:
        return self.by_sentence.get(sent.start, [])

    @property
    def report(self) -> Toponym | None:
        """Where the report comes from: its dateline, else its lede's place."""
        return self.dateline or self.lede


# ------------------------------------------------------------------ finding them


def place_name(span) -> str:
    """Entity text without "the" and a trailing "region"/"province"."""
    words = re.sub(r"['’]s$", "", span.text).split()  # "New York’s"
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in roles()["place_noun"]:
        words = words[:-1]
    return " ".join(words)


def candidate_spans(sent, gazetteer: Gazetteer, skip=frozenset(), people=frozenset()) -> list[Span]:
    """Spans that may be places: GPE/LOC/FAC entities, and any other entity or capitalised run of
    proper nouns the gazetteer knows (the small model tags Kyiv PERSON, misses Beledweyne)."""
    spans, covered = [], set(skip)
    for ent in sentence_ents(sent):
        if covered.intersection(range(ent.start, ent.end)) or \
                (people.intersection(range(ent.start, ent.end)) and not gazetteer.get(place_name(ent))):
            continue  # the dateline; "Modi", a person the NER took for a place
        covered.update(range(ent.start, ent.end))
        if ent.label_ in PLACE_LABELS or (ent.label_ in OTHER_NAMES and gazetteer.get(place_name(ent))):
            spans.append(ent)
    doc, i = sent.doc, sent.start
    while i < sent.end:
        end = i
        while end < sent.end and end not in covered and end not in people and name_word(doc[end]):
            end += 1
        if end > i + 1 and gazetteer.get(doc[i:end].text):
            spans.append(doc[i:end])
        elif end > i:
            spans.extend(doc[j:j + 1] for j in range(i, end) if gazetteer.get(doc[j].text))
        i = max(end, i + 1)
    return sorted(spans, key=lambda s: s.start)


def name_word(token) -> bool:
    """A word of a capitalised name that may be a place the NER missed; not an acronym ("BLA" is
    the Baloch Liberation Army, not Bla in Mali)."""
    return token.pos_ == "PROPN" and token.text[:1].isupper() and not (token.is_upper and len(token) <= 5)


def widened(span: Span, gazetteer: Gazetteer) -> tuple[Span, str, bool]:
    """The span with the region or part it names, its name, and whether that is a part of the row
    its own name has: "Sumy region" (of the city Sumy), "eastern Ukraine"; "the Donbas region" is
    the Donbas itself."""
    doc, words = span.doc, roles()
    base, name, start, end = gazetteer.get(place_name(span)), place_name(span), span.start, span.end
    part = False
    if end < len(doc) and doc[end].lower_ in words["region_noun"] and not span.text.lower().endswith(doc[end].lower_):
        end += 1
        whole = doc[start:end].text
        if gazetteer.get(whole) is not None:
            return doc[start:end], whole, False
        part = base is not None and base.kind == "city"  # the region around a city, not the city
        name = whole if part else name
    if start > 0 and doc[start - 1].is_lower and doc[start - 1].lower_ in words["direction"] and end == span.end:
        # "eastern Ukraine" is a part; "southwestern Balochistan province" is the province
        start -= 1
        name, part = doc[start].text + " " + name, True
    return doc[start:end], name, part


def anchor_of(span, gazetteer: Gazetteer):
    """The word that a place hangs from if it is where something happened: the head of its
    locative preposition, or the verb of a visit; else None."""
    words, head = roles(), noun_head(span.root)
    if head.dep_ == "pobj":
        prep = head.head
        if prep.lower_ == "of" and prep.head.dep_ == "prep" and prep.head.lower_ in words["locative_prep"]:
            prep = prep.head  # "out of", "outside of": one preposition (Quirk et al. 9.10)
        if prep.lower_ in words["locative_prep"]:
            return prep.head
        if prep.lower_ in words["motion_prep"] and prep.head.lemma_ in words["motion_verb"]:
            return prep.head
    if head.dep_ == "dobj":
        verb = head.head
        if verb.lemma_ in words["place_object_verb"]:
            return verb
        entry = gazetteer.get(place_name(span))
        # "shelled Sumy" is a place; "attacked Ukraine" is an actor.
        if verb.lemma_ in words["site_object_verb"] and not (entry and entry.kind == "country"):
            return verb
    return None


def is_origin(span) -> bool:
    """"deported detainees from Guantanamo Bay": where the act started from."""
    head = noun_head(span.root)
    return head.dep_ == "pobj" and head.head.lower_ in roles()["origin_prep"]


def is_venue(toponym: Toponym, verbs_only: bool = True) -> bool:
    """"met in Belarus", "violence in Syria's coastal region", "a visit by Modi to Mauritius": a
    country after a preposition that puts its clause there, or a visit's goal, is the place, even
    when it is also a side of the event."""
    anchor, head, words = toponym.anchor, noun_head(toponym.span.root), roles()
    if anchor is None:
        return False
    if is_visit(anchor):
        return True
    # a verb's, not "authorities in Sri Lanka" (who they are), unless verbs_only is False
    return (anchor.pos_ in ("VERB", "AUX") or not verbs_only) and head.dep_ == "pobj" \
        and head.head.lower_ in venue_preps()


def is_visit(anchor: Token) -> bool:
    """"visited Kyiv", "a visit to Mauritius", "flew to Moscow": the word ties a goal, not a site."""
    words = roles()
    return anchor.lemma_ in words["motion_verb"] or anchor.lemma_ in words["place_object_verb"]


@lru_cache(maxsize=1)
def venue_preps() -> frozenset[str]:
    return words_by(WORDS_FILE, key="country_of_clause").get("yes", frozenset())


def noun_head(token, links=NOUN_LINKS):
    """Climb from a name to the head of its noun phrase: "Donbas" in "the Donbas region" ->
    "region"; "Mombasa" in "in Nairobi and Mombasa" -> "Nairobi"; "Jeddah" in "the port city of
    Jeddah" -> "city"."""
    place_nouns = roles()["place_noun"]
    while token.head.i != token.i:
        if token.dep_ in ("appos", "conj") and token.dep_ in links:
            token = token.head
        elif token.dep_ in links and (token.head.lemma_ in place_nouns or token.head.pos_ == "PROPN"):
            token = token.head  # "the Donbas region", "Nairobi's business district"; not "US troops"
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_ in place_nouns:
            token = token.head.head
        else:
            break
    return token


def mark_qualifiers(found: list[Toponym]) -> None:
    """"Istanbul, Turkey", "Quetta, Balochistan", "Pakistan's Balochistan province": a less precise
    name beside a place says which one it is; it is no place of its own."""
    for one in found:
        for other in found:
            if other is one or other.precision >= one.precision or other.entry is None:
                continue
            doc = one.span.doc
            beside = other.span.start == one.span.end + 1 and doc[one.span.end].text == ","
            appos = other.span.root.dep_ == "appos" and one.span.start <= other.span.root.head.i < one.span.end
            same_phrase = noun_head(other.span.root, PHRASE_LINKS).i == noun_head(one.span.root, PHRASE_LINKS).i
            if beside or appos or (same_phrase and other.span.root.dep_ != "conj"):
                other.qualifies = True
                if one.qualifier is None and (beside or appos or other.span.root.dep_ == "poss"):
                    one.qualifier = other


def resolve_all(found: list[Toponym], gazetteer: Gazetteer, countries: frozenset) -> None:
    """Each mention's row: within its qualifier's area, else by the story's countries."""
    for one in found:
        if one.qualifier is not None and one.qualifier.entry is not None and one.entry is not None:
            # None: not in that area, so only its name and the area's country
            one.entry = resolve(one.entry.fields[0], gazetteer, countries, one.qualifier.entry)
        elif one.entry is not None and len(gazetteer.all(one.entry.fields[0])) > 1:
            one.entry = resolve(one.entry.fields[0], gazetteer, countries) or one.entry


def sentence_toponyms(sent, gazetteer: Gazetteer, countries=frozenset(), skip=frozenset(),
                      people=frozenset()) -> list[Toponym]:
    """The place mentions of one sentence, qualified, resolved and anchored; `skip`: token indices
    that are no place (the dateline); `people`: those of people and organisations, no place
    unless the gazetteer knows the name ("Banja Luka" tagged PERSON; "Modi" is no town)."""
    found = []
    for span in candidate_spans(sent, gazetteer, skip, people):
        wide, name, part = widened(span, gazetteer)
        entry = gazetteer.get(wide.text) if not part else None
        entry = entry or gazetteer.get(place_name(span)) or gazetteer.get(span.text)
        found.append(Toponym(wide, name, entry, part and entry is not None, anchor_of(span, gazetteer)))
    mark_qualifiers(found)
    resolve_all(found, gazetteer, countries)
    return found


# ------------------------------------------------------------------ one Doc's


def dateline_of(doc: Doc, gazetteer: Gazetteer | None = None) -> Toponym | None:
    """The place of a dateline at the head of one of the first body paragraphs: "GUAYAQUIL,
    Ecuador, May 20 (Newswire) - ", "BLANTYRE — ", "Baghdad – "."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    article, text = doc._.article, doc_text(doc)
    paragraphs = article.paragraphs[:3] if article is not None and article.paragraphs else [(0, len(text))]
    for start, end in paragraphs:
        head = text[start:min(end, start + 120)]
        match = DATELINE.match(head) or TITLE_DATELINE.match(head)
        if match is None:
            continue
        parts = [p.strip(" -–—") for p in re.split(r"[,(]", match.group(0))]
        entry = gazetteer.get(parts[0])
        if entry is None:
            continue
        qualifier = next((gazetteer.get(p) for p in parts[1:2] if gazetteer.get(p)), None)
        if qualifier is not None:
            entry = resolve(parts[0], gazetteer, within=qualifier) or entry
        span = doc.char_span(start, start + match.end(), alignment_mode="expand")
        if span is not None:
            return Toponym(span, parts[0], entry, dateline=True)
    return None


def named_actors(doc: Doc) -> set[int]:
    """Tokens that name a person or an organisation of the actor table."""
    table = doc._.actors
    if table is None:
        return set()
    kinds = {a.id: a.kind for a in table.actors}
    return {i for i, actor_id in table.by_token.items() if kinds.get(actor_id) in ("person", "organization")}


def story_countries(doc: Doc) -> frozenset:
    table = doc._.actors
    actors = table.actors if table is not None else []
    return frozenset(a.code for a in actors if a.code and len(a.code) == 3)


def doc_toponyms(doc: Doc, gazetteer: Gazetteer | None = None) -> Toponyms:
    """Every place mention of the Doc, found and resolved once (kept on the Doc)."""
    cached = doc.user_data.get(KEY)
    if cached is not None:
        return cached
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    result, countries = Toponyms(), story_countries(doc)
    result.dateline = dateline_of(doc, gazetteer)
    people = named_actors(doc)
    skip = set(range(result.dateline.span.start, result.dateline.span.end)) if result.dateline else set()
    for sent in doc.sents:
        if not result.order or "\n" in doc[sent.start - 1].text_with_ws:
            result.sizes.append(0)
        result.sizes[-1] += 1
        result.paragraph[sent.start] = len(result.sizes) - 1
        result.order.append(sent.start)
        result.by_sentence[sent.start] = sentence_toponyms(sent, gazetteer, countries, skip, people)
        for one in result.by_sentence[sent.start]:
            if one.entry is not None and one.entry.kind == "country" and not one.part:
                result.countries.setdefault(one.entry.country, one)
    result.lede, result.lede_countries = lede_place(doc, result)
    doc.user_data[KEY] = result
    return result


def lede_place(doc: Doc, found: Toponyms) -> tuple[Toponym | None, frozenset]:
    """With no dateline, the report's place is its lede's (its first two body sentences): the first
    place they tie to what happened that the gazetteer puts in a country, else the one country
    they name; and the countries of the lede's actors, whose doings the story tells from there."""
    if found.dateline is not None:
        return None, frozenset()
    article = doc._.article
    body = article.paragraphs[1][0] if article is not None and article.title and len(article.paragraphs) > 1 \
        and doc_text(doc)[slice(*article.paragraphs[0])] == article.title else 0
    lede = [start for start in found.order if doc[start].idx >= body][:2]
    table = doc._.actors
    if not lede or table is None:
        return None, frozenset()
    countries = {i for i, a in table.by_token.items() if table.by_id[a].kind == "country"}
    named = [one for start in lede for one in found.by_sentence.get(start, []) if not one.qualifies and one.country]
    place = next((one for one in named if one.anchor is not None  # not "sanctions on Iran"
                  and (is_venue(one, verbs_only=False) or one.span.root.i not in countries)), None)
    if place is None:  # "Syria's newly adopted constitution": the one country named, not "U.S. officials"
        named = [one for one in named if one.span.root.dep_ not in ("compound", "amod", "nmod")]
        place = named[0] if len({one.country for one in named}) == 1 else None
    if place is None:
        return None, frozenset()
    end = lede[-1] + len(next(doc[lede[-1]:].sents))
    ids = {actor_id for i, actor_id in table.by_token.items() if lede[0] <= i < end}
    return place, frozenset(table.by_id[i].code for i in ids if i in table.by_id and table.by_id[i].code)


# ------------------------------------------------------------------ the clause's place


def clause_tokens(token) -> set[int]:
    """Token indices of the clause headed by token, without its sub-clauses."""
    inside = {token.i}
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS:
            inside |= {t.i for t in child.subtree}
    return inside


def clause_toponym(found: list[Toponym], trigger) -> Toponym | None:
    """The tied place closest to the trigger within its clause, else within the clauses above it
    ("visited Kyiv to talk": the visit's place holds); "the talks in Jeddah, where Ukraine said it
    is ready": a clause of "where" happens at the place it hangs from."""
    tied = [t for t in found if t.anchor is not None and not t.qualifies]
    level = trigger
    while True:
        clause = clause_tokens(level)
        here = [t for t in tied if t.anchor.i in clause]
        if here:  # the trigger's own place first ("imposed a curfew in Colombo"), then the nearest in the tree
            return min(here, key=lambda t: (steps_up(t.anchor, trigger), abs(t.span.root.i - trigger.i)))
        if level.dep_ == "relcl" and any(c.lower_ == "where" for c in level.children):
            named = next((t for t in found if t.span.start <= level.head.i < t.span.end and not t.qualifies), None)
            if named is not None:
                return named
        if level.dep_ not in CLAUSE_DEPS or level.head.i == level.i:
            return None
        level = level.head


def steps_up(token, top) -> int:
    """How many heads up from token to top: "fired missiles at bases in Iraq" ties Iraq two steps
    below "fired", "in retaliation for the killing in Baghdad" four."""
    steps = 0
    while token.i != top.i and token.head.i != token.i and steps < 50:
        token, steps = token.head, steps + 1
    return steps if token.i == top.i else 50


def event_place(sent, trigger_token=None, exclude_chars=(), gazetteer: Gazetteer | None = None) -> Place | None:
    """Where the event of `trigger_token` (default: the sentence's main verb) took place, by its
    clause alone. Spans touching exclude_chars (character offsets of actor mentions) are skipped."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    excluded = set(exclude_chars)
    found = [t for t in sentence_toponyms(sent, gazetteer)
             if not excluded.intersection(range(t.span.start_char, t.span.end_char))]
    best = clause_toponym(found, trigger_token if trigger_token is not None else sent.root)
    return best.place() if best is not None else None
