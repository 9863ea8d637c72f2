"""Reported speech: the clauses reporting verbs report ("said that …", "according to X")."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ...nlp.docs import doc_text
from .finder import QuoteFinder
from .nouns import claim_clause, claim_owner
from .speakers import subject_of
from .text import cut_at_missed_sentence, lead_end
from .words import (
    COMPLEMENTIZERS,
    cue_text,
    source_preposition,
    CLAUSE_VERBS,
    COGNITION_LEMMAS,
    HEARER_FIRST,
    QUESTION_WORDS,
    RELATIVE_PRONOUNS,
    REQUEST_LEMMAS,
    SPEAKER_DEPS,
    SPEECH_ACT_LEMMAS,
    reporting_lemmas,
    statement_nouns,
)


@dataclass
class Report:
    """A clause a reporting verb reports, found before the direct quotes are assembled."""

    start: int
    end: int
    verb: Token
    cue: str
    mixed: bool = False
    gap: tuple[int, int] | None = None  # a parenthetical attribution inside the clause (", he said,")
    owner: Token | None = None  # a noun cue's speaker ("his claim that …": his)


def reported_clauses(finder: QuoteFinder, body_start: int) -> list[Report]:
    doc = finder.doc
    reports: list[Report] = []
    for token in doc:
        if token.idx < body_start or finder.is_quoted(token):
            continue
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in reporting_lemmas() \
                and token.lemma_.lower() not in COGNITION_LEMMAS:
            report = reported_clause(finder, token)
        elif source_preposition(token) is not None:
            report = according_to(finder, token)
        elif token.pos_ == "NOUN" and claim_clause(token) is not None:
            report = noun_report(finder, token)
        else:
            continue
        if report is not None:
            reports.append(report)
    return reports


def add_reported(finder: QuoteFinder, report: Report) -> None:
    if finder.overlaps(report.start, report.end):
        return  # a direct quote already holds it
    speaker, phrase = finder.who(report.verb) if report.owner is None else finder.who_is(report.owner)
    if report.owner is not None and speaker is None and phrase is None:
        return  # a claim nobody is said to have made
    if speaker is None and phrase is None and subject_of(report.verb) is None and source_preposition(report.verb) is None:
        return  # nobody is said to have said it; "he said …" with no one to be "he" still is a quote
    has_marks = report.mixed or any(ch in doc_text(finder.doc)[report.start:report.end] for ch in "“”\"«»")
    parts = [(report.start, report.end)] if report.gap is None else \
        [(report.start, report.gap[0]), (report.gap[1], report.end)]
    finder.add("mixed" if has_marks else "indirect", parts, speaker, report.cue, phrase)


def reported_clause(finder: QuoteFinder, verb: Token) -> Report | None:
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not say whether he would sign": nothing was said
    clause = clause_reported_by(verb)
    if clause is not None:
        if is_question_or_request(verb, clause):
            return None
        tokens = told_frame(verb, clause)
        if not tokens and not any(t.dep_ in SPEAKER_DEPS for t in clause.children) and clause.pos_ != "VERB":
            return None
        tokens = tokens or list(clause.subtree)
        tokens = cut_at_next_report([t for t in tokens if t.i > verb.i] or tokens, verb)
        tokens = cut_narration_tail(tokens)
    else:
        tokens = surface_clause(verb)
        if not tokens:
            return parenthetical(verb)
    while tokens and (tokens[0].lower_ in ("that",) and not is_demonstrative_subject(tokens[0])
                      or tokens[0].lower_ in COMPLEMENTIZERS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in "”\"»":
        tokens = tokens[:-1]
    if len(tokens) < 3:
        return None
    if tokens[0].is_sent_start:  # "01/28/2023 | 11:11am EST LIMA (Newswire) - Peruvian police cleared …, the ministry said"
        words_at = lead_end(doc_text(finder.doc), tokens[0].idx)
        tokens = [t for t in tokens if t.idx >= words_at]
    tokens = cut_at_missed_sentence(tokens, finder.table)
    if len(tokens) < 3:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = doc_text(finder.doc)
    if text[end - 1:end] in "”\"»" and not any(ch in text[start:end - 1] for ch in "“\"«"):
        end -= 1  # a closing mark of a quote the clause only ends in
    return Report(start, end, verb, verb.lower_)


def is_demonstrative_subject(that: Token) -> bool:
    """"said that was a natural part of it": "that" the clause's subject (a pronoun the verb
    follows at once), not its complementizer."""
    return that.dep_ in SPEAKER_DEPS and that.i + 1 < len(that.doc) and that.doc[that.i + 1].pos_ in ("AUX", "VERB")


NARRATION_TAILS = {"relcl": ("which",), "advcl": ("while", "whereas")}


def cut_narration_tail(tokens: list[Token]) -> list[Token]:
    """"said he was being sarcastic, which raised concerns among experts", "argue the system is
    rigged, while her rival soared in the polls": a clause-final non-restrictive "which" clause
    or contrastive "while" clause, set off by a comma, is the reporter's comment on what was
    said, not part of it (PolNeAR's content spans; PARC's attribution content)."""
    if not tokens:
        return tokens
    doc, last = tokens[0].doc, tokens[-1].i
    for k, token in enumerate(tokens):
        edge = token.left_edge
        if token.dep_ in NARRATION_TAILS and edge.lower_ in NARRATION_TAILS[token.dep_] and edge.i > tokens[0].i \
                and doc[edge.i - 1].text == "," and token.right_edge.i >= last - 1:
            return [t for t in tokens if t.i < edge.i - 1]
    return tokens


def parenthetical(verb: Token) -> Report | None:
    """"A more important question, he said, is …": the attribution set off by commas
    inside the sentence it reports; the quote is the sentence around it."""
    if verb.dep_ != "parataxis" or subject_of(verb) is None:
        return None
    first, last = verb.left_edge, verb.right_edge
    doc, sent = verb.doc, verb.sent
    if first.i == sent.start or doc[first.i].text != "," or doc[last.i].text != ",":
        return None
    words = [t for t in sent if not t.is_punct]
    if len(words) - (last.i - first.i) < 5:
        return None
    end_token = sent[-1] if not sent[-1].is_punct else sent[-2]
    return Report(sent[0].idx, end_token.idx + len(end_token), verb, verb.lower_,
                  gap=(first.idx, last.idx + 1))


def is_question_or_request(verb: Token, clause: Token) -> bool:
    """"asked why they were not deported", "asking that her name not be used": not statements;
    "said if elected he could work with them" is a statement whose "if" opens a condition."""
    first = next(iter(clause.subtree))
    if first.lower_ in QUESTION_WORDS and not (first.lower_ == "if" and first.head.i != clause.i) or any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children):
        return True
    return verb.lemma_.lower() in REQUEST_LEMMAS


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECT_START_TAGS = frozenset({"DT", "PRP", "PRP$", "NNP", "NNPS", "NN", "NNS", "CD", "JJ", "EX"})


def surface_clause(verb: Token) -> list[Token]:
    """Reported speech the parse missed, read from the surface: `X said (that) CLAUSE`
    (including "told reporters that …"), or a postposed `CLAUSE, X said.`"""
    if verb.lemma_.lower() not in CLAUSE_VERBS or not any(c.dep_ in SPEAKER_DEPS for c in verb.children):
        return []
    sent = verb.sent
    after = [t for t in sent if t.i > verb.i]
    i = 0
    if verb.lemma_.lower() in HEARER_FIRST:  # the hearer comes first
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i), None)
        if obj is None:
            return []
        i = hearer_end(obj) - verb.i
    tail = after[i:]
    that = next((k for k, t in enumerate(tail[:5]) if (t.lower_ == "that" or t.lower_ in COMPLEMENTIZERS)
                 and not t.is_punct), None)
    if that is not None and all(not t.is_punct or t.text == "," for t in tail[:that]):
        tail = tail[that + 1:]  # "said in a statement that …", "told reporters on Monday that …"
    elif not (tail and tail[0].tag_ in SUBJECT_START_TAGS and finite_within(tail, 10)):
        tail = []
    if tail and not tail[0].is_punct and has_finite_verb(tail) and tail[0].lower_ not in QUESTION_WORDS:
        return cut_at_next_report(tail, verb)
    subject = next(c for c in verb.children if c.dep_ in SPEAKER_DEPS)
    before = [t for t in sent if t.i < subject.left_edge.i]
    if before and before[-1].text == "," and has_finite_verb(before[:-1]) \
            and before[0].tag_ not in ("IN", "WRB") and before[0].dep_ != "mark":
        return before[:-1]  # "The talks failed, officials said.", not "Before X was elected, he wrote …"
    return []


def hearer_end(hearer: Token) -> int:
    """The last word of a hearer: "told an interviewer he thought of …" ends at "interviewer",
    whatever the parse says, since a clause hung on the hearer with no relative word is the
    report itself, not a relative clause ("the interviewer who …" would have one)."""
    tokens = [hearer]
    for child in hearer.children:
        if child.dep_ == "relcl" and child.i > hearer.i and child.left_edge.lower_ not in RELATIVE_PRONOUNS \
                and child.left_edge.lower_ != "that":
            continue
        tokens.extend(child.subtree)
    return max(t.i for t in tokens)


def has_finite_verb(tokens: list[Token]) -> bool:
    return any(t.tag_ in FINITE_TAGS for t in tokens)


def finite_within(tokens: list[Token], n: int) -> bool:
    """A finite verb among the first n words, with no comma before it: a clause, not a list."""
    for token in tokens[:n]:
        if token.tag_ in FINITE_TAGS:
            return True
        if token.text in ",;:" or token.pos_ == "ADP":
            return False
    return False


def cut_at_next_report(tokens: list[Token], verb: Token | None = None) -> list[Token]:
    """Stop before a second attribution in the same sentence ("…, he added, and …"; "told
    the AP her group never worked with him and said the group …": a second report), also
    when the parse hung it on the reported clause ("said she would not resign and predicted
    that …": a reporting verb with no subject of its own is the speaker's next act)."""
    for k, token in enumerate(tokens):
        if token.text == ";":
            return tokens[:k]
        if verb is not None and token.dep_ == "conj" and k > 0 and (
                token.head.i == verb.i or second_report(token, verb)):
            cut = k - 1 if tokens[k - 1].dep_ == "cc" else k
            while cut > 0 and tokens[cut - 1].is_punct:
                cut -= 1
            return tokens[:cut]
    return tokens


def second_report(token: Token, verb: Token) -> bool:
    """A conjunct of the reported clause's verb that is itself a reporting verb or a verb of
    naming or judging (quote_words.tsv speech_act_verb), without a subject of its own, in the
    reporting verb's tense ("said …, and predicted", "says … and says", "says he respects
    Clinton and calls her …")."""
    lemma = token.lemma_.lower()
    return token.pos_ == "VERB" and (lemma in reporting_lemmas() or lemma in SPEECH_ACT_LEMMAS) \
        and lemma not in COGNITION_LEMMAS and token.tag_ == finite_tag(verb) \
        and not any(c.dep_ in SPEAKER_DEPS for c in token.children) and token.head.i != token.i


def finite_tag(verb: Token) -> str:
    """The verb's tense, from its "do" auxiliary where it has one ("did say" is past as
    "said" is, "does say" present as "says")."""
    do = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_.lower() == "do"), None)
    return do.tag_ if do is not None and do.tag_ in ("VBD", "VBZ", "VBP") else verb.tag_


