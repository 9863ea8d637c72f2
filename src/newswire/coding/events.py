"""Stage 6, events: who did what to whom, in PLOVER.

Triggers come from the verb and noun frames in data/plover/<TYPE>.tsv
(one lexicon per type). For each trigger the parse gives the source
(subject, passive agent, the subject of the clause a noun sits in) and the
target (object or the frame's preposition), both resolved to actors of the
actor table; compound actors stay one event. The status says whether it
happened: negated, hypothetical (urged, hoped for, could), planned (will,
plans to) or occurred. Dates and places come from the when/where stages."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicon import read_tsv, split_multi
from ..model import Actor, Event
from ..plover import TYPES
from .actors import ActorTable, load_lexicon
from ..text.clean import DATELINE
from ..nlp.parse import doc_text, entity_at, quotes_near, sentence_quotes
from .quotes import actor_in

CLIMB_DEPS = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "advcl", "acl", "conj", "dobj", "relcl", "amod", "acomp", "attr", "nsubj", "nsubjpass", "npadvmod"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
PARTNER_TYPES = {"CONSULT"}  # a meeting names its partner; no guessing one from the sentence
PRESS_SECTORS = {"JRN", "MED"}  # the press a speaker talks to is an audience, not a partner or a target
SPEAKING_VERBS = {"speak", "talk", "tell"}


@dataclass(frozen=True)
class Frame:
    type: str
    lemma: str
    pos: str
    requires: tuple[str, ...]
    mode: str | None
    targets: tuple[str, ...]


@lru_cache(maxsize=1)
def load_frames() -> dict[tuple[str, str], list[Frame]]:
    """(lemma, VERB|NOUN) → frames, the most specific (most required words) first."""
    index: dict[tuple[str, str], list[Frame]] = {}
    for event_type in TYPES:
        for row in read_tsv(f"plover/{event_type}.tsv"):
            lemma = (row.get("lemma") or "").lower()
            if not lemma:
                continue
            pos = (row.get("pos") or "VERB").upper()
            requires = tuple(w.lower() for w in (row.get("requires") or "").split() if w != "-")
            mode = row.get("mode") if row.get("mode") not in (None, "", "-") else None
            targets = tuple(split_multi(row.get("target"))) or ("dobj",)
            frame = Frame(event_type, lemma, pos, requires, mode, targets)
            index.setdefault((lemma, pos), []).append(frame)
    for frames in index.values():
        frames.sort(key=lambda f: -len(f.requires))
    return index


@lru_cache(maxsize=1)
def load_status_cues() -> dict[str, dict[str, str]]:
    """relation → {lemma: status} from data/lexicon/status_cues.tsv."""
    cues: dict[str, dict[str, str]] = {}
    for row in read_tsv("lexicon/status_cues.tsv"):
        cues.setdefault(row.get("relation", "governor"), {})[row["lemma"].lower()] = row["status"]
    return cues


# ------------------------------------------------------------------ component

@Language.component("newswire_events")
def events_component(doc: Doc) -> Doc:
    doc._.events = find_events(doc, doc._.actors or ActorTable(), doc._.quotes or [])
    return doc


def find_events(doc: Doc, table: ActorTable, quotes: list) -> list[Event]:
    article = doc._.article
    frames = load_frames()
    if not frames:
        return []
    body_start = title_end(doc)
    published = article.published if article is not None else None
    found: list[Event] = []
    context = DateContext(published)
    for sent in doc.sents:
        if sent.start_char < body_start or not sent.text.strip():
            continue
        sentence_events = []
        matched = [(token, frame) for token in sent if (frame := match_frame(token, frames)) is not None]
        nouns = {token.i for token, frame in matched if frame.pos == "NOUN"}
        consumed: set[int] = set()
        for token, frame in matched:
            if frame.pos == "VERB":
                objects = event_objects(token, nouns)
                if objects and token.lemma_.lower() in light_verbs() and not frame.requires:
                    consumed.add(token.i)  # "held a series of negotiations": the noun is the event
                else:
                    consumed |= objects  # "lifted the curfew": the verb is the event
        for token, frame in matched:
            if token.i in consumed:
                continue
            event = code_event(token, frame, sent, table, found + [e for _t, e in sentence_events])
            if event is not None:
                sentence_events.append((token, event))
        sentence_events += urged_requests(sent, table, quotes)
        sentence_events += speech_acts(sent, table, quotes, sentence_events)
        sentence_events += stated_intentions(sentence_events, table)
        kept = drop_repeats(drop_complements(merge_purpose_clauses(sentence_events)))
        context.enter(sent, doc, needed=bool(kept))
        for token, event in kept:
            event.date = context.date_for(sent, token)
            if is_background(event, context.own_phrase(token), published) and \
                    not any(not is_background(event, info, published) for info in context.clause_phrases(token)):
                continue  # "in 2023 and again in January": the latest date of its clause decides
            event.location = place_of(sent, token, table, event)
            event.quote = quote_around(quotes, token)
            if event.status == "occurred" and told_already(token):
                continue  # "violated the signed agreement": the agreement is one told of before, not news
            if event.quote and event.status == "occurred" and token.dep_ in MENTIONED_DEPS and not (token.dep_ == "pobj" and token.head.lower_ == "of"):
                continue  # "because of Turkey's policy, like supporting the Brotherhood," said an analyst
            found.append(event)
    answer_requests(found, table)
    found = drop_retold(found)
    for number, event in enumerate(found, 1):
        event.id = f"e{number}"
    return found


BACKGROUND_DAYS = 365
# Inside what someone says, an event word in a modifier or prepositional slot ("like supporting
# X", "in the initial attack", "armed men, who raped") is mentioned along the way, not reported
# ("carried out dozens of air strikes" is: the event noun under a quantity).
MENTIONED_DEPS = {"pobj", "pcomp", "acl", "relcl", "amod", "neg", "nsubjpass"}


def is_background(event: Event, own_date, published) -> bool:
    """"had been sentenced in 2011", "The single biggest attack, in 2009, killed 25": what a
    story recalls from more than a year before it was published is background, not its news."""
    if published is None or own_date is None or not own_date.end or event.status != "occurred":
        return False
    import datetime as dt

    try:
        end = dt.date.fromisoformat(own_date.end[:10])
    except ValueError:
        return False
    return (published - end).days > BACKGROUND_DAYS


def told_already(token: Token) -> bool:
    """An event noun that points back ("the signed agreement", "the agreed ceasefire") names an
    event as known, not one that happens in this sentence."""
    return token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children) \
        and any(c.dep_ == "amod" and c.tag_ == "VBN" for c in token.children)


def drop_retold(events: list[Event]) -> list[Event]:
    """A story tells its news in the lede and again below ("threatened the EU with 200% tariffs"
    … "Trump's threat to impose bigger tariffs"): the same act by the same actors, on days no
    more than one apart (or with no day told), is one event, kept where it is first told."""
    told: dict[tuple, list[Event]] = {}
    kept = []
    for event in events:
        key = (event.type, frozenset(event.source), frozenset(event.target), event.status)
        if event.target and any(same_day(event.date, other.date) for other in told.get(key, [])):
            continue
        if not event.target and event.source and any(  # "Trump's threat to impose bigger tariffs", retold
                e.type == event.type and e.source == event.source and e.status == event.status and e.target
                and same_day(event.date, e.date) for e in kept):
            continue
        told.setdefault(key, []).append(event)
        kept.append(event)
    return kept


def same_day(a: dict | None, b: dict | None) -> bool:
    """Two event dates that may be one day: within a day, or one of them not a day at all."""
    import datetime as dt

    if not a or not b or a.get("precision") != "day" or b.get("precision") != "day":
        return True
    try:
        return abs((dt.date.fromisoformat(a["start"][:10]) - dt.date.fromisoformat(b["start"][:10])).days) <= 1
    except (KeyError, TypeError, ValueError):
        return True


def answer_requests(events: list[Event], table: ActorTable) -> None:
    """"Moldova demanded that Russia withdraw. Moscow has refused.": a refusal with no one
    named answers the last request made of its actor."""
    latest: dict[str, tuple[int, Event]] = {}  # code or actor id asked -> the last REQUEST asking it
    for number, event in enumerate(events):
        if event.type == "REQUEST":  # its target never changes here: only answers get one
            for key in {table.by_id[i].code for i in event.target} | set(event.target):
                latest[key] = (number, event)
            continue
        if event.type not in ("REJECT", "AGREE", "CONCEDE") or event.target:
            continue
        codes = {table.by_id[i].code for i in event.source if table.by_id[i].code}
        asked = [latest[key] for key in codes | set(event.source) if key in latest]
        if asked:  # the last request made of its actor: looked up, not scanned back for
            earlier = max(asked, key=lambda pair: pair[0])[1]
            event.target = [i for i in earlier.source if i not in event.source]


def title_end(doc: Doc) -> int:
    article = doc._.article
    if article is None or not article.paragraphs or not article.title:
        return 0
    start, end = article.paragraphs[0]
    return end if doc_text(doc)[start:end] == article.title else 0


def match_frame(token: Token, frames) -> Frame | None:
    pos = "NOUN" if token.pos_ == "NOUN" else "VERB" if token.pos_ in ("VERB", "AUX") else None
    if pos is None or token.ent_type_ in ("DATE", "TIME", "PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "WORK_OF_ART", "EVENT"):
        return None  # "In March" is no march, "Strike Force" no strike
    if token.dep_ == "amod" or token.dep_ == "acl" and token.tag_ == "VBN" and not any(c.dep_ == "agent" for c in token.children):
        return None  # "the freed guards", "gang members armed with pistols": descriptions, not events
    if pos == "NOUN" and is_name_given(token):
        return None  # "talks, known as intra-Afghan negotiations": a name for an event told already
    candidates = frames.get((token.lemma_.lower(), pos)) or frames.get((token.lower_, pos))
    if not candidates:
        return None
    nearby = nearby_lemmas(token)
    for frame in candidates:
        if all(word in nearby for word in frame.requires):
            return frame
    return None


NAMING_VERBS = {"know", "call", "dub", "name", "label", "term", "brand", "describe"}


def is_name_given(noun: Token) -> bool:
    """The noun is what something is called: "known as X", "dubbed X", "what it called X"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "as":
        head = head.head
    elif noun.dep_ not in ("oprd", "attr", "dobj"):
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in NAMING_VERBS and (noun.dep_ != "dobj" or head.tag_ == "VBN")


