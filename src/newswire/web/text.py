"""An article's text as HTML with its quotes and evidence marked by character
offset (the selected one strongly, with the words that make it), and a word-level
diff of two quote variants."""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

from markupsafe import Markup, escape

from ..corpus.vocab import frame_lemmas
from ..lexicon import read_tsv

SPEAKER_COLOURS = 8


def speaker_classes(record: dict) -> dict[str | None, int]:
    """A colour number per speaker id, in order of first quote (None: no speaker)."""
    colours: dict[str | None, int] = {}
    for q in record.get("quotes") or []:
        colours.setdefault(q.get("speaker"), len(colours) % SPEAKER_COLOURS)
    return colours


def marked_text(record: dict, focus: str | None = None) -> Markup:
    """The cleaned text with `<span class="quote">` on quote spans and `<mark>` on event
    evidence. With `focus` (an event or quote id) that one is `selected`, the words that
    make it are marked inside it (`highlights`: the trigger, the source and target actors,
    or the speaker and the cue), and every other quote and evidence is `faint`; with none,
    all are faint, for a mark on nearly every sentence would say nothing. Spans may
    overlap, so the text is cut at every boundary and each piece carries what covers it;
    the first piece of each quote and event holds its anchor (`#q3`, `#e5`)."""
    text = record.get("text") or ""
    n = len(text)
    colours = speaker_classes(record)
    quotes, events = [], []
    for q in record.get("quotes") or []:
        for span in q.get("spans") or []:
            start, end = _clip(span, n)
            if start < end:
                quotes.append((start, end, q))
    for e in record.get("events") or []:
        start, end = _clip(e.get("evidence") or {}, n)
        if start < end:
            events.append((start, end, e))
    marks = highlights(record, focus)
    bounds = quotes + events + [(s, e, None) for s, e, _ in marks]
    cuts = sorted({0, n} | {s for s, _, _ in bounds} | {e for _, e, _ in bounds})
    anchored: set[str] = set()
    out = []
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end])
        for s, e, kind in marks:
            if s <= start and end <= e:
                piece = Markup(f'<b class="hl hl-{kind}">{piece}</b>')
        for s, e, q in quotes:
            if s <= start and end <= e:
                anchor = _anchor(q["id"], anchored, "q")
                speaker = q.get("speaker_name") or "no speaker found"
                piece = Markup(f'<span class="quote c{colours.get(q.get("speaker"), 0)}{_state(q["id"], focus)}"'
                               f'{anchor} data-quote="{escape(q["id"])}" title="{escape(speaker)}">{piece}</span>')
        covering = [ev for s, e, ev in events if s <= start and end <= e]
        if covering:
            ids = " ".join(str(ev["id"]) for ev in covering)
            anchor = "".join(_anchor(ev["id"], anchored, "e") for ev in covering[:1])
            label = "; ".join(f'{ev.get("type")} ({ev.get("status")})' for ev in covering)
            state = " selected" if focus in {ev["id"] for ev in covering} else " faint"
            piece = Markup(f'<mark class="evidence{state}"{anchor} data-events="{escape(ids)}" '
                           f'title="{escape(label)}">{piece}</mark>')
            for ev in covering[1:]:
                if ev["id"] not in anchored:
                    anchored.add(ev["id"])
                    piece = Markup(f'<a id="{escape(ev["id"])}"></a>') + piece
        out.append(piece)
    return Markup("").join(out)


def _state(item_id: str, focus: str | None) -> str:
    return " selected" if item_id == focus else " faint"


