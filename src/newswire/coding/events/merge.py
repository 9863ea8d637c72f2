"""The events of one story weighed together: background and retold events dropped, repeats and
complements merged, requests answered, intentions stated."""
from __future__ import annotations

from spacy.tokens import Token
from ...model import Actor, Event
from ..actors import ActorTable
from .clauses import clause_verb_of_noun, governs
from .frames import COOPERATIVE, HOSTILE
from .status import COMMITMENT_AUX, is_question, load_status_cues
from .words import WORDS


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
COMMITMENT_HEADS = WORDS['commitment_head']
STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "PTY", "OPP", "PRM", "IGO"}


def stated_intentions(events: list[tuple[Token, Event]], table: ActorTable) -> list[tuple[Token, Event]]:
    """PLOVER codes what an actor says it will do: "Finland will give Tanzania a grant" is an
    AGREE today, "Nigeria will withdraw its force unless …" a THREATEN, "Syria will not
    accept more refugees" a REJECT. The planned act itself stays, flagged as planned."""
    out = []
    for token, event in events:
        if event.status not in ("planned", "hypothetical", "negated") or is_question(token) or not commits(token):
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
    from ..quotes import reporting_lemmas, speaker_of

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
    if any(c.dep_ == "aux" and c.lower_ in POSSIBILITY_AUX for c in node.children) and (warned(node) or conditioned(node)):
        # "hinted that it could retaliate", "could impose sanctions if Ankara activates the system":
        # a warning of what one may do, or what one may do on a condition, is a threat (PLOVER THREATEN)
        return True
    return node.dep_ == "xcomp" and (node.head.lower_ in COMMITMENT_HEADS or node.head.lemma_.lower() in COMMITMENT_HEADS)


POSSIBILITY_AUX = WORDS['possibility_aux']
WARNING_VERBS = WORDS['warning_verb']


def conditioned(clause: Token) -> bool:
    """The clause carries a condition of its own ("… if Ankara activates the system", "unless …")."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in clause.children)


def warned(clause: Token) -> bool:
    """The clause is what a verb of warning reports ("warned that it may respond")."""
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in WARNING_VERBS


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
