"""What French grammar puts where the UD reading (ud.py) alone would mislead the English stages.

- An incise, the reporting clause set after or inside a quote, inverts its subject (Grevisse,
  Le Bon Usage §379): « … », a déclaré M. Akar. The parser reads "M. Akar" as the object; it is
  the subject. (« … », a-t-il ajouté: "-il" is read as the subject already, expl:subj.)
- A modal verb (pouvoir, devoir) heads its infinitive in UD (« Washington pourrait imposer … »);
  in English the modal is an auxiliary of the verb ("could impose"), which is what the status
  rules read: the infinitive takes the modal's place and the modal becomes its `aux`."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from ..lexicon import read_tsv

INCISE_OPENERS = {",", "»", "”", '"', "—", "–"}


@lru_cache(maxsize=1)
def lemma_roles() -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for row in read_tsv("fr/lexicon/lemmas.tsv"):
        roles.setdefault(row["role"], set()).add(row["lemma"])
    return roles


def incise_subjects(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """The object after a reporting verb that opens an incise is its subject."""
    reporting = lemma_roles()["reporting"]
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in reporting:
            continue
        children = [t for t in doc if heads[t.i] == verb.i and t.i != verb.i]
        if any(deps[c.i] in ("nsubj", "nsubjpass") and c.i < verb.i for c in children):
            continue
        first = min([verb.i] + [c.i for c in children if deps[c.i] in ("aux", "auxpass") and c.i < verb.i])
        if first == 0 or doc[first - 1].text not in INCISE_OPENERS:
            continue
        after = next((c for c in children if c.i > verb.i and deps[c.i] in ("dobj", "nsubj")), None)
        if after is not None and doc[after.i].pos_ in ("PROPN", "NOUN", "PRON"):
            for c in children:
                if deps[c.i] == "nsubj" and c.i < verb.i:
                    deps[c.i] = "dep"
            deps[after.i] = "nsubj"


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


GRAMMAR = (incise_subjects, modal_auxiliaries)
