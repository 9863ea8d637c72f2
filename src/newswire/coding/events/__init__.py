"""Stage 6, events: who did what to whom, in PLOVER.

Triggers come from the verb and noun frames in data/plover/<TYPE>.tsv
(one lexicon per type). For each trigger the parse gives the source
(subject, passive agent, the subject of the clause a noun sits in) and the
target (object or the frame's preposition), both resolved to actors of the
actor table; compound actors stay one event. The status says whether it
happened: negated, hypothetical (urged, hoped for, could), planned (will,
plans to) or occurred. Dates and places come from the when/where stages."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...model import Event
from ...nlp.docs import doc_text, is_word
from ..actors import ActorTable
from .context import DateContext
from .clauses import clause_of
from .locate import locate
from .frames import light_verbs, load_frames, match_frame
from .recipients import apply_recipient_policy
from .merge import (MENTIONED_DEPS, answer_requests, drop_complements, drop_repeats, drop_retold, is_background,
                    merge_purpose_clauses, stated_intentions, told_already)
from .roles import code_event, event_objects
from .words import WORDS
from .speech import condemning_descriptions, describing_verbs, quote_around, speech_acts, urged_requests


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
    describing = describing_verbs(doc)
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
        verbs = [doc[i] for i in describing if sent.start <= i < sent.end]
        sentence_events += condemning_descriptions(verbs, sent, table, sentence_events)
        sentence_events += stated_intentions(sentence_events, table)
        kept = drop_repeats(drop_complements(merge_purpose_clauses(sentence_events)))
        context.enter(sent, doc, needed=bool(kept))
        triggers = frozenset(clause_of(token).i for token, _event in kept)
        for token, event in kept:
            event.date = context.date_for(sent, token)
            if is_background(event, context.own_phrase(token), published) and \
                    not any(not is_background(event, info, published) for info in context.clause_phrases(token)):
                continue  # "in 2023 and again in January": the latest date of its clause decides
            event.location = locate(sent, token, table, event, triggers - {clause_of(token).i})
            event.quote = quote_around(quotes, token)
            if event.status == "occurred" and is_standing_attitude(token, event, quotes, table):
                continue  # a standing attitude, not an act
            if event.status == "occurred" and told_already(token):
                continue  # "violated the signed agreement": the agreement is one told of before, not news
            if event.quote and event.status == "occurred" and token.dep_ in MENTIONED_DEPS and not (token.dep_ == "pobj" and is_word(token.head, "of")):
                continue  # "because of Turkey's policy, like supporting the Brotherhood," said an analyst
            found.append(event)
    answer_requests(found, table)
    found = drop_retold(found)
    found, warnings = apply_recipient_policy(found)
    if article is not None:
        article.warnings.extend(warnings)
    for number, event in enumerate(found, 1):
        event.id = f"e{number}"
    return found


def title_end(doc: Doc) -> int:
    article = doc._.article
    if article is None or not article.paragraphs or not article.title:
        return 0
    start, end = article.paragraphs[0]
    return end if doc_text(doc)[start:end] == article.title else 0



def is_standing_attitude(token, event: Event, quotes: list = (), table: ActorTable | None = None) -> bool:
    """"The group also opposes Chinese investment": a stance verb in the bare simple present, told
    by the writer, states a standing attitude (TimeML STATE), not an act that occurred. So does one
    that a third party describes ("analysts point out that India backs the base"); the actor's own
    side saying it ("we support", "Modi said India backs") expresses the stance, a SUPPORT."""
    if token.tag_ not in ("VBZ", "VBP") or token.lemma_.lower() not in WORDS["stance_state"] \
            or any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return False
    if event.quote is None:
        return True
    quote = next((q for q in quotes if q.id == event.quote), None)
    if quote is None or table is None or quote.speaker is None:
        return False
    speaker = table.by_id.get(quote.speaker)
    sources = [table.by_id[i] for i in event.source if i in table.by_id]
    own_side = speaker is None or quote.speaker in event.source \
        or speaker.code is not None and any(a.code == speaker.code for a in sources)
    return not own_side and not any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in token.children)
