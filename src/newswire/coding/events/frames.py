"""The PLOVER frames: trigger lemmas and what each needs, read from data/plover/<TYPE>.tsv, and the
speech-act cues; matching a token to its frame."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from spacy.tokens import Token
from ...lexicon import coding_language, language_rows, read_tsv, split_multi
from ...plover import QUAD_TYPES, TYPES
from .words import WORDS


@dataclass(frozen=True)
class Frame:
    type: str
    lemma: str
    pos: str
    requires: tuple[str, ...]
    mode: str | None
    targets: tuple[str, ...]
    cameo: bool = False  # a CAMEO verb row: PETRARCH2 reads its target from the verb's object only


def load_frames() -> dict[tuple[str, str], list[Frame]]:
    """(lemma, VERB|NOUN) → frames, the most specific (most required words) first: the English
    frames, and the coding language's own (data/<lang>/plover/frames.tsv) keyed by the English
    lemma its words are read as."""
    return frames_of(coding_language())


@lru_cache(maxsize=None)
def frames_of(language: str) -> dict[tuple[str, str], list[Frame]]:
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
    add_cameo_verbs(index)
    for row in language_rows("plover/frames.tsv", language):
        mode = row["mode"] if row["mode"] not in ("", "-") else None
        requires = tuple(w.lower() for w in row["requires"].split() if w != "-")
        targets = tuple(split_multi(row.get("target"))) or ("dobj",)
        index.setdefault((row["english"], row["pos"]), []).insert(0, Frame(row["type"], row["english"], row["pos"],
                                                                           requires, mode, targets))
    for frames in index.values():
        frames.sort(key=lambda f: -len(f.requires))
    return index


# CAMEO verbs are read for the verbal-conflict quad only (quads.tsv: REQUEST, ACCUSE, REJECT,
# THREATEN), where CAMEO's synonym sets are speech-act verbs whose object is the one spoken to or
# of. SANCTION sits in that quad in the manual's quad table, but its summary and its own section
# call it material: its CAMEO verbs stay out. Left out too: CAMEO 09x (investigate), a set of
# verbs of looking ("look", "scan", "sweep") that PETRARCH2 reads only through its patterns,
# and "need", a modal of necessity (TimeML) that CAMEO files under 100 (demand).
CAMEO_TYPES = frozenset(QUAD_TYPES[3]) - {"SANCTION"}
NO_EVENT = "-"
CAMEO_SKIPPED_CODES = ("09",)
CAMEO_SKIPPED_LEMMAS = frozenset({"need", "necessitate"})


def add_cameo_verbs(index: dict) -> None:
    """CAMEO's verb synonym sets (data/plover/cameo_frames.tsv, generated from PETRARCH2's
    CAMEO.2.0 by scripts/build_cameo_frames.py, each row carrying its CAMEO code), for the
    verbs the hand-written frames lack; their object is the recipient, as in CAMEO."""
    blocking = []
    for row in read_tsv("plover/cameo_frames.tsv"):
        lemma = row["lemma"].lower()
        if row["kind"] == "no_event":  # CAMEO 011, decline comment: no PLOVER event (manual, CAMEO 01 dropped)
            blocking.append(Frame(NO_EVENT, lemma, "VERB", tuple(row["requires"].lower().split()), None, ()))
            continue
        if row["kind"] != "verb" or row["pos"] != "VERB" or row["type"] not in CAMEO_TYPES \
                or row["cameo"].startswith(CAMEO_SKIPPED_CODES) or lemma in CAMEO_SKIPPED_LEMMAS \
                or (lemma, "VERB") in index:
            continue
        mode = row["mode"] if row["mode"] not in ("", "-") else None
        index.setdefault((lemma, "VERB"), []).append(Frame(row["type"], lemma, "VERB", (), mode, ("dobj",), cameo=True))
    for frame in blocking:  # only where a frame would fire: a lemma of no frame needs no block
        if (frame.lemma, "VERB") in index:
            index[(frame.lemma, "VERB")].append(frame)


def match_frame(token: Token, frames) -> Frame | None:
    pos = "NOUN" if token.pos_ == "NOUN" else "VERB" if token.pos_ in ("VERB", "AUX") else None
    if pos is None or token.ent_type_ in ("DATE", "TIME", "PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "WORK_OF_ART", "EVENT"):
        return None  # "In March" is no march, "Strike Force" no strike
    if token.tag_ == "VBN" and any(c.dep_ == "det" for c in token.children):
        return None  # "evacuated the wounded", "the detained": a participle as head names people (CGEL fused head)
    if token.dep_ == "amod" or token.dep_ == "acl" and token.tag_ == "VBN" and not any(c.dep_ == "agent" for c in token.children):
        return None  # "the freed guards", "gang members armed with pistols": descriptions, not events
    if pos == "NOUN" and is_name_given(token):
        return None  # "talks, known as intra-Afghan negotiations": a name for an event told already
    candidates = frames.get((token.lemma_.lower(), pos)) or frames.get((token.lower_, pos))
    if not candidates:
        return easing_frame(token, frames) if pos == "VERB" else None
    if is_describing_participle(token):
        return None  # "opposition figures supporting Gbagbo": who they are, not what they did
    if pos == "VERB" and not in_event_sense(token):
        return None  # "the population continues to decline", "demonstrate the value": another sense
    if pos == "VERB" and candidates[0].type == "REQUEST" and token.lemma_.lower() in intent_verbs() and \
            any(c.dep_ == "xcomp" for c in token.children) and not any(c.dep_ == "dobj" for c in token.children):
        return None  # "is seeking to finalize a deal": an attempt (TimeML I_ACTION), no one is asked
    nearby = nearby_lemmas(token)
    for frame in candidates:
        if all(word in nearby for word in frame.requires) and particles_attached(token, frame):
            return frame if frame.type != NO_EVENT else None  # "declined to comment"
    return None


def is_describing_participle(token: Token) -> bool:
    """A present participle that postmodifies a noun ("opposition figures supporting Gbagbo",
    "influencers praising China") is a reduced relative clause: it says what the noun is, a
    property, not an act told (English grammar: non-finite postmodification). A text that speaks
    for its author stays the act's vehicle: "a resolution urging the government to end …"."""
    from ..quotes.words import speaking_nouns

    return token.doc.lang_ == "en" and token.dep_ == "acl" and token.tag_ == "VBG" \
        and token.head.lemma_.lower() not in speaking_nouns()


