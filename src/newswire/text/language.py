"""Which language an article is in, offline, with py3langid (langid.py's model,
shipped inside the package; ~1 ms an article).

newswire's lexicons, frames and spaCy model are English: an article in another
language gets a warning naming it and no actors, quotes or events, rather than
English patterns matched against French words."""
from __future__ import annotations

from functools import lru_cache

__all__ = ["detect_language", "language_name", "MIN_WORDS", "MIN_CONFIDENCE"]

MIN_WORDS = 12  # below this langid guesses; a short text is left as English
MIN_CONFIDENCE = 0.9  # normalised probability of the best language
SAMPLE_CHARS = 5_000  # the first few paragraphs decide; a long article costs no more


@lru_cache(maxsize=1)
def identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """(ISO 639-1 code, probability) when the text is long enough to tell, else None."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return None
    code, probability = identifier().classify(sample)
    return (code, probability) if probability >= MIN_CONFIDENCE else None


def language_name(code: str) -> str:
    """'French' for 'fr' (Babel's CLDR names); the code itself when Babel does not know it."""
    try:
        from babel import Locale

        return Locale.parse(code).english_name or code
    except Exception:  # noqa: BLE001 — an unknown code is still a name of sorts
        return code
