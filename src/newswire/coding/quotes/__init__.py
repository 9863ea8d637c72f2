"""Stage 5, quotes: who said what.

Real copy comes with its paragraphs collapsed and its quote marks mixed, so
quotes are built from the text, not from its layout:
1. Quote marks are paired over each paragraph, tolerantly: any double mark may
   close an open quote, its direction read from its neighbours; a quote left
   open ends with its sentence, never running on into narration.
2. Reported clauses are found first, from the parse ("said that …", "according
   to X") or, where the parse fails, from the surface ("X said CLAUSE", a
   postposed "…, analysts say.", a parenthetical ", he said,"). A quoted fragment
   inside one makes it a mixed quote.
3. Quoted runs are joined only across their own attribution (`"X," she said,
   "Y."`) or, in a paragraph of ordinary length, within the paragraph; a
   collapsed paragraph splits at each sentence-ending attribution.
4. The speaker is the subject of the nearest reporting verb in the quote's own
   sentences; "he"/"she" is the person the narration last made a subject; a
   quote of all-quote sentences carries the last speaker on. A described
   speaker ("officials", "analysts") keeps its words in `speaker_name` and becomes an actor
   coded from those words (described.py), quoted but in no event; a statement speaks
   for its issuer (speakers.py), a pronoun for its antecedent (chains.py).
Every step is linear in the text: lookups go through character masks."""
from __future__ import annotations

from .find import find_quotes, quotes_component
from .speakers import actor_in, speaker_of
from .words import reporting_lemmas

__all__ = ["actor_in", "find_quotes", "quotes_component", "reporting_lemmas", "speaker_of"]