COMPLEMENT_DEPS = {"dobj", "xcomp", "ccomp", "nsubjpass", "auxpass", "dative", "prep"}


def in_event_sense(verb: Token) -> bool:
    """The verb in the sense its frame codes, told by its complements (event_words.tsv
    transitive_sense, intransitive_sense, clause_sense, concur_noun: WordNet's senses of one lemma,
    FactBank's source-introducing predicates)."""
    from ..quotes.words import speaking_nouns

    lemma = verb.lemma_.lower()
    deps = {c.dep_ for c in verb.children}
    if lemma in WORDS["transitive_sense"] and not deps & COMPLEMENT_DEPS:
        return False
    if lemma in WORDS["intransitive_sense"] and deps & {"dobj", "ccomp"}:
        return False
    if lemma in WORDS["clause_sense"] and "ccomp" in deps and "dobj" not in deps:
        return False
    if lemma == "agree":  # "agreed with Biden's remark"
        concur = WORDS["concur_noun"] | speaking_nouns()
        return not any(p.dep_ == "prep" and p.lower_ == "with" and any(o.dep_ == "pobj" and o.lemma_.lower() in concur
                                                                        for o in p.children) for p in verb.children)
    return True


EASING_VERBS = WORDS['easing_verb']
RESTRICTIONS = {"COERCE", "SANCTION"}


def easing_frame(verb: Token, frames) -> Frame | None:
    """Easing a restriction is a CONCEDE (PLOVER manual, CONCEDE: "easing of administrative or
    legal restrictions ..., removing curfews"): a verb of easing whose object is a COERCE or
    SANCTION noun ("shortened the nightly curfew", "cancelled restrictions on the Russian language")."""
    if verb.lemma_.lower() not in EASING_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.pos_ == "NOUN":
            types = {f.type for f in frames.get((child.lemma_.lower(), "NOUN"), [])}
            if types and types <= RESTRICTIONS:
                return Frame("CONCEDE", verb.lemma_.lower(), "VERB", (), None, ("prep:on", "prep:in", "prep:against", "prep:of"))
    return None


@lru_cache(maxsize=1)
def intent_verbs() -> frozenset[str]:
    """TimeML's I_ACTION verbs of intent and attempt (data/lexicon/factuality_cues.tsv, class intent)."""
    return frozenset(r["lemma"] for r in read_tsv("lexicon/factuality_cues.tsv") if r["class"] == "intent")


NAMING_VERBS = WORDS['naming_verb']


def is_name_given(noun: Token) -> bool:
    """The noun is what something is called: "known as X", "dubbed X", "what it called X"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "as":
        head = head.head
    elif noun.dep_ not in ("oprd", "attr", "dobj"):
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in NAMING_VERBS and (noun.dep_ != "dobj" or head.tag_ == "VBN")


PARTICLES = WORDS['particle']


def particles_attached(token: Token, frame: Frame) -> bool:
    """A phrasal verb's particle belongs to the verb and follows it ("gave in", "forced UNHCR out of
    the country"), not a phrase near it ("In the statement, the group gave authorities 48 hours"):
    a dependent of the verb after it, or the word right after it (CGEL, phrasal verbs)."""
    if frame.pos != "VERB":
        return True
    for word in frame.requires:
        if word in PARTICLES and not (any(c.i > token.i and c.lower_ == word for c in token.children)
                                      or token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == word):
            return False
    return True


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


@lru_cache(maxsize=1)
def light_verbs() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_tsv("lexicon/light_verbs.tsv"))


COOPERATIVE = frozenset(QUAD_TYPES[1] + QUAD_TYPES[2])  # verbal and material cooperation
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}


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
