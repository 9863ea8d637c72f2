"""Who did it and to whom: the source and target actors of a trigger, from the clause around it."""
from __future__ import annotations

from spacy.tokens import Span, Token
from ...model import Actor, Event
from ..actors import ActorTable, load_lexicon
from ...nlp.docs import entity_at, quotes_near, is_word
from ..quotes import actor_in
from ..quotes.words import SOURCE_PREPOSITIONS
from .clauses import SUBJECT_DEPS, clause_verb_of_noun, is_passive, passive_subject, with_conjuncts
from .frames import Frame, HOSTILE, load_frames, speech_act_cues
from .status import status_of
from .words import WORDS, answered_nouns


PARTNER_TYPES = {"CONSULT"}  # a meeting names its partner; no guessing one from the sentence
PRESS_SECTORS = {"JRN", "MED"}  # the press a speaker talks to is an audience, not a partner or a target
SPEAKING_VERBS = WORDS['speaking_verb']


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
    frame = recoded(trigger, frame, sources, targets)
    if frame is None:
        return None
    if frame.mode == "visit" and not any(official(a) for a in sources):
        return None  # "Chinese tourists visited Vietnam", "the train was traveling to Peshawar": not a political visit
    if not targets and trigger.lemma_.lower() in SIGNING_VERBS and len(sources) < 2:
        return None  # "signed a measure extending his term": a law signed alone, no one's partner
    if not targets and frame.targets and frame.targets[0] != "-" and frame.type not in PARTNER_TYPES and not frame.cameo:
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
    if frame.type == "PROTEST" and status == "hypothetical" and trigger.dep_ == "advcl" \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and status_of(trigger.head) == "occurred":
        status = "occurred"  # "held a sit-in to protest the restrictions": the manual's "gather to protest a policy"
    confidence = 0.45 + 0.15 * bool(targets) + 0.1 * bool(frame.requires) + (0.1 if trigger.pos_ == "VERB" else 0.0)
    return Event(id="", type=frame.type, mode=frame.mode, source=unique_ids(sources), target=unique_ids(targets),
                 status=status, date={}, evidence=evidence_of(sent),
                 confidence=min(confidence, 0.95))


def official(actor: Actor) -> bool:
    """An actor whose visit is a political event (PLOVER manual, CONSULT: "this type of political
    event"): a state, a body, an office holder, or a named person of a country; not civilians or an
    unknown thing."""
    if actor.kind == "group":
        return actor.sector not in (None, "CVL")
    return bool(actor.code or actor.sector)


def recoded(trigger: Token, frame: Frame, sources: list, targets: list) -> Frame | None:
    """The frame as its actors make it read (a call that names, an order to one's own forces,
    leaving an organisation, an attack on the press); None: no event."""
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
    if frame.type == "PROTEST" and trigger.pos_ == "VERB" and trigger.lemma_.lower() == "protest" and any(
            c.dep_ == "ccomp" or c.dep_ == "prep" and c.lower_ == "to" for c in trigger.children):
        # "Kenya protested to Somalia", "a rights group protested that …": PLOVER manual, PROTEST:
        # diplomatic protests, a disagreement presented to an authority, are ACCUSE disapprove
        frame = Frame("ACCUSE", frame.lemma, frame.pos, frame.requires, "disapprove", frame.targets)
    if frame.type == "ASSAULT" and targets and all(t.sector in PRESS_SECTORS for t in targets):
        frame = Frame("ACCUSE", frame.lemma, frame.pos, frame.requires, "disapprove", frame.targets)  # "attacked the Journal"
    return frame


