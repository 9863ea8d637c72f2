"""Translations: an article in one language that renders an article in another (a French
republication of an English wire story). Words do not survive translation; what does is
compared instead: the people named, the numbers, the date, the dyads of the events (the same
PLOVER types between the same country codes), and who is quoted in what order.

`translation_pairs(con, articles)` gives, for each pair of articles in two languages that one
story joins, the finding `link.py` records as an `article_links` row of kind `translated`.
A pair is kept only when several independent marks agree (three people or more, most of the
smaller article's people, and numbers or speakers besides): two stories of one week about the
same war share countries and leaders, not their whole cast and their figures."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..text.language import DEFAULT_LANGUAGE, detect_language

__all__ = ["Marks", "marks_of", "compare_translation", "translation_pairs", "TranslationSettings"]


@dataclass(frozen=True)
class TranslationSettings:
    days: int = 3             # a translation comes out within this many days of its original
    min_names: int = 3        # people both articles name, at the least
    names: float = 0.6        # and this share of the people of the one that names fewer
    numbers: float = 0.5      # share of the smaller set of figures found in the other (when both have 3+)
    speakers: float = 0.5     # share of the shorter sequence of speakers found in order in the other
    score: float = 0.6        # the mean of what was compared, at the least


@dataclass(frozen=True)
class Marks:
    """What of one article survives translation."""

    article_id: str
    language: str
    day: date | None
    names: frozenset[str]  # people's surnames, folded (case and accents dropped)
    numbers: frozenset[str]  # figures of two digits or more, separators dropped ("1 000" = "1,000")
    dyads: frozenset[tuple[str, str, str]]  # (type, source code, target code) of the events that occurred
    speakers: tuple[str, ...]  # surnames of the quotes' speakers, in text order, repeats merged


# a figure: digits with thousands separators of either language ("1,000", "1 000", "20,7", "20.7")
FIGURE = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d+)*")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def surname(name: str | None) -> str | None:
    words = [w for w in re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", name or "")]
    return fold(words[-1]) if words else None


def is_proper(name: str | None) -> bool:
    """A name, not a description: its last word is capitalised ("Bessent", not "leader")."""
    words = re.findall(r"[^\W\d_]+", name or "")
    return bool(words) and words[-1][:1].isupper()


def figures(text: str) -> frozenset[str]:
    found = (re.sub(r"\D", "", m.group()) for m in FIGURE.finditer(text))
    return frozenset(f for f in found if len(f) >= 2)


def marks_of(article: dict, actors: list[dict], quotes: list[dict], events: list[dict]) -> Marks:
    """`article` as link._articles gives it; the rest as the store keeps them (actors with name, kind;
    quotes with speaker_name and spans; events with type, status and their actors' codes)."""
    names = frozenset(s for a in actors if a.get("kind") == "person" and is_proper(a.get("name"))
                      for s in [surname(a.get("name"))] if s)  # people named, not described ("the Canadian leader")
    dyads = frozenset((e["type"], src, tgt) for e in events if e.get("status") == "occurred"
                      for src in e.get("source_codes") or [None] for tgt in e.get("target_codes") or [None]
                      if src or tgt)
    speakers: list[str] = []
    for q in sorted(quotes, key=lambda q: min((s["start"] for s in q.get("spans") or []), default=0)):
        who = surname(q.get("speaker_name"))
        if who and who in names and (not speakers or speakers[-1] != who):
            speakers.append(who)
    found = detect_language(article["text"])
    return Marks(article["article_id"], found[0] if found else DEFAULT_LANGUAGE, article.get("day"), names,
                 figures(article["text"]), dyads, tuple(speakers))


def in_order(short: tuple[str, ...], long: tuple[str, ...]) -> int:
    """The length of the longest common subsequence: speakers quoted in the same order."""
    previous = [0] * (len(long) + 1)
    for a in short:
        row = [0]
        for j, b in enumerate(long):
            row.append(previous[j] + 1 if a == b else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


def compare_translation(a: Marks, b: Marks, s: TranslationSettings | None = None) -> dict | None:
    """The finding (kind `translated`, score) when `b` translates `a` or `a` `b`, else None."""
    s = s or TranslationSettings()
    if a.language == b.language or a.day is None or b.day is None or abs((a.day - b.day).days) > s.days:
        return None
    shared = len(a.names & b.names)
    if shared < s.min_names or shared < s.names * min(len(a.names), len(b.names)):
        return None
    parts = [shared / min(len(a.names), len(b.names))]
    if min(len(a.numbers), len(b.numbers)) >= 3:
        parts.append(len(a.numbers & b.numbers) / min(len(a.numbers), len(b.numbers)))
        if parts[-1] < s.numbers:
            return None
    if min(len(a.speakers), len(b.speakers)) >= 2:
        short, long = sorted((a.speakers, b.speakers), key=len)
        parts.append(in_order(short, long) / len(short))
        if parts[-1] < s.speakers:
            return None
    if len(parts) < 2:
        return None  # names alone are not enough: figures or speakers must agree too
    if a.dyads and b.dyads:
        parts.append(len(a.dyads & b.dyads) / min(len(a.dyads), len(b.dyads)))
    score = sum(parts) / len(parts)
    if score < s.score:
        return None
    return {"kind": "translated", "score": round(score, 3), "containment": None, "aligned": None}


def store_marks(con, articles: dict) -> dict[str, Marks]:
    """Each article's marks, read from the store in three queries."""
    rows: dict[str, dict[str, list]] = {aid: {"actors": [], "quotes": [], "events": []} for aid in articles}
    for aid, name, kind in con.execute("SELECT article_id, name, kind FROM actors").fetchall():
        if aid in rows:
            rows[aid]["actors"].append({"name": name, "kind": kind})
    for aid, speaker, spans in con.execute("SELECT article_id, speaker_name, spans FROM quotes").fetchall():
        if aid in rows:
            rows[aid]["quotes"].append({"speaker_name": speaker, "spans": spans or []})
    for aid, kind, status, sources, targets in con.execute(
            "SELECT article_id, type, status, list_transform(source_actors, lambda x: x.code), "
            "list_transform(target_actors, lambda x: x.code) FROM events").fetchall():
        if aid in rows:
            rows[aid]["events"].append({"type": kind, "status": status, "source_codes": sources or [],
                                        "target_codes": targets or []})
    return {aid: marks_of(articles[aid], **parts) for aid, parts in rows.items()}


def translation_pairs(con, articles: dict, s: TranslationSettings | None = None) -> dict[tuple[str, str], dict]:
    """(a, b) → the finding, for each pair of articles in two languages that translate one another.
    Only articles in a language other than English are compared, each with every article of
    another language near its date; in a corpus of one language nothing is compared."""
    marks = store_marks(con, articles)
    for aid, m in marks.items():
        articles[aid]["language"] = m.language
    found = {}
    for m in marks.values():
        if m.language == DEFAULT_LANGUAGE or not m.names:
            continue
        findings = [(f["score"], other.article_id, f) for other in marks.values()
                    if other.language != m.language and other.names
                    for f in [compare_translation(m, other, s)] if f]
        if findings:  # one original: the best, never every story that shares its cast
            _score, other, finding = max(findings, key=lambda x: (x[0], x[1]))
            found[(m.article_id, other)] = finding
    return found


PLACE = 0.12  # a translation keeps the order of its paragraphs: a quote sits near where its original does


def aligned_quotes(original: list[dict], translation: list[dict]) -> list[tuple[str, str]]:
    """(original quote id, translated quote id): a quote of a speaker in the translation is the quote of
    that speaker in the original nearest its place in the text (the share of the text before it, within
    PLACE), when their lengths agree (a translation runs 0.6 to 2 times as long in characters) and so
    do their figures and whether the words are quoted or reported; each quote is matched once. Quotes as translated_quotes reads them (id, text,
    speaker_name, at: the share of the article's text before it)."""
    def by_speaker(quotes):
        groups: dict[str, list[dict]] = {}
        for q in quotes:
            who = surname(q.get("speaker_name"))
            if who:
                groups.setdefault(who, []).append(q)
        return groups
    pairs = []
    theirs = by_speaker(original)
    for who, ours in by_speaker(translation).items():
        candidates = sorted((abs(a["at"] - b["at"]), a["id"], b["id"]) for a in theirs.get(who, []) for b in ours
                            if abs(a["at"] - b["at"]) <= PLACE and 0.6 <= len(b["text"] or "") / max(1, len(a["text"] or "")) <= 2.0
                            and figures(a["text"] or "") == figures(b["text"] or "")
                            and (a["kind"] == "indirect") == (b["kind"] == "indirect"))  # words quoted, or reported
        used: set[str] = set()
        for _distance, a, b in candidates:
            if a not in used and b not in used:
                pairs.append((a, b))
                used.update((a, b))
    return sorted(pairs)


def translated_quotes(con, pairs: dict[tuple[str, str], dict], articles: dict) -> list[tuple[tuple, tuple]]:
    """((article, quote) of the original, (article, quote) of its translation) for each translated link."""
    if not pairs:
        return []
    ids = sorted({aid for pair in pairs for aid in pair})
    quotes: dict[str, list[dict]] = {}
    for aid, qid, kind, text, speaker, spans in con.execute(
            "SELECT article_id, id, kind, text, speaker_name, spans FROM quotes WHERE article_id IN "
            "(SELECT unnest($ids::VARCHAR[]))", {"ids": ids}).fetchall():
        start = min((s["start"] for s in spans or []), default=0)
        quotes.setdefault(aid, []).append({"id": qid, "kind": kind, "text": text, "speaker_name": speaker,
                                           "at": start / max(1, len(articles[aid]["text"]))})
    out = []
    for translation, original in pairs:
        for a, b in aligned_quotes(quotes.get(original, []), quotes.get(translation, [])):
            out.append(((original, a), (translation, b)))
    return out