def nearby_lemmas(token: Token) -> set[str]:
    """The words a frame may require: dependents (two levels) and the next four tokens."""
    words = set()
    for child in token.children:
        words.add(child.lemma_.lower())
        words.add(child.lower_)
        for grandchild in child.children:
            words.add(grandchild.lemma_.lower())
            words.add(grandchild.lower_)
            if grandchild.dep_ == "prep":  # "declared a state of emergency"
                words.update(g.lemma_.lower() for g in grandchild.children)
    for t in token.doc[token.i + 1: min(len(token.doc), token.i + 5)]:
        words.add(t.lemma_.lower())
        words.add(t.lower_)
    return words


# ------------------------------------------------------------------ actors

def code_event(trigger: Token, frame: Frame, sent: Span, table: ActorTable, history: list[Event] = ()) -> Event | None:
    speaker = first_person_speaker(trigger, table)
    if speaker is None and pronoun_subject_in_quote(trigger):
        return None  # "They killed three fathers," said a widow: whose "they" the text does not say
    sources, passive = ([speaker], False) if speaker is not None else source_actors(trigger, table)
    targets = told_before(trigger, history, table) or target_actors(trigger, frame, table, passive)
    if frame.type == "REJECT":  # "a charge New Delhi quickly rejected": the one who charged
        targets = answered(trigger, history, table, [a.id for a in sources]) or targets
    if not sources and trigger.pos_ == "NOUN":
        sources, targets = between_sides(trigger, table) or (sources, targets)
    others = [a for a in sources if a.id not in {t.id for t in targets}]
    if others:
        sources = others
    elif all(a.kind == "country" for a in sources):  # "Kazakhstan lifted the curfew in Almaty"
        targets = [t for t in targets if t.id not in {a.id for a in sources}]
    elif frame.type in HOSTILE | {"THREATEN", "ACCUSE", "REQUEST", "REJECT", "AGREE"} and own_possessive(trigger, sources, table):
        # "threatened to break their ceasefire with international forces": itself is no target
        targets = [t for t in targets if t.id not in {a.id for a in sources}]
    else:
        sources = []
    if not sources or not is_political(sources + targets):
        return None
    if frame.type in PARTNER_TYPES and not targets and trigger.pos_ == "NOUN":
        targets = told_to(trigger, table, {a.id for a in sources})  # "told Trump in phone conversations"
    if frame.type in PARTNER_TYPES and not targets and len(sources) >= 2:
        sources, targets = sources[:1], sources[1:]  # "Russia and Ukraine met": each the other's partner
    if frame.type in PARTNER_TYPES:
        partners = [t for t in targets if t.sector not in PRESS_SECTORS]
        speaking = trigger.lemma_.lower() in SPEAKING_VERBS
        if targets and not partners or speaking and (not targets or trigger.tag_ == "VBG" and trigger.dep_ in ("advcl", "acl", "xcomp")):
            return None  # "speaking to reporters", "Speaking alongside Chaudhry, Bugti said", "as we speak": saying, not consulting
        targets = partners
    predicate = next((c for c in trigger.children if c.dep_ in ("oprd", "ccomp", "xcomp") and c.pos_ in ("ADJ", "NOUN")), None)
    if trigger.lemma_.lower() == "call" and predicate is not None:
        # "called Chinese subsidies 'unbearable'": naming, not a call; condemning words make it an ACCUSE
        if speech_act_cues()[0].get(predicate.lemma_.lower()) != "ACCUSE":
            return None
        frame = Frame("ACCUSE", frame.lemma, frame.pos, frame.requires, "disapprove", frame.targets)
    if frame.type == "REQUEST" and trigger.lemma_.lower() == "order" and targets and sources and \
            all(t.sector in ("MIL", "COP") and t.code and t.code in {a.code for a in sources} for t in targets):
        # "ordered the armed forces to take over security at jails": a government moving its own forces
        frame = Frame("MOBILIZE", frame.lemma, frame.pos, frame.requires, None, frame.targets)
    if frame.type == "RETREAT" and frame.mode == "withdraw" and targets and \
            all(t.kind == "organization" and t.code in ("IGO", "NGO") for t in targets):
        # PLOVER manual, SANCTION mode withdraw: leaving an organisation is a sanction, not a retreat
        frame = Frame("SANCTION", frame.lemma, frame.pos, frame.requires, "withdraw", frame.targets)
    if frame.type == "ASSAULT" and targets and all(t.sector in PRESS_SECTORS for t in targets):
        frame = Frame("ACCUSE", frame.lemma, frame.pos, frame.requires, "disapprove", frame.targets)  # "attacked the Journal"
    if not targets and trigger.lemma_.lower() in SIGNING_VERBS and len(sources) < 2:
        return None  # "signed a measure extending his term": a law signed alone, no one's partner
    if not targets and frame.targets and frame.targets[0] != "-" and frame.type not in PARTNER_TYPES:
        targets = nearest_other_actor(trigger, sent, table, {a.id for a in sources})
    if not targets and frame.type in PLACE_TARGET_TYPES:
        targets = place_attacked(trigger, table, {a.id for a in sources})
    if not targets and frame.mode == "seize":
        return None  # "seized weapons, phones and ammunition": things taken from no one named
    if not targets and frame.type == "REJECT" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in set(ANSWERED) | {"question", "report", "suggestion"}
            for c in trigger.children):
        return None  # "denies the charges against him": a denial of what no one named has said
    status = status_of(trigger)
    confidence = 0.45 + 0.15 * bool(targets) + 0.1 * bool(frame.requires) + (0.1 if trigger.pos_ == "VERB" else 0.0)
    return Event(id="", type=frame.type, mode=frame.mode, source=unique_ids(sources), target=unique_ids(targets),
                 status=status, date={}, evidence=evidence_of(sent),
                 confidence=min(confidence, 0.95))