SIGNING_VERBS = WORDS['signing_verb']
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "PROTEST"}


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
                named = [obj, *obj.children, *(g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
                place = next((t for t in named if t.pos_ == "PROPN" and t.ent_type_ in ("GPE", "LOC", "FAC")), None)  # "the city of Kirkuk"
                actor = table.actor_at(place) if place is not None else None
                if actor is None and place is not None:
                    actor = country_of_modifier(place, table) or country_actor_of_place(place, table)
                if actor is not None and actor.kind == "country" and actor.id not in exclude:
                    return [actor]
    return []


def country_actor_of_place(place: Token, table: ActorTable) -> Actor | None:
    """"demonstrated in the northern city of Kirkuk": the country the gazetteer puts the place
    in, where the story names that country as an actor."""
    from ..where import country_of_place
    from ...nlp.docs import entity_at

    ent = entity_at(place.doc, place.i)
    code = country_of_place(ent.text if ent is not None else place.text)
    if code is None:
        return None
    return next((a for a in table.actors if a.kind == "country" and a.code == code and a.id not in table.speakers_only), None)


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
    from ..quotes import reporting_lemmas

    for node in [token, *token.ancestors]:
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.i != trigger.i and node.head.lemma_.lower() in reporting_lemmas() \
                and trigger not in node.subtree:
            return True
    return False


def is_reporter(token: Token, trigger: Token) -> bool:
    """The subject of a reporting verb other than the trigger: the one who tells of the event
    ("Denmark accepted a formula, government officials said") is not its target."""
    from ..quotes import reporting_lemmas

    node = token
    while node.dep_ in ("compound", "amod", "poss", "appos", "conj", "det") and node.head.i != node.i:
        node = node.head
    verb = node.head
    if node.dep_ == "pobj":  # "according to the police"
        return verb.lower_ == "to" and verb.head.lower_ == "according" or verb.lower_ in SOURCE_PREPOSITIONS
    return node.dep_ == "nsubj" and verb.i != trigger.i and verb.lemma_.lower() in reporting_lemmas()


LOCATIVE = WORDS['locative']


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
            return table.event_actor(quote.speaker)
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


def actors_of(token: Token, table: ActorTable) -> list[Actor]:
    sides = both_sides(token, table)
    if sides:
        return sides
    found = []
    for part in with_conjuncts(token):
        national = coordinated_countries(part, table)
        if national:  # "Russian and Chinese diplomats": each modifier is a side
            found.extend(national)
            continue
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
        if prep.dep_ == "prep" and is_word(prep, "of"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":  # the small model calls "Odesa" an ORG at times
                    return country_of_modifier(obj, table)
    return None


def of_members(token: Token, table: ActorTable) -> list[Actor]:
    """The actors of an "of X and Y" phrase under a noun that names none itself."""
    for prep in token.children:
        if prep.dep_ == "prep" and is_word(prep, "of"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return [a for a in (actor_in(table, t) for t in with_conjuncts(obj)) if a is not None]
    return []


SIDES = WORDS['sides_noun']


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
    return country_named(token, table) if token.lower_ in load_lexicon().demonyms else None


def actor_in_phrase(table: ActorTable, token: Token) -> Actor | None:
    """Any actor inside the noun phrase but its clauses: "fighters of the Wagner group"."""
    for t in token.subtree:
        if t.dep_ in ("relcl", "acl", "advcl", "ccomp") or t.pos_ == "PRON" or under_place_prep(t, token) \
                or t.i != token.i and under_prep(t, token, TOPIC_PREPS):
            continue
        actor = table.actor_at(t)
        if actor is None and t.ent_type_ == "NORP" and t.dep_ in ("amod", "compound") and t.i != token.i:
            actor = country_of_word(t, table)  # "restrictions against German goods": Germany's
        if actor is not None:
            return actor
    return None


def country_of_modifier(token: Token, table: ActorTable) -> Actor | None:
    """"proposed Israeli changes": the country a demonym names is the side acted upon;
    "visited Baghdad": a capital stands for its country."""
    lex = load_lexicon()
    if token.pos_ == "PROPN" and token.lower_ not in lex.capitals and token.ent_type_ in ("GPE", "LOC", "FAC", "PERSON", "ORG"):
        from ..where import lookup

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


ANSWERED = answered_nouns()


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


MODIFIER_DEPS = ("amod", "compound", "nmod")


def country_named(token: Token, table: ActorTable, text: str | None = None) -> Actor | None:
    """The country a demonym or a country's own name stands for ("Chinese", "U.S."), as an actor."""
    lex = load_lexicon()
    word = text if text is not None else token.text
    code = lex.demonyms.get(word.lower())
    known = lex.lookup(word) if code is None else None
    if code is None and known is not None and known.kind == "country":
        code = known.code
    if not code or code not in lex.country_names:
        return None
    name = lex.country_names[code]
    return table.add(token.doc, token.i, token.i + 1, name, "country", code, None, key=name.lower())


def coordinated_countries(head: Token, table: ActorTable) -> list[Actor]:
    """Coordinated modifiers distribute over their head (CGEL, coordination of dependents):
    "U.S. and Ukrainian officials" are U.S. officials and Ukrainian officials, two sides."""
    for child in head.children:
        if child.dep_ not in MODIFIER_DEPS or not any(c.dep_ == "conj" for c in child.children):
            continue
        countries = [country_named(t, table) for t in with_conjuncts(child)]
        if len(countries) >= 2 and all(countries) and len({a.code for a in countries}) == len(countries):
            return countries
    return []


def hyphenated_sides(noun: Token, table: ActorTable) -> list[Actor]:
    """"U.S.-Ukraine talks", "Russia-China summit": a hyphenated pair of countries modifying an
    event noun names its two sides (the dyadic compound of news English)."""
    for child in noun.children:
        parts = child.text.split("-") if child.dep_ in MODIFIER_DEPS else []
        if len(parts) == 2 and all(parts):
            countries = [country_named(child, table, part) for part in parts]
            if all(countries) and countries[0].code != countries[1].code:
                return countries
    return []


def between_sides(noun: Token, table: ActorTable):
    """"talks between prison officials and inmate leaders": the first side acts, the other is met."""
    hyphen = hyphenated_sides(noun, table)
    if hyphen:
        return hyphen[:1], hyphen[1:]
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
                if prep.dep_ == "prep" and is_word(prep, "of"):
                    found |= {o.i for o in prep.children if o.i in nouns}
    return found


def source_actors(trigger: Token, table: ActorTable) -> tuple[list[Actor], bool]:
    """Who acts: the subject, the agent of a passive, or the subject of the clause above."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "poss":
                return actors_of(child, table), False
        for child in trigger.children:
            if child.dep_ == "prep" and is_word(child, "by"):
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
                for by in (b for b in obj.children if b.dep_ == "prep" and is_word(b, "by")):
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
            agents = [actor for by in subject.children if by.dep_ == "prep" and is_word(by, "by") and subject.pos_ == "NOUN"
                      for g in by.children if g.dep_ == "pobj" for actor in actors_of(g, table)]
            found = agents or actors_of(subject, table)  # "airstrikes by the Somali army have killed"
            return found or document_issuer(subject, table), False
        if node.dep_ == "relcl":
            return actors_of(node.head, table), False
        if node.head.i == node.i:
            break
        node, steps = node.head, steps + 1
    return actors_just_before(trigger, table), False


def document_issuer(noun: Token, table: ActorTable) -> list[Actor]:
    """"The statement threatened sanctions": a text that speaks for its author (statement_nouns.tsv)
    acts for whoever issued it: its owner ("Blinken's statement", "a statement from the Kremlin"),
    or, with "the", the one who issued one in the sentences just before ("Blinken issued a statement")."""
    from ..quotes.speakers import is_statement, statement_owner

    if not is_statement(noun):
        return []
    owner = statement_owner(noun)
    if owner is not None:
        return actors_of(owner, table)
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
        return []
    doc = noun.doc
    start = max(0, noun.sent.start - 80)
    for token in reversed(doc[start:noun.sent.start]):
        if token.dep_ == "dobj" and token.lemma_.lower() == noun.lemma_.lower():
            subject = next((c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return actors_of(subject, table)
    return []


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


def target_actors(trigger: Token, frame: Frame, table: ActorTable, passive: bool) -> list[Actor]:
    if passive:
        subject = passive_subject(trigger)
        return actors_of(subject, table) if subject is not None else []
    if trigger.dep_ == "relcl" and not any(c.dep_ in ("dobj", "dative") for c in trigger.children) \
            and any(c.dep_ in SUBJECT_DEPS for c in trigger.children):
        found = actors_of(trigger.head, table)  # "12 guards they had held hostage"
        if found:
            return found
    if frame.type == "ACCUSE":
        done_to = condemned_act(trigger)
        if done_to is not None:
            return acts_agent(done_to, table)
    for route in frame.targets:
        found = follow_route(trigger, route, table)
        if found:
            return found
    if frame.targets and frame.targets[0] != "-":
        return objects_anywhere(trigger, table)
    return []


PATIENT_TYPES = {"COERCE", "ASSAULT"}  # event nouns whose possessor or "of" object is who suffered it


def condemned_act(trigger: Token) -> Token | None:
    """"condemned Mhlanga's arrest", "denounced the killing of protesters": the object is an act
    done to someone, so the one accused is its doer, not the possessor (PLOVER ACCUSE: the recipient
    is the one criticized; CAMEO's "CONDEMN * ARREST (OF ^)" pattern)."""
    for child in trigger.children:
        if child.dep_ == "dobj" and child.pos_ == "NOUN":
            types = {f.type for f in load_frames().get((child.lemma_.lower(), "NOUN"), [])}
            if types and types <= PATIENT_TYPES:
                return child
    return None


def acts_agent(noun: Token, table: ActorTable) -> list[Actor]:
    """The doer an act noun names: "the arrest of the journalist by police"."""
    for prep in noun.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ == "by":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return actors_of(obj, table)
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
        if child.dep_ in ("dobj", "dative", "attr") and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in child.children):
            found = actors_of(child, table)  # not "its troops": one's own, moved, not acted on
            if found:
                return found
        if child.dep_ == "prep" and child.lower_ not in ("in", "at", "on", "during", "after", "before", "since", "for", "by"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found = actors_of(obj, table)
                    if found:
                        return found
    return []


def unknown_name(token: Token, table: ActorTable) -> list[Actor]:
    """"accused YChina of supporting propaganda": a proper name no table knows is still the one
    acted on; it is an actor with no code (issue 20: an unresolved side keeps a null code)."""
    if token.pos_ != "PROPN" or token.ent_type_ in ("LOC", "FAC", "NORP", "DATE", "TIME") or not token.text[:1].isupper():
        return []
    words = [t for t in token.subtree if t.dep_ in ("compound", "flat") or t.i == token.i]
    start, end = min(t.i for t in words), max(t.i for t in words) + 1
    name = token.doc[start:end].text
    from ..where import lookup
    if token.ent_type_ == "GPE" and lookup(name) is not None:
        return []  # a place the gazetteer knows: where, not whom (country_of_modifier codes its country)
    return [table.add(token.doc, start, end, name, "organization")]


def follow_route(trigger: Token, route: str, table: ActorTable) -> list[Actor]:
    if route in ("-", ""):
        return []
    if route == "dobj":
        for child in trigger.children:
            if child.dep_ in ("dobj", "dative") or (child.dep_ == "attr" and trigger.pos_ == "AUX"):
                return actors_of(child, table) or unknown_name(child, table)
        return []
    if route == "poss":
        for child in trigger.children:
            if child.dep_ == "poss":
                return actors_of(child, table)
        return []
    if route.startswith("prep:"):
        word = route[5:]
        heads = [trigger] + [c for c in trigger.children if c.dep_ in ("dobj", "prt", "attr")]
        heads += [o for h in list(heads) for p in h.children if p.dep_ == "prep" and is_word(p, "of")
                  for o in p.children if o.dep_ == "pobj"]  # "the recall of the ambassador in Ankara"
        for head in heads:
            for child in head.children:
                if child.dep_ in ("prep", "agent", "dative") and is_word(child, word):
                    for obj in child.children:
                        if obj.dep_ in ("pobj", "pcomp"):
                            return actors_of(obj, table)
    return []
