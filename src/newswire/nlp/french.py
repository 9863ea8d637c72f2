"""What French grammar puts where the UD reading (ud.py) alone would mislead the English stages.

- An incise, the reporting clause set after or inside a quote, inverts its subject (Grevisse,
  Le Bon Usage §379): « … », a déclaré M. Akar. The parser reads "M. Akar" as the object; it is
  the subject. (« … », a-t-il ajouté: "-il" is read as the subject already, expl:subj.)
- A modal verb (pouvoir, devoir) heads its infinitive in UD (« Washington pourrait imposer … »);
  in English the modal is an auxiliary of the verb ("could impose"), which is what the status
  rules read: the infinitive takes the modal's place and the modal becomes its `aux`."""
from __future__ import annotations

from functools import lru_cache

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import read_tsv

INCISE_OPENERS = {",", "»", "”", '"', "—", "–"}
# a bare day or time word after an incise's verb is when, not who: « … », a déclaré dimanche X
# (the day names of CLDR's French calendar)
TIME_WORDS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
                        "aujourd'hui", "demain", "mardi soir", "soir", "matin", "également", "encore"})
EUPHONIC_T = frozenset({"-t", "-t-"})  # "a-t-il": the t of euphony (Grevisse §766), no pronoun


@lru_cache(maxsize=1)
def lemma_roles() -> dict[str, set[str]]:
    """role → French lemmas (fr/lexicon/lemmas.tsv); `reporting` also holds every French verb read as an
    English reporting verb (lexicon/reporting_verbs.tsv: "accuser" as "accuse")."""
    roles: dict[str, set[str]] = {}
    english = {row["lemma"] for row in read_tsv("lexicon/reporting_verbs.tsv")}
    for row in read_tsv("fr/lexicon/lemmas.tsv"):
        roles.setdefault(row["role"], set()).add(row["lemma"])
        if row["pos"] == "VERB" and row["english"] in english:
            roles.setdefault("reporting", set()).add(row["lemma"])
    return roles


