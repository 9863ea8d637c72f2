"""The words and thresholds the quote finder reads (lexicon TSVs under data/lexicon)."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from ...lexicon import read_tsv, words_by

DOUBLE_MARKS = set('“”"„«»')
OPENING_GLYPHS = set("“„«")
CLOSING_GLYPHS = set("”»")
SPEAKER_DEPS = ("nsubj", "nsubjpass")
MIN_DIRECT_WORDS = 4  # shorter quoted runs are scare quotes, titles or nicknames…
TRAILING = " ,;:-–—"
SENTENCE_END = re.compile(r"[.!?…](?:[”\"’)\]]*)\s+(?=[“\"‘(\[]?[A-Z0-9])")
COLLAPSED_CHARS = 1200  # a paragraph this long is several paragraphs run together (feeds, APIs)
ATTRIBUTION_WORDS = 40  # the most words an attribution between two quoted runs may have: one sentence,
# its speaker's appositive and relative clause included ("said X, an associate professor of … and the editor of …")
WINDOW = 40  # tokens searched around a quote for its reporting verb: keeps the search linear


def source_preposition(token: Token) -> Token | None:
    """At the cue of "according to X" (the word "according"), or of a language's one-word form of it
    ("selon X": quote_words.tsv, `source_preposition`), the preposition whose object is the source."""
    doc = token.doc
    if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
        return doc[token.i + 1]
    return token if token.lower_ in SOURCE_PREPOSITIONS else None


def cue_text(token: Token) -> str:
    """The cue as a record names it: "according to" for its first word, else the word."""
    return "according to" if token.lower_ == "according" else token.lower_


@lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_tsv("lexicon/reporting_verbs.tsv"))


@lru_cache(maxsize=1)
def statement_nouns() -> frozenset[str]:
    """Channels: "said in a statement that …" reports the clause."""
    return frozenset(row["lemma"] for row in read_tsv("lexicon/statement_nouns.tsv") if row["role"] == "channel")


@lru_cache(maxsize=1)
def speaking_nouns() -> frozenset[str]:
    """Nouns that speak for their author as a subject ("the statement said", "a report by …")."""
    return frozenset(row["lemma"] for row in read_tsv("lexicon/statement_nouns.tsv"))


WORDS = words_by("lexicon/quote_words.tsv")  # role -> words; the roles are described in the file
QUESTION_WORDS = WORDS["question_word"]
REQUEST_LEMMAS = WORDS["request_verb"]
TITLE_SMALL_WORDS = WORDS["title_small_word"]
QUANTIFIERS = WORDS["quantifier"]
RELATIVE_PRONOUNS = WORDS["relative_pronoun"]
COGNITION_LEMMAS = WORDS["cognition_verb"]
PART_NOUNS = WORDS["part_noun"]
ABBREVIATIONS = WORDS["abbreviation"]
SPEECH_ACT_LEMMAS = WORDS["speech_act_verb"]
SOURCE_PREPOSITIONS = WORDS["source_preposition"]
COMPLEMENTIZERS = WORDS["complementizer"]  # besides English "that", which the finder names itself  # none in English, whose "according to" is two words
# Verbs of speech that take a clause, for reading reports from the surface (reporting_verbs.tsv,
# `surface`). Not the performatives ("declared a state of emergency", "announced sanctions"),
# whose object is an act, not a clause. HEARER_FIRST: "told reporters that …".
_SURFACE = words_by("lexicon/reporting_verbs.tsv", "surface", "lemma")
HEARER_FIRST = _SURFACE["hearer_clause"]
CLAUSE_VERBS = _SURFACE["clause"] | HEARER_FIRST