SIGNING_VERBS = {"sign", "ink"}
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "THREATEN", "SANCTION"}


def place_attacked(trigger: Token, table: ActorTable, exclude: set[str]) -> list[Actor]:
    """"fired four shells at targets in Jericho", "threatened to institute a curfew in Algiers":
    with no one named, an attack or restriction falls on the country of the place it strikes."""
    heads = [trigger] + [c for c in trigger.children if c.dep_ in ("dobj", "xcomp", "prep")]
    heads += [g for h in list(heads) for g in h.children if g.dep_ in ("dobj", "pobj")]
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE | {"on"}:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                place = next((t for t in [obj, *obj.children] if t.pos_ == "PROPN" and t.ent_type_ in ("GPE", "LOC", "FAC")), None)
                actor = table.actor_at(place) if place is not None else None
                if actor is None and place is not None:
                    actor = country_of_modifier(place, table)
                if actor is not None and actor.kind == "country" and actor.id not in exclude:
                    return [actor]
    return []


def told_to(noun: Token, table: ActorTable, exclude: set[str]) -> list[Actor]:
    """"Sheinbaum and Trudeau told Trump in phone conversations": the one spoken to, in the
    clause the talk noun hangs on, is the partner."""
    verb = clause_verb_of_noun(noun)
    if verb is None or verb.lemma_.lower() not in SPEAKING_VERBS | {"assure", "inform", "brief", "warn"}:
        return []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            found = [a for a in actors_of(child, table) if a.id not in exclude and a.sector not in PRESS_SECTORS]
            if found:
                return found
    return []


def own_possessive(trigger: Token, sources: list[Actor], table: ActorTable) -> bool:
    """The only target found is the source itself, through a possessive pronoun after the trigger."""
    ids = {a.id for a in sources}
    return any(t.i > trigger.i and t.pos_ == "PRON" and t.dep_ == "poss" and getattr(table.actor_at(t), "id", None) in ids
               for t in trigger.subtree)


def nearest_other_actor(trigger: Token, sent: Span, table: ActorTable, exclude: set[str]) -> list[Actor]:
    """The frame wants a target the parse did not give: the nearest coded actor after the
    trigger in the same sentence ("police fired tear gas to disperse the protesters")."""
    after = list(sent[trigger.i - sent.start + 1:])
    before = list(reversed(sent[:trigger.i - sent.start]))
    for token in after + before:
        if in_place_phrase(token) or is_reporter(token, trigger) or in_reporter_phrase(token, trigger) \
                or getattr(table.actor_at(token), "sector", None) in PRESS_SECTORS:
            continue  # "talks in Istanbul, Turkey": Turkey is where, not whom; "…, officials said": who tells
        actor = table.actor_at(token)
        if actor is not None and actor.id not in exclude and (actor.code or actor.sector) and actor.kind != "person" or \
                actor is not None and actor.id not in exclude and actor.kind == "person" and actor.code:
            return [actor]
    return []


def in_reporter_phrase(token: Token, trigger: Token) -> bool:
    """Inside the description of the one who tells ("said Farhad Rezaei-Nia, a researcher … who
    studies the Revolutionary Guards"): no candidate target of what is told."""
    from .quotes import reporting_lemmas

    for node in [token, *token.ancestors]:
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.i != trigger.i and node.head.lemma_.lower() in reporting_lemmas() \
                and trigger not in node.subtree:
            return True
    return False


def is_reporter(token: Token, trigger: Token) -> bool:
    """The subject of a reporting verb other than the trigger: the one who tells of the event
    ("Denmark accepted a formula, government officials said") is not its target."""
    from .quotes import reporting_lemmas

    node = token
    while node.dep_ in ("compound", "amod", "poss", "appos", "conj", "det") and node.head.i != node.i:
        node = node.head
    verb = node.head
    if node.dep_ == "pobj":  # "according to the police"
        return verb.lower_ == "to" and verb.head.lower_ == "according"
    return node.dep_ == "nsubj" and verb.i != trigger.i and verb.lemma_.lower() in reporting_lemmas()


LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "into", "around", "throughout"}


def in_place_phrase(token: Token) -> bool:
    """The country that says which city: "in Istanbul, Turkey"."""
    if token.dep_ != "appos":
        return False
    node, steps = token, 0
    while node.dep_ in ("appos", "compound", "conj", "amod") and steps < 4:
        node, steps = node.head, steps + 1
    return node.dep_ == "pobj" and node.head.lower_ in LOCATIVE


FIRST_PERSON = {"i", "we"}


