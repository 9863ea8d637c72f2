"""The word lists the events stage reads (data/lexicon/event_words.tsv), by role."""
from __future__ import annotations

from ...lexicon import words_by

WORDS = words_by("lexicon/event_words.tsv")  # role -> words; the roles are described in the file


def answered_nouns() -> dict[str, str]:
    """Noun → the type a REJECT of it answers: "rejected the allegations" answers an ACCUSE."""
    return {**{w: "ACCUSE" for w in WORDS["answered_accuse"]}, **{w: "REQUEST" for w in WORDS["answered_request"]}}
