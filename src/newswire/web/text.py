"""An article's text as HTML with its quotes and evidence marked by character
offset, and a word-level diff of two quote variants."""
from __future__ import annotations

import difflib
import re

from markupsafe import Markup, escape

SPEAKER_COLOURS = 8


def speaker_classes(record: dict) -> dict[str | None, int]:
    """A colour number per speaker id, in order of first quote (None: no speaker)."""
    colours: dict[str | None, int] = {}
    for q in record.get("quotes") or []:
        colours.setdefault(q.get("speaker"), len(colours) % SPEAKER_COLOURS)
    return colours


def marked_text(record: dict) -> Markup:
    """The cleaned text with `<span class="quote">` on quote spans and `<mark>` on
    event evidence. Spans may overlap, so the text is cut at every boundary and
    each piece carries what covers it; the first piece of each quote and event
    holds its anchor (`#q3`, `#e5`)."""
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
    cuts = sorted({0, n} | {s for s, _, _ in quotes + events} | {e for _, e, _ in quotes + events})
    anchored: set[str] = set()
    out = []
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end])
        for s, e, q in quotes:
            if s <= start and end <= e:
                anchor = _anchor(q["id"], anchored, "q")
                speaker = q.get("speaker_name") or "no speaker found"
                piece = Markup(f'<span class="quote c{colours.get(q.get("speaker"), 0)}"{anchor} '
                               f'data-quote="{escape(q["id"])}" title="{escape(speaker)}">{piece}</span>')
        covering = [ev for s, e, ev in events if s <= start and end <= e]
        if covering:
            ids = " ".join(str(ev["id"]) for ev in covering)
            anchor = "".join(_anchor(ev["id"], anchored, "e") for ev in covering[:1])
            label = "; ".join(f'{ev.get("type")} ({ev.get("status")})' for ev in covering)
            piece = Markup(f'<mark class="evidence"{anchor} data-events="{escape(ids)}" '
                           f'title="{escape(label)}">{piece}</mark>')
            for ev in covering[1:]:
                if ev["id"] not in anchored:
                    anchored.add(ev["id"])
                    piece = Markup(f'<a id="{escape(ev["id"])}"></a>') + piece
        out.append(piece)
    return Markup("").join(out)


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