def first_person_speaker(trigger: Token, table: ActorTable) -> Actor | None:
    """"We call on Russia to withdraw," said the spokesman: "we" is the one who speaks."""
    subject = next((c for c in trigger.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.lower_ not in FIRST_PERSON:
        return None
    for quote in quotes_near(trigger.doc, trigger.doc._.quotes or [], subject.idx):
        if quote.kind == "direct" and quote.speaker and any(s <= subject.idx < e for s, e in quote.spans):
            return table.by_id.get(quote.speaker)
    return None


def pronoun_subject_in_quote(trigger: Token) -> bool:
    subject = next((c for c in trigger.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.pos_ != "PRON":
        return False
    doc = trigger.doc
    quotes = quotes_near(doc, doc._.quotes or [], subject.idx)
    return any(q.kind == "direct" and any(s <= subject.idx < e for s, e in q.spans) for q in quotes)


def evidence_of(sent: Span) -> tuple[int, int, str]:
    """The sentence without its trailing blank lines, so that text[start:end] is the evidence."""
    text = sent.text.rstrip()
    lead = len(text) - len(text.lstrip())
    return sent.start_char + lead, sent.start_char + len(text), text.strip()


def unique_ids(actors: list[Actor]) -> list[str]:
    seen: list[str] = []
    for actor in actors:
        if actor.id not in seen:
            seen.append(actor.id)
    return seen


def is_political(actors: list[Actor]) -> bool:
    """A race leader "attacking" on a climb is not an ASSAULT: one side must be coded."""
    return any(a.code or a.sector for a in actors)


def with_conjuncts(token: Token) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(with_conjuncts(child))
    return out


def actors_of(token: Token, table: ActorTable) -> list[Actor]:
    sides = both_sides(token, table)
    if sides:
        return sides
    found = []
    for part in with_conjuncts(token):
        members = of_members(part, table) if table.actor_at(part) is None else []
        if len(members) >= 2:  # "the foreign ministers of Japan and South Korea"
            found.extend(members)
            continue
        actor = actor_in(table, part) or country_of_modifier(part, table) or actor_in_phrase(table, part) \
            or place_of_phrase(part, table)
        if actor is not None:
            found.append(actor)
    return found


def place_of_phrase(token: Token, table: ActorTable) -> Actor | None:
    """"struck the port of Odesa", "shelled the city of Kharkiv": the country of the place named."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":  # the small model calls "Odesa" an ORG at times
                    return country_of_modifier(obj, table)
    return None


def of_members(token: Token, table: ActorTable) -> list[Actor]:
    """The actors of an "of X and Y" phrase under a noun that names none itself."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return [a for a in (actor_in(table, t) for t in with_conjuncts(obj)) if a is not None]
    return []


SIDES = {"sides", "parties", "camps"}


def both_sides(token: Token, table: ActorTable) -> list[Actor]:
    """"negotiating teams from both sides of the war": the two countries the story is about."""
    for t in [token, *token.subtree]:
        if t.lower_ in SIDES and any(c.lower_ in ("both", "two") for c in t.children):
            counts = {}
            for actor in table.actors:
                if actor.kind == "country" and actor.code:
                    counts[actor.id] = len(actor.mentions)
            top = sorted(counts, key=lambda i: -counts[i])[:2]
            return [table.by_id[i] for i in top] if len(top) == 2 else []
    return []


def under_prep(t: Token, top: Token, words) -> bool:
    """The token sits in the object of one of these prepositions, inside `top`'s phrase."""
    node = t
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in words:
            return True
        node = node.head
    return False


def under_place_prep(t: Token, top: Token) -> bool:
    """"talks in Istanbul, Turkey": the country that says which Istanbul is where, not who."""
    return t.dep_ == "appos" and under_prep(t, top, LOCATIVE)


TOPIC_PREPS = ("about", "regarding", "concerning")  # "concerns about Trump's threat": about whom, not whose


def country_of_word(token: Token, table: ActorTable) -> Actor | None:
    """The country a demonym names ("Israeli"), as an actor."""
    lex = load_lexicon()
    code = lex.demonyms.get(token.lower_)
    if code is None:
        return None
    name = lex.country_names.get(code, token.text)
    return table.add(token.doc, token.i, token.i + 1, name, "country", code, None, key=name.lower())


def actor_in_phrase(table: ActorTable, token: Token) -> Actor | None:
    """Any actor inside the noun phrase but its clauses: "fighters of the Wagner group"."""
    for t in token.subtree:
        if t.dep_ in ("relcl", "acl", "advcl", "ccomp") or t.pos_ == "PRON" or under_place_prep(t, token) \
                or t.i != token.i and under_prep(t, token, TOPIC_PREPS):
            continue
        actor = table.actor_at(t)
        if actor is not None:
            return actor
    return None


def country_of_modifier(token: Token, table: ActorTable) -> Actor | None:
    """"proposed Israeli changes": the country a demonym names is the side acted upon;
    "visited Baghdad": a capital stands for its country."""
    lex = load_lexicon()
    if token.pos_ == "PROPN" and token.lower_ not in lex.capitals and token.ent_type_ in ("GPE", "LOC", "FAC", "PERSON", "ORG"):
        from .where import lookup

        entity = entity_at(token.doc, token.i)
        place = lookup(entity.text if entity is not None else token.text)  # "shelled Kharkiv": the attack is on Ukraine
        if place is not None and place.country and place.country in lex.country_names:
            name = lex.country_names[place.country]
            return table.add(token.doc, token.i, token.i + 1, name, "country", place.country, None, key=name.lower())
    if token.pos_ == "PROPN" and token.lower_ in lex.capitals:
        code = lex.capitals[token.lower_]
        name = lex.country_names.get(code, token.text)
        return table.add(token.doc, token.i, token.i + 1, name, "country", code, "GOV", key=name.lower())
    for child in token.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.lower_ in lex.demonyms:
            code = lex.demonyms[child.lower_]
            name = lex.country_names.get(code, child.text)
            return table.add(token.doc, child.i, child.i + 1, name, "country", code, None, key=name.lower())
    return None


@lru_cache(maxsize=1)
def light_verbs() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_tsv("lexicon/light_verbs.tsv"))


def told_before(trigger: Token, history: list[Event], table: ActorTable) -> list[Actor]:
    """"condemned the strikes": "the strikes" are the ones told before, so whoever struck is
    the target, not a country named in the rest of the phrase."""
    frames = load_frames()
    for obj in trigger.children:
        if obj.dep_ != "dobj" or obj.pos_ != "NOUN" or not any(c.lower_ in ("the", "these", "this", "those") for c in obj.children):
            continue
        kinds = {f.type for f in frames.get((obj.lemma_.lower(), "NOUN"), [])}
        for event in history:  # the story's own event, told first, is the one "the strikes" recalls
            if event.type in kinds and event.status == "occurred":
                return [table.by_id[i] for i in event.source]
    return []


ANSWERED = {"charge": "ACCUSE", "claim": "ACCUSE", "accusation": "ACCUSE", "allegation": "ACCUSE",
            "criticism": "ACCUSE", "demand": "REQUEST", "request": "REQUEST", "call": "REQUEST", "appeal": "REQUEST"}


def answered(trigger: Token, history: list[Event], table: ActorTable, own: list[str]) -> list[Actor]:
    """Rejecting a charge or a demand answers whoever made it: its own owner ("the allegations
    made by Pakistan") or else the last one told to make such a charge or demand."""
    nouns = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    if trigger.dep_ == "relcl":
        nouns.append(trigger.head)  # "a charge New Delhi quickly rejected"
    for noun in nouns:
        kind = ANSWERED.get(noun.lemma_.lower())
        if kind is None:
            continue
        owner = [a for a in actors_of(noun, table) if a.id not in own]
        if owner:
            return owner
        for event in reversed(history):
            if event.type == kind and event.status == "occurred" and not set(event.source) & set(own):
                return [table.by_id[i] for i in event.source]
    return []


def between_sides(noun: Token, table: ActorTable):
    """"talks between prison officials and inmate leaders": the first side acts, the other is met."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            objs = [o for o in prep.children if o.dep_ == "pobj"]
            sides = actors_of(objs[0], table) if objs else []
            if len(sides) >= 2:
                return sides[:1], sides[1:]
    return None


def event_objects(verb: Token, nouns: set[int]) -> set[int]:
    """Event nouns that are the verb's object: "held talks", "a series of negotiations"."""
    found = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "attr"):
            if child.i in nouns:
                found.add(child.i)
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    found |= {o.i for o in prep.children if o.i in nouns}
    return found


NOUN_FRAME_PREPS = ("after", "before", "during", "following", "in", "at", "since", "amid", "despite")


def clause_verb_of_noun(noun: Token) -> Token | None:
    """The verb whose subject does what a noun names: "held negotiations",
    "a series of negotiations", "after a phone call with Putin". Anything else
    ("the outcome of the talks") names an event told elsewhere."""
    node = noun
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.dep_ in ("dobj", "attr") \
            and node.head.head.pos_ == "NOUN":
        node = node.head.head  # "a series of negotiations"
    if node.dep_ in ("dobj", "attr") and node.head.pos_ in ("VERB", "AUX"):
        if not does_the_noun(node.head, noun):
            return None  # "there was a threat", "cited threats", "condemned the attack": not the subject's act
        return node.head
    if node.dep_ == "pobj" and node.head.lower_ in NOUN_FRAME_PREPS and node.head.head.pos_ in ("VERB", "AUX"):
        return node.head.head
    return None


NOT_DOERS = {"be", "cite", "face", "fear", "discuss", "dismiss", "question", "survive", "witness", "see",
             "report", "describe", "mention", "address", "ignore", "follow", "spark", "trigger", "cause",
             "prompt", "note", "acknowledge", "blame", "regret", "mourn", "recall", "remember"}


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


def source_actors(trigger: Token, table: ActorTable) -> tuple[list[Actor], bool]:
    """Who acts: the subject, the agent of a passive, or the subject of the clause above."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "poss":
                return actors_of(child, table), False
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return actors_of(objs[0], table), False
        for child in trigger.children:  # "a US drone strike", "Israeli air raids"
            if child.dep_ in ("compound", "amod", "nmod") and child.i < trigger.i:
                actor = table.actor_at(child) or country_of_word(child, table)
                if actor is not None and actor.kind == "country":
                    return [actor], False
        verb = clause_verb_of_noun(trigger)
        if verb is None:
            return [], False
        trigger = verb
    passive = is_passive(trigger)
    if passive:
        for child in trigger.children:
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:  # "asked by a reporter at the White House": the place is not who asked
                    return [a for a in actors_of(objs[0], table)
                            if not any(table.actor_at(t) is a and under_prep(t, objs[0], LOCATIVE) for t in objs[0].subtree)], True
        for prep in trigger.children:  # "killed in a joint operation by Haitian police"
            for obj in (o for o in prep.children if prep.dep_ == "prep" and o.dep_ == "pobj"):
                for by in (b for b in obj.children if b.dep_ == "prep" and b.lower_ == "by"):
                    agents = [actor for g in by.children if g.dep_ == "pobj" for actor in actors_of(g, table)]
                    if agents:
                        return agents, True
        return [], True
    node, steps = trigger, 0
    while steps < 6:
        if node.i != trigger.i and any(c.dep_ in ("nsubjpass", "auxpass") for c in node.children):  # "was attacked by militiamen, killing 156": the agent
            agent = next((g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            return (actors_of(agent, table) if agent is not None else []), False
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None) \
            or next((c for c in node.children if c.dep_ == "csubj"), None)
        if subject is not None:
            if subject.lower_ in ("who", "that", "which") and node.dep_ == "relcl":
                return actors_of(node.head, table), False
            agents = [actor for by in subject.children if by.dep_ == "prep" and by.lower_ == "by" and subject.pos_ == "NOUN"
                      for g in by.children if g.dep_ == "pobj" for actor in actors_of(g, table)]
            return agents or actors_of(subject, table), False  # "airstrikes by the Somali army have killed" 
        if node.dep_ == "relcl":
            return actors_of(node.head, table), False
        if node.head.i == node.i:
            break
        node, steps = node.head, steps + 1
    return actors_just_before(trigger, table), False


def actors_just_before(verb: Token, table: ActorTable) -> list[Actor]:
    """The parse gave the verb no subject ("in Istanbul, Russia and Ukraine signed", with
    Russia hung on Istanbul): the actors named right before it, "X and Y" included."""
    found: list[Actor] = []
    i = verb.i - 1
    while i >= verb.sent.start and verb.i - i <= 6:
        token = verb.doc[i]
        actor = table.actor_at(token)
        if actor is not None:
            if actor not in found:
                found.insert(0, actor)
        elif token.lower_ in ("and", ",", "the") or token.pos_ in ("AUX", "ADV", "PART"):
            pass
        elif found:
            break
        else:
            return []
        i -= 1
    return found


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


def target_actors(trigger: Token, frame: Frame, table: ActorTable, passive: bool) -> list[Actor]:
    if passive:
        subject = passive_subject(trigger)
        return actors_of(subject, table) if subject is not None else []
    if trigger.dep_ == "relcl" and not any(c.dep_ in ("dobj", "dative") for c in trigger.children) \
            and any(c.dep_ in SUBJECT_DEPS for c in trigger.children):
        found = actors_of(trigger.head, table)  # "12 guards they had held hostage"
        if found:
            return found
    for route in frame.targets:
        found = follow_route(trigger, route, table)
        if found:
            return found
    if frame.targets and frame.targets[0] != "-":
        return objects_anywhere(trigger, table)
    return []


def objects_anywhere(trigger: Token, table: ActorTable, depth: int = 0) -> list[Actor]:
    """No target where the frame said: the first actor among the trigger's objects,
    or in its complement ("threatened to cut off electricity to Nakhichevan")."""
    for child in trigger.children:
        if child.dep_ in ("xcomp", "ccomp", "acl") and depth < 2:
            subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
            found = actors_of(subject, table) if subject is not None else []  # "demanded that Russia withdraw"
            found = found or objects_anywhere(child, table, depth + 1)
            if found:
                return found
        if child.dep_ in ("dobj", "dative", "attr"):
            found = actors_of(child, table)
            if found:
                return found
        if child.dep_ == "prep" and child.lower_ not in ("in", "at", "on", "during", "after", "before", "since", "for", "by"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found = actors_of(obj, table)
                    if found:
                        return found
    return []


def follow_route(trigger: Token, route: str, table: ActorTable) -> list[Actor]:
    if route in ("-", ""):
        return []
    if route == "dobj":
        for child in trigger.children:
            if child.dep_ in ("dobj", "dative") or (child.dep_ == "attr" and trigger.pos_ == "AUX"):
                return actors_of(child, table)
        return []
    if route == "poss":
        for child in trigger.children:
            if child.dep_ == "poss":
                return actors_of(child, table)
        return []
    if route.startswith("prep:"):
        word = route[5:]
        heads = [trigger] + [c for c in trigger.children if c.dep_ in ("dobj", "prt", "attr")]
        heads += [o for h in list(heads) for p in h.children if p.dep_ == "prep" and p.lower_ == "of"
                  for o in p.children if o.dep_ == "pobj"]  # "the recall of the ambassador in Ankara"
        for head in heads:
            for child in head.children:
                if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word:
                    for obj in child.children:
                        if obj.dep_ in ("pobj", "pcomp"):
                            return actors_of(obj, table)
    return []


# ------------------------------------------------------------------ status

CCOMP_CUES = {"deny", "hope", "fear", "want", "wish", "propose", "demand", "urge", "ask", "plan", "expect"}


def status_of(trigger: Token) -> str:
    """negated, hypothetical, planned or occurred, from the words that govern the trigger.

    Climbs from the trigger through its complements ("plans to visit", "any hope of
    negotiating"); a reported clause ("announced that they agreed") keeps its own
    status unless the verb that reports it denies, hopes or demands it."""
    cues = load_status_cues()
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
        for child in children:
            low = child.lower_
            if child.dep_ in ("aux", "auxpass") and low in aux:
                return aux[low]
            if child.dep_ == "mark" and low in ("if", "unless", "whether"):
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


# ------------------------------------------------------------------ merging

def merge_purpose_clauses(events: list[tuple[Token, Event]]) -> list[tuple[Token, Event]]:
    """"visited Kyiv to talk to Zelensky" is one visit with Zelensky: fold a same-type
    event whose trigger sits under another's into it when that one lacks a target."""
    kept: list[tuple[Token, Event]] = []
    for token, event in events:
        parent = next((e for t, e in kept if e.type == event.type and e.source == event.source
                       and not e.target and t in token.ancestors), None)
        if parent is not None:
            parent.target = event.target
            parent.mode = parent.mode or event.mode
            continue
        kept.append((token, event))
    return kept


COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
COMMITMENT_AUX = {"will", "would", "'ll", "’ll", "shall"}
COMMITMENT_HEADS = {"ready", "willing", "prepared", "determined", "vow", "pledge", "promise", "swear"}
STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "PTY", "OPP", "PRM", "IGO"}


def stated_intentions(events: list[tuple[Token, Event]], table: ActorTable) -> list[tuple[Token, Event]]:
    """PLOVER codes what an actor says it will do: "Finland will give Tanzania a grant" is an
    AGREE today, "Nigeria will withdraw its force unless …" a THREATEN, "Syria will not
    accept more refugees" a REJECT. The planned act itself stays, flagged as planned."""
    out = []
    for token, event in events:
        if event.status not in ("planned", "hypothetical", "negated") or not commits(token):
            continue
        sources = [table.by_id[i] for i in event.source]
        if not any(a.kind == "country" or a.sector in STATE_SECTORS for a in sources):
            continue
        if not own_words(token, sources, table):
            continue
        if event.status == "negated":
            new_type = "REJECT" if event.type in COOPERATIVE else None
        else:
            new_type = "AGREE" if event.type in COOPERATIVE else "THREATEN" if event.type in HOSTILE | {"THREATEN"} else None
        if new_type is None:
            continue
        out.append((token, Event(id="", type=new_type, source=list(event.source), target=list(event.target),
                                 status="occurred", date={}, evidence=event.evidence, confidence=0.5)))
    return out


def own_words(trigger: Token, sources: list[Actor], table: ActorTable) -> bool:
    """An intention counts when the actor states it (or the story does, in a lede);
    not when another says what it will do, or when it is only expected."""
    from .quotes import reporting_lemmas, speaker_of

    codes = {a.code for a in sources if a.code}
    gov = load_status_cues().get("governor", {})
    child = trigger
    for node in list(trigger.ancestors)[:5]:
        lemma = node.lemma_.lower()
        if lemma in reporting_lemmas() and node.pos_ in ("VERB", "AUX"):
            speaker = speaker_of(table, node)
            return speaker is None or speaker.code is None or speaker.id in {a.id for a in sources} or speaker.code in codes
        if lemma in gov and lemma not in COMMITMENT_HEADS and child.dep_ != "conj":
            return False  # "is expected to visit"; not "would not go unanswered and would respond"
        child = node
    return True


def commits(trigger: Token) -> bool:
    """The trigger is what its subject says it will (or is ready to) do."""
    node = clause_verb_of_noun(trigger) if trigger.pos_ == "NOUN" else trigger
    if node is None:
        return False
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in node.children):
        return False  # "did not say whether he would sign": no intention stated
    if any(c.dep_ == "aux" and c.lower_ in COMMITMENT_AUX for c in node.children):
        return True
    return node.dep_ == "xcomp" and (node.head.lower_ in COMMITMENT_HEADS or node.head.lemma_.lower() in COMMITMENT_HEADS)


ONE_ATTACK = {"ASSAULT", "COERCE"}


def drop_repeats(events: list[tuple[Token, Event]]) -> list[tuple[Token, Event]]:
    """Two triggers of one sentence telling the same thing ("cleared … detaining") are one event;
    so is one attack told by coordinated verbs ("shot dead five people and wounded dozens"); a talk
    and a visit stay two."""
    seen, kept = set(), []
    for token, event in events:
        first = next((e for t, e in kept if token.dep_ == "conj" and token.head.i == t.i and e.type == event.type in ONE_ATTACK
                      and e.source == event.source and e.status == event.status), None)
        if first is not None:
            first.target += [i for i in event.target if i not in first.target]
            continue
        key = (event.type, tuple(event.source), tuple(event.target), event.status)
        if key not in seen:
            seen.add(key)
            kept.append((token, event))
    with_target = {(e.type, tuple(e.source), e.status) for _t, e in kept if e.target}
    return [(t, e) for t, e in kept  # "visited Baghdad, in a visit during which": one visit, to Baghdad
            if e.target or (e.type, tuple(e.source), e.status) not in with_target]


def drop_complements(events: list[tuple[Token, Event]]) -> list[tuple[Token, Event]]:
    """"accused the US of violating rights": the violating is what the accusing is about,
    not a second event by the same actor. Coordinated verbs stay separate events."""
    kept = []
    for token, event in events:
        governed = any(other is not event and other.source == event.source and other.status == "occurred"
                       and governs(t, token) for t, other in events)
        if not governed:
            kept.append((token, event))
    return kept


def governs(head: Token, token: Token) -> bool:
    node = token
    while node.head.i != node.i:
        if node.dep_ == "conj" or node.dep_ == "pobj" and node.head.lower_ in NOUN_FRAME_PREPS:
            return False  # coordinated, or "after a phone call with Putin": an event of its own
        node = node.head
        if node.i == head.i:
            return True
    return False


URGING_MODALS = {"must", "should", "ought", "need", "needs", "has", "have", "can"}


def urged_requests(sent: Span, table: ActorTable, quotes: list) -> list[tuple[Token, Event]]:
    """"Mr. Putin can do the right thing now, … get his troops out" and "said Sudan must
    return the helicopter": what a speaker says another actor must or can do is a REQUEST."""
    out = []
    for quote in sentence_quotes(sent, quotes):
        if quote.speaker is None or not any(sent.start_char <= s < sent.end_char for s, _ in quote.spans):
            continue
        speaker = table.by_id.get(quote.speaker)
        for token in sent:
            if token.pos_ not in ("VERB", "AUX") or not any(s <= token.idx < e for s, e in quote.spans):
                continue
            modal = next((c for c in token.children if c.dep_ == "aux" and c.lower_ in URGING_MODALS
                          and c.lower_ not in ("has", "have", "need", "needs")), None)
            holder = token  # "must return"; "has to return", "needs to return": the obligation sits on have/need
            if modal is None and token.dep_ == "xcomp" and token.head.lemma_.lower() in ("have", "need") \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                modal, holder = token.head, token.head
            if modal is None or any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in COMMITMENT_AUX for c in holder.children):
                continue  # "has agreed" is a perfect, "Turkey will have to look for alternatives" a forecast
            subject = next((c for c in holder.children if c.dep_ == "nsubj"), None)
            if subject is None or subject.lower_ in ("i", "we", "you", "it", "this", "that", "there"):
                continue
            targets = [a for a in actors_of(subject, table) if a.id != quote.speaker]
            if not targets or speaker is None or not is_political([speaker] + targets):
                continue
            if modal.lower_ == "can" and all(a.kind == "country" and a.code == speaker.code for a in targets):
                continue  # "Ukraine can sit down and negotiate," says its president: an offer, not a request
            event = Event(id="", type="REQUEST", source=[speaker.id], target=unique_ids(targets), status="occurred",
                          date={}, evidence=evidence_of(sent), confidence=0.55)
            out.append((token, event))
            break
    return out


