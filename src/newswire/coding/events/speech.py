"""Speech acts as events: urging, demanding, accusing, praising, and what a quote's verb does to whom."""
from __future__ import annotations

from spacy.tokens import Span, Token
from ...model import Actor, Event
from ..actors import ActorTable
from ...nlp.docs import quotes_near, sentence_quotes
from .clauses import SUBJECT_DEPS, clause_of
from .frames import speech_act_cues
from .roles import FIRST_PERSON, PRESS_SECTORS, actors_of, country_of_word, evidence_of, in_place_phrase, is_political, unique_ids
from .status import COMMITMENT_AUX
from .words import WORDS


URGING_MODALS = WORDS['urging_modal']
GENERIC_DETERMINERS = WORDS['generic_determiner']
DESCRIBING_VERBS = WORDS['describing_verb']


def urged_requests(sent: Span, table: ActorTable, quotes: list) -> list[tuple[Token, Event]]:
    """"Mr. Putin can do the right thing now, … get his troops out" and "said Sudan must
    return the helicopter": what a speaker says another actor must or can do is a REQUEST.
    The one asked is a named actor: "people should allow the court process", "each company
    must fend for itself" state a general view, not an appeal to anyone (PLOVER REQUEST)."""
    out = []
    for quote in sentence_quotes(sent, quotes):
        if quote.speaker is None or not any(sent.start_char <= s < sent.end_char for s, _ in quote.spans):
            continue
        speaker = table.event_actor(quote.speaker)
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
            if token.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in token.children):
                continue  # "must have given the orders": a modal with the perfect is a deduction, not a demand
            subject = next((c for c in holder.children if c.dep_ == "nsubj"), None)
            if subject is None or subject.lower_ in ("i", "we", "you", "it", "this", "that", "there") \
                    or any(c.dep_ == "det" and c.lower_ in GENERIC_DETERMINERS for c in subject.children):
                continue  # "each company must fend for itself": a rule for any, an appeal to no one
            targets = [a for a in actors_of(subject, table) if a.id != quote.speaker and a.kind != "group"]
            if not targets or speaker is None or not is_political([speaker] + targets):
                continue
            if modal.lower_ == "can" and all(a.kind == "country" and a.code == speaker.code for a in targets):
                continue  # "Ukraine can sit down and negotiate," says its president: an offer, not a request
            event = Event(id="", type="REQUEST", source=[speaker.id], target=unique_ids(targets), status="occurred",
                          date={}, evidence=evidence_of(sent), confidence=0.55)
            out.append((token, event))
            break
    return out


def speech_acts(sent: Span, table: ActorTable, quotes: list, found: list[tuple[Token, Event]]) -> list[tuple[Token, Event]]:
    """What a speaker says can itself be the act: condemning words are an ACCUSE ("Putin is the
    aggressor"), "or face sanctions" a THREATEN, "we will not bend" a REJECT. The target is the
    actor the words are about, named in the quote; an ACCUSE or THREATEN needs one."""
    lemmas, phrases = speech_act_cues()
    out = []
    for quote in sentence_quotes(sent, quotes):
        speaker = table.event_actor(quote.speaker)
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


def condemning_descriptions(verbs: list[Token], sent: Span, table: ActorTable,
                            found: list[tuple[Token, Event]]) -> list[tuple[Token, Event]]:
    """"described the plan as a strategic disaster", "called the American sanctions illegal",
    "labeled the strikes a war crime": to name another's act with condemning words
    (speech_acts.tsv ACCUSE cues) is to criticize it (PLOVER ACCUSE disapprove, CAMEO 111);
    the target is the actor of the thing described. `verbs`: the sentence's describing verbs."""
    from .roles import source_actors
    from .status import status_of

    lemmas, phrases = speech_act_cues()
    out = []
    for verb in verbs:
        if verb.pos_ != "VERB":
            continue
        described = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        predicate = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp")]
        predicate += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "as" for o in p.children if o.dep_ == "pobj"]
        if described is None and predicate and predicate[0].dep_ == "ccomp":  # "called the sanctions illegal", parsed as a clause
            described = next((c for c in predicate[0].children if c.dep_ in SUBJECT_DEPS), None)
        if described is None or not predicate:
            continue
        words = [t for p in predicate for t in p.subtree if described not in t.ancestors and t.i != described.i]
        text = " " + " ".join(t.lower_ for t in words) + " "
        if not any(lemmas.get(t.lemma_.lower()) == "ACCUSE" and not negated_word(t) for t in words) \
                and not any(act == "ACCUSE" and phrase in text for phrase, act in phrases):
            continue
        sources, _passive = source_actors(verb, table)
        targets = [a for t in described.subtree if (a := table.actor_at(t) or (country_of_word(t, table) if t.ent_type_ == "NORP" else None))
                   and a.id not in {s.id for s in sources} and (a.code or a.sector) and a.sector not in PRESS_SECTORS]
        if not sources or not targets or any(e.type == "ACCUSE" and e.source == unique_ids(sources) for _t, e in found + out):
            continue
        event = Event(id="", type="ACCUSE", mode="disapprove", source=unique_ids(sources), target=unique_ids(targets[:1]),
                      status=status_of(verb), date={}, evidence=evidence_of(sent), confidence=0.5)
        out.append((verb, event))
    return out


def describing_verbs(doc) -> list[int]:
    """The indices of the Doc's tokens whose lemma is a describing verb: one array lookup of the
    lemma hashes per Doc, not a Python loop over its tokens."""
    import numpy
    from spacy.attrs import LEMMA

    wanted = numpy.array([doc.vocab.strings.add(w) for w in DESCRIBING_VERBS], dtype="uint64")
    return numpy.nonzero(numpy.isin(numpy.asarray(doc.to_array([LEMMA])).reshape(-1), wanted))[0].tolist()


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