def highlights(record: dict, focus: str | None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the words that make the focused event (kind trigger, source,
    target: inside its evidence) or quote (speaker, cue: in its paragraphs); none without focus."""
    if not focus:
        return []
    text = record.get("text") or ""
    actors = {a.get("id"): a for a in record.get("actors") or []}
    event = next((e for e in record.get("events") or [] if e.get("id") == focus), None)
    if event is not None:
        lo, hi = _clip(event.get("evidence") or {}, len(text))
        found = [(s, e, side) for side in ("source", "target") for i in event.get(side) or []
                 for s, e in _mentions(actors.get(i), lo, hi)]
        trigger = trigger_span(text, lo, hi, event.get("type"))
        return found + ([(*trigger, "trigger")] if trigger else [])
    quote = next((q for q in record.get("quotes") or [] if q.get("id") == focus), None)
    if quote is None or not quote.get("spans"):
        return []
    spans = [_clip(sp, len(text)) for sp in quote["spans"]]
    lo, hi = text.rfind("\n\n", 0, spans[0][0]) + 1, text.find("\n\n", spans[-1][1])
    hi = len(text) if hi < 0 else hi
    inside = lambda s, e: any(a <= s and e <= b for a, b in spans)  # noqa: E731
    found = [(s, e, "speaker") for s, e in _mentions(actors.get(quote.get("speaker")), lo, hi) if not inside(s, e)]
    cue = _word_near(text, lo, hi, quote.get("cue"), spans)
    return found + ([(*cue, "cue")] if cue else [])


def _mentions(actor: dict | None, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    for m in (actor or {}).get("mentions") or []:
        s, e = _clip(m, hi)
        if lo <= s < e <= hi:
            out.append((s, e))
    return out


_WORD = re.compile(r"\w+(?:['’]\w+)?")


@lru_cache(maxsize=1)
def _irregular() -> dict[str, frozenset[str]]:
    """A verb's irregular forms (data/lexicon/irregular_verbs.tsv): "meet" → met."""
    return {r["lemma"]: frozenset(r["forms"].split("|")) for r in read_tsv("lexicon/irregular_verbs.tsv")}


def word_forms(lemma: str) -> frozenset[str]:
    """The forms a lemma takes in running text: -s, -es, -ed, -d, -ing, -ies, -ied, a doubled
    last consonant (stopped), and the irregular ones."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return frozenset(forms | _irregular().get(lemma, frozenset()))


def trigger_span(text: str, lo: int, hi: int, kind: str | None) -> tuple[int, int] | None:
    """The first word in text[lo:hi] that is a form of a trigger lemma of the event's type
    (its frames, data/plover): the record does not carry the trigger's offsets, and the Doc
    is never parsed again, so the word is found by its spelling."""
    lemmas = frame_lemmas(kind or "")
    for m in _WORD.finditer(text, lo, hi):
        word = m.group(0).lower()
        if any(word in word_forms(lemma) for lemma in lemmas if word[:2] == lemma[:2] or lemma in _irregular()):
            return m.start(), m.end()
    return None


def _word_near(text: str, lo: int, hi: int, word: str | None, spans) -> tuple[int, int] | None:
    """The occurrence of a form of `word` (the quote's cue, "say") nearest the quote, outside it."""
    if not word:
        return None
    forms, best = word_forms(word.lower()), None
    for m in _WORD.finditer(text, lo, hi):
        if m.group(0).lower() in forms and not any(a <= m.start() < b for a, b in spans):
            gap = min(abs(m.start() - b) for _, b in spans) if m.start() >= spans[0][1] else spans[0][0] - m.end()
            best = min(best or (gap, m.span()), (gap, m.span()))
    return best[1] if best else None


def _clip(span: dict, n: int) -> tuple[int, int]:
    try:
        start, end = int(span.get("start")), int(span.get("end"))
    except (TypeError, ValueError):
        return 0, 0
    return max(0, min(start, n)), max(0, min(end, n))


def _anchor(item_id: str, anchored: set, prefix: str) -> str:
    if item_id in anchored:
        return ""
    anchored.add(item_id)
    return f' id="{escape(item_id)}"'


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def word_diff(earliest: str, variant: str) -> Markup:
    """`variant` with the words not in `earliest` in `<ins>` and those missing in `<del>`."""
    a, b = _TOKEN.findall(earliest or ""), _TOKEN.findall(variant or "")
    norm = lambda ws: [w.casefold().replace("’", "'") for w in ws]  # noqa: E731
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(b[j1:j2])))
        if op in ("delete", "replace"):
            out.append(Markup("<del>") + escape(" ".join(a[i1:i2])) + Markup("</del>"))
        if op in ("insert", "replace"):
            out.append(Markup("<ins>") + escape(" ".join(b[j1:j2])) + Markup("</ins>"))
    return Markup(" ").join(out)