@lru_cache(maxsize=1)
def speech_act_cues() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(lemma -> act, ((phrase, act), ...)) from data/lexicon/speech_acts.tsv."""
    lemmas, phrases = {}, []
    for row in read_tsv("lexicon/speech_acts.tsv"):
        if row.get("kind") == "phrase":
            phrases.append((" " + row["cue"].lower() + " ", row["act"]))
        else:
            lemmas[row["cue"].lower()] = row["act"]
    return lemmas, tuple(phrases)


def speech_acts(sent: Span, table: ActorTable, quotes: list, found: list[tuple[Token, Event]]) -> list[tuple[Token, Event]]:
    """What a speaker says can itself be the act: condemning words are an ACCUSE ("Putin is the
    aggressor"), "or face sanctions" a THREATEN, "we will not bend" a REJECT. The target is the
    actor the words are about, named in the quote; an ACCUSE or THREATEN needs one."""
    lemmas, phrases = speech_act_cues()
    out = []
    for quote in sentence_quotes(sent, quotes):
        speaker = table.by_id.get(quote.speaker) if quote.speaker else None
        if speaker is None or (quote.cue or "").lower() == "according to":
            continue  # "according to the police": the story's source, not a speech act
        inside = [t for t in sent if any(s <= t.idx < e for s, e in quote.spans)]
        if not inside:
            continue
        words = " " + " ".join(t.lower_.replace("’", "'") for t in inside) + " "
        acts: dict[str, tuple[Token, bool]] = {}
        for token in inside:
            act = lemmas.get(token.lemma_.lower()) or lemmas.get(token.lower_)
            if act and act not in acts and not negated_word(token):
                acts[act] = (token, False)
        for phrase, act in phrases:
            at = words.find(phrase)
            if at >= 0 and act not in acts:
                acts[act] = (inside[min(len(words[:at].split()), len(inside) - 1)], True)
        for act, (cue, by_phrase) in acts.items():
            if any(e.type == act and speaker.id in e.source for _t, e in found + out):
                continue  # "accused Kyiv of ..." told it already
            targets = spoken_about(inside, cue, table, speaker, by_phrase)
            if not targets and act != "REJECT" or not is_political([speaker] + targets):
                continue
            event = Event(id="", type=act, source=[speaker.id], target=unique_ids(targets), status="occurred",
                          date={}, evidence=evidence_of(sent), confidence=0.45)
            out.append((cue, event))
    return out


def negated_word(token: Token) -> bool:
    """"not illegal", "no violation": the cue is denied."""
    heads = [token, token.head]
    return any(c.dep_ == "neg" or c.lower_ in ("no", "not", "never") and c.dep_ in ("det", "advmod") for h in heads for c in h.children)


def spoken_about(tokens: list[Token], cue: Token, table: ActorTable, speaker: Actor, phrase: bool) -> list[Actor]:
    """The coded actor a quote condemns or warns: for a word, one in its own phrase or the
    subject of its clause ("Putin is the aggressor", "Israel's heinous attacks"); for a phrase,
    the nearest named in the quote. Never the speaker, the press, or the speaker's own country."""
    inside = {t.i for t in tokens}
    if phrase:
        region = [t for t in tokens]
    else:
        top = cue.head if cue.dep_ in ("amod", "compound", "advmod", "acomp") and cue.head.i in inside else cue
        clause = clause_of(top)
        while clause.dep_ == "xcomp" and not any(c.dep_ in SUBJECT_DEPS for c in clause.children) and clause.head.i in inside:
            clause = clause.head  # "Moscow used its mission to try to destabilise": whose trying
        region = list(top.subtree) + [t for c in clause.children if c.dep_ in SUBJECT_DEPS + ("dobj",) for t in c.subtree]
    candidates = []
    for token in region:
        if phrase and token.i not in inside:
            continue
        actor = table.actor_at(token) or (country_of_word(token, table) if token.ent_type_ == "NORP" else None)
        if actor is None or actor.id == speaker.id or in_place_phrase(token) or token.lower_ in FIRST_PERSON:
            continue
        if not (actor.code or actor.sector) or actor.sector in PRESS_SECTORS:
            continue
        if actor.kind == "country" and speaker.code == actor.code and speaker.kind != "country":
            continue  # a minister speaking of "our country"
        candidates.append((abs(token.i - cue.i), actor))
    return [min(candidates, key=lambda c: c[0])[1]] if candidates else []


def quote_around(quotes: list, token: Token) -> str | None:
    for quote in quotes_near(token.doc, quotes, token.idx):
        if any(s <= token.idx < e for s, e in quote.spans):
            return quote.id
    return None


# ------------------------------------------------------------------ when and where

FRAME_SENTENCES = 0  # in a long paragraph, a time frame holds for this many sentences after it
LONG_PARAGRAPH = 6  # sentences: more than this, and the paragraph is a story's whole text


class DateContext:
    """Dates for events: the phrase in the event's own clause, else the paragraph's time
    frame, else unresolved. A dateline's date is when the story was filed, not when
    things happened, so it is no event's date."""

    def __init__(self, published):
        self.published = published
        self.paragraph_date = None  # the time frame set earlier in this paragraph
        self.last_date = None  # the last date told, which "before that" points back to
        self.phrases: list[tuple[Token, object]] = []
        self.article_date = None  # the lede's date: the story's time frame
        self.sentences_since = 0  # sentences since the frame was set
        self.paragraph_sentences = 0

    def enter(self, sent: Span, doc: Doc, needed: bool = True) -> None:
        from . import when

        self.phrases = []
        if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws:
            self.paragraph_date = None
            self.sentences_since = 0
            self.paragraph_sentences = sentences_in_paragraph(sent)
            dateline = DATELINE.match(doc_text(doc)[sent.start_char:sent.start_char + 120])
            self.dateline_end = sent.start_char + dateline.end() if dateline else sent.start_char
        if not needed and not any(t.ent_type_ in ("DATE", "TIME") for t in sent):
            return  # no event here and no time frame to carry: the date work can wait
        cut = getattr(self, "dateline_end", 0)
        anchor = self.last_date or self.paragraph_date  # "the same day": the date told last
        self.phrases = []
        for start, end, phrase in when.find_date_phrases(sent):
            if start < cut:
                continue
            info = when.resolve(phrase, self.published, not is_future_phrase(doc, start))
            if info is not None and info.precision == "unresolved":
                info = when.anchor_relative(phrase, anchor, self.published) or info
            span = doc.char_span(start, end, alignment_mode="expand")
            if info is not None and span is not None:
                self.phrases.append((span.root, info))
        resolved = [info for root, info in self.phrases  # a frame comes from a main clause, not "who was killed on Friday"
                    if info.start is not None and clause_of(root).dep_ != "relcl"]
        self.sentences_since += 1
        if self.paragraph_sentences > LONG_PARAGRAPH and self.sentences_since > FRAME_SENTENCES:
            # a one-line story is one paragraph: its first date is no frame for all of it, only for
            # the sentences right after it; past those, the story's own date holds
            self.paragraph_date = None
        if resolved:
            self.paragraph_date = self.paragraph_date or resolved[0]
            self.sentences_since = 0
            self.last_date = resolved[0]
            if self.article_date is None and resolved[0].precision == "day":
                self.article_date = resolved[0]

    def date_for(self, sent: Span, trigger: Token) -> dict:
        info = self.own_phrase(trigger) or self.paragraph_date or self.article_date
        if info is not None and info.start is None and info.end is not None:
            # "before that": only the latest day is known; like an undated event, it stands there
            return {"start": info.end, "end": info.end, "precision": "unresolved", "text": info.text}
        if info is None or info.start is None:
            return unresolved(self.published, info.text if info is not None else None)
        return info.to_dict()

    def clause_phrases(self, trigger: Token) -> list:
        clause = clause_of(trigger)
        return [info for root, info in self.phrases if clause_of(root).i == clause.i and info.end]

    def own_phrase(self, trigger: Token):
        """The date phrase of the trigger's clause; else one of a clause above it; else the first."""
        if not self.phrases:
            return None
        clause = clause_of(trigger)
        ranked = []
        for root, info in self.phrases:
            phrase_clause = clause_of(root)
            if phrase_clause.i == clause.i:
                rank = 0
            elif phrase_clause.i in {a.i for a in trigger.ancestors}:
                rank = 1
            else:  # another clause; "Soleimani, who was killed on Friday" tells another event's date
                rank = 3 if phrase_clause.dep_ == "relcl" else 2
            ranked.append((rank, abs(root.i - trigger.i), info))
        rank, _distance, info = min(ranked, key=lambda r: (r[0], r[1]))
        own = [i for r, _d, i in ranked if r == 0 and i.end]
        if rank == 0 and len(own) > 1:  # "in 2023 and again in January": the latest is the news
            info = max(own, key=lambda i: i.end)
        return info if rank < 3 else None


def sentences_in_paragraph(first: Span) -> int:
    """How many sentences the paragraph starting at this sentence has."""
    doc, count = first.doc, 0
    for sent in doc[first.start:].sents:
        count += 1
        if "\n" in doc[sent.end - 1].text_with_ws or count > LONG_PARAGRAPH:
            break
    return count


def clause_of(token: Token) -> Token:
    """The verb whose clause a word belongs to (the word itself for a verb)."""
    node, steps = token, 0
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i and steps < 8:
        node, steps = node.head, steps + 1
    return node


def is_future_phrase(doc: Doc, char: int) -> bool:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    verb = clause_of(span[0])
    return any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in verb.children)