def incise_subjects(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """The object after a reporting verb that opens an incise is its subject."""
    reporting = lemma_roles()["reporting"]
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in reporting:
            continue
        children = [t for t in doc if heads[t.i] == verb.i and t.i != verb.i]
        for c in children:
            if c.lower_ in EUPHONIC_T:
                deps[c.i] = "dep"
        first = min([verb.i] + [c.i for c in children if (deps[c.i] in ("aux", "auxpass") or c.lower_ in EUPHONIC_T
                                                          or c.text.startswith("-")) and c.i < verb.i])
        if first == 0 or doc[first - 1].text not in INCISE_OPENERS:
            continue
        inside = [c for c in children if c.i < first - 1]  # words of the quote the parser hung on the verb
        if any(deps[c.i] in ("nsubj", "nsubjpass") and first <= c.i < verb.i for c in children):
            for c in inside:  # "a-t-il ajouté": the inverted pronoun is the subject already
                if deps[c.i] in ("nsubj", "nsubjpass"):
                    deps[c.i] = "dep"
            continue
        after = [c for c in children if c.i > verb.i and deps[c.i] in ("dobj", "nsubj", "npadvmod", "dep", "appos")
                 and c.pos_ in ("PROPN", "NOUN")]
        after = [g for c in after for g in ([c] if c.lower_ not in TIME_WORDS else  # "dimanche Akhundzada"
                                            [t for t in doc if heads[t.i] == c.i and t.pos_ == "PROPN"])]
        subject = next((c for c in after if c.pos_ == "PROPN"), None) or next(iter(after), None) \
            or person_after(doc, verb, heads, deps)
        if subject is not None:
            heads[subject.i] = verb.i
            for c in children:
                if deps[c.i] in ("nsubj", "nsubjpass") and c.i != subject.i:
                    deps[c.i] = "dep"
            deps[subject.i] = "nsubj"


def person_after(doc: Doc, verb, heads: list[int], deps: list[str]):
    """The person the NER names right after an incise's verb, before its clause ends, when the parse
    hung the name elsewhere (« … », a déclaré Michael McCaul, en référence …): its last word, the
    other words of the name hung on it."""
    end = next((t.i for t in doc[verb.i + 1:] if t.text in (",", ".", ";", "«")), len(doc))
    entity = next((e for e in doc.ents if verb.i < e.start < end and e.label_ == "PER"), None)
    if entity is None or any(deps[t.i] == "pobj" for t in doc[verb.i + 1:entity.start]):
        return None  # a name inside "à VOA …" is the hearer's
    last = doc[entity.end - 1]
    for token in entity[:-1]:
        heads[token.i], deps[token.i] = last.i, "compound"
    return last


def modal_auxiliaries(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """pouvoir/devoir + infinitive: the infinitive heads, the modal is its aux (tagged MD)."""
    modals = lemma_roles()["modal"]
    for modal in doc:
        if modal.lemma_.lower() not in modals or modal.pos_ not in ("VERB", "AUX"):
            continue
        verb = next((c for c in modal.children if deps[c.i] == "xcomp" and c.pos_ == "VERB"
                     and "Inf" in c.morph.get("VerbForm")), None)
        if verb is None:
            continue
        for child in doc:
            if heads[child.i] == modal.i and child.i != verb.i and child.i != modal.i:
                heads[child.i] = verb.i
        heads[verb.i], deps[verb.i] = (verb.i if heads[modal.i] == modal.i else heads[modal.i]), deps[modal.i]
        heads[modal.i], deps[modal.i] = verb.i, "aux"


def quote_sentences(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """A sentence the parser cut at a guillemet joins its neighbour: « alone joins the sentence it
    opens; a sentence that begins with », a comma or a small letter after a » joins the one before
    (« … ? », a lancé X: the incise belongs to its quote). Never across a paragraph break."""
    sents = list(doc.sents)
    joined: dict[int, int] = {}
    for k, sent in enumerate(sents):
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        if all(t.is_punct for t in words) and words[0].text == "«" and k + 1 < len(sents):
            other = k + 1
        elif k > 0 and (words[0].text in ("»", ",") or words[0].text[:1].islower() and sents[k - 1][-1].text == "»"
                        or all(t.is_punct for t in words)):
            other = k - 1
        else:
            continue
        edge = doc[sent.start - 1] if other < k else sent[-1]
        if "\n" in edge.text_with_ws or joined.get(other) == k:
            continue
        joined[k] = other
        heads[sent.root.i], deps[sent.root.i] = sents[other].root.i, "punct" if len(words) == 1 else "parataxis"


# the words of French negation (Grevisse §1015-1023: ne … pas, jamais, guère), read as ClearNLP's `neg`
NEGATION = frozenset({"ne", "n'", "n’", "pas", "jamais", "guère", "nullement", "aucunement"})


def negations(doc: Doc, heads: list[int], deps: list[str]) -> None:
    for token in doc:
        if token.lower_ in NEGATION and deps[token.i] == "advmod":
            deps[token.i] = "neg"


GRAMMAR = (quote_sentences, incise_subjects, modal_auxiliaries, negations)


@Language.component("newswire_guillemets")
def guillemet_sentences(doc: Doc) -> Doc:
    """Before the parser: no sentence starts inside « guillemets » at their edges, nor at the incise
    after them. fr_core_news_sm, trained on text with few quotes, cuts « alone, » alone and
    "», a déclaré X" off the quote, and the attribution of the quote is then out of its reach."""
    column = doc.to_array([SENT_START]).astype("int64")  # 1 starts a sentence, -1 does not, 0 the parser says
    for token in doc[1:]:
        before = doc[token.i - 1]
        if column[token.i] == 1 or "\n" in before.text_with_ws:
            continue
        if before.text == "«" or token.text == "»" or before.text == "»" and (token.is_punct or token.text[:1].islower()):
            column[token.i] = -1
    doc.from_array([SENT_START], column.view("uint64"))
    return doc