def told_frame(verb: Token, clause: Token) -> list[Token]:
    """"He told POLITICO Florida the state's standards are not perfect", "Murphy told me he's
    had …": a hearer-first verb whose clause the parse split (its subject taken for an object,
    or the clause cut in two ccomps): the clause runs from the first word after the hearer to
    the end of the last complement."""
    if verb.lemma_.lower() not in HEARER_FIRST or clause.i < verb.i:
        return []
    parts = [c for c in verb.children if c.i > verb.i and c.dep_ in ("ccomp", "dobj")]
    hearer = next((c for c in verb.children if c.dep_ in ("dative", "dobj") and c.i > verb.i), None)
    if hearer is None or len(parts) < 2 and any(t.dep_ in SPEAKER_DEPS for t in clause.children):
        return []
    rest = [c for c in parts if c.i > hearer.right_edge.i]
    if not rest or clause not in rest:
        return []
    start, end = rest[0].left_edge.i, max(c.right_edge.i for c in rest if c.dep_ == "ccomp")
    return list(verb.doc[start:end + 1])


def clause_reported_by(verb: Token) -> Token | None:
    """The clause a reporting verb reports: its complement after it ("Kyiv said the strike
    showed …", not the "Moscow said …" the parse hung on it), or the "that" clause of its
    "in a statement" ("said in a statement that …")."""
    ccomps = [c for c in verb.children if c.dep_ == "ccomp"
              and not (c.i < verb.i and any(g.dep_ == "ccomp" for g in c.children))]  # another report
    if ccomps:
        return ccomps[0]
    for prep in verb.children:
        if prep.dep_ == "prep":
            for obj in prep.children:
                if obj.lemma_.lower() not in statement_nouns():
                    continue  # "asked about reports that …" reports nothing said
                for clause in obj.children:
                    if clause.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children):
                        return clause
    return None


def according_to(finder: QuoteFinder, according: Token) -> Report | None:
    sent = according.sent
    phrase = [t for t in according.subtree] or [according]
    p_start, p_end = phrase[0].i, phrase[-1].i + 1
    before = [t for t in sent if t.i < p_start]
    after = [t for t in sent if t.i >= p_end]
    part = before if len(before) >= len(after) else after
    while part and (part[0].is_punct or part[0].is_space):
        part = part[1:]
    while part and (part[-1].is_punct or part[-1].is_space):
        part = part[:-1]
    if len(part) < 4:
        return None
    return Report(part[0].idx, part[-1].idx + len(part[-1]), according, cue_text(according))


def noun_report(finder: QuoteFinder, noun: Token) -> Report | None:
    """"his earlier claim that Crutcher had refused …": the clause, said by the claim's owner."""
    if finder.is_quoted(noun) or any(c.dep_ == "neg" or c.lower_ in ("no", "without") for c in noun.children):
        return None
    owner = claim_owner(noun)
    clause = claim_clause(noun)
    if owner is None or clause is None:
        return None
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i and t.lower_ == "that")]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if len(tokens) < 3:
        return None
    return Report(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), noun, noun.lower_, owner=owner)