def unresolved(published, text: str | None = None) -> dict:
    """No date told: the publication date is the latest it can be, and the best guess."""
    day = published.isoformat() if published else None
    return {"start": day, "end": day, "precision": "unresolved", "text": text}


def place_of(sent: Span, trigger: Token, table: ActorTable, event: Event) -> dict | None:
    """Where it happened; a country that is a side of the event is not its place."""
    from . import where

    actor_chars = set()
    for actor_id in event.source + event.target:
        actor = table.by_id.get(actor_id)
        if actor is not None and actor.kind == "country":
            for m in mentions_starting_in(sent.doc, actor, sent.start_char, sent.end_char):
                named = load_lexicon().lookup(m.text)
                if named is not None and named.kind == "country":
                    actor_chars.update(range(m.start, m.end))  # "Russia", not "Kharkiv" standing for Ukraine
    place = where.event_place(sent, trigger, exclude_chars=actor_chars)
    return place.to_dict() if place is not None else None


def mentions_starting_in(doc: Doc, actor: Actor, start: int, end: int) -> list:
    """The actor's mentions that start in [start, end), by bisection: scanning every mention
    of a much-named country for each event is quadratic. Indexed per Doc and actor; redone
    when the actor gains a mention."""
    index = doc.user_data.setdefault("newswire_mentions_by_start", {})
    entry = index.get(actor.id)
    if entry is None or entry[0] is not actor.mentions or entry[1] != len(actor.mentions):
        ranked = sorted(actor.mentions, key=lambda m: m.start)
        entry = (actor.mentions, len(actor.mentions), [m.start for m in ranked], ranked)
        index[actor.id] = entry
    starts, ranked = entry[2], entry[3]
    return ranked[bisect_left(starts, start):bisect_left(starts, end)]
