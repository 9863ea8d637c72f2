"""Which language an article is in, offline, with py3langid (langid.py's model,
shipped inside the package; ~1 ms an article).

Each language newswire codes has a spaCy pipeline and data tables of its own
(data/lexicon/languages.tsv: English and French); an article in another language
gets a warning naming it and no actors, quotes or events, rather than English
patterns matched against words of another language."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import read_tsv

__all__ = ["detect_language", "language_name", "coded_languages", "CodedLanguage", "DEFAULT_LANGUAGE",
           "MIN_WORDS", "MIN_CONFIDENCE"]

DEFAULT_LANGUAGE = "en"

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


@dataclass(frozen=True)
class CodedLanguage:
    """A language newswire codes: its spaCy pipeline, the scheme of its parse, its tables' folder."""

    code: str
    model: str
    package: str
    grammar: str  # clear (ClearNLP labels, as en_core_web_sm) or ud (Universal Dependencies)
    tables: str | None  # the folder of its own data tables under data/, None for English


@lru_cache(maxsize=1)
def coded_languages() -> dict[str, CodedLanguage]:
    """ISO 639-1 code → the language's pipeline (data/lexicon/languages.tsv)."""
    return {row["code"]: CodedLanguage(row["code"], row["model"], row["package"], row["grammar"],
                                       None if row["tables"] == "-" else row["tables"])
            for row in read_tsv("lexicon/languages.tsv")}
