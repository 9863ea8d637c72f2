"""Quote marks: quoted runs of characters paired over each paragraph, tolerantly."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .words import (
    CLOSING_GLYPHS,
    COLLAPSED_CHARS,
    DOUBLE_MARKS,
    MIN_DIRECT_WORDS,
    SENTENCE_END,
)


@dataclass
class Segment:
    """One quoted run of characters (offsets into the article text, inside the marks)."""

    start: int
    end: int
    closed: bool  # False: no closing mark; the run was cut at a paragraph end or a new opening mark
    paragraph: int = 0


# French typography sets a (non-breaking) space inside « guillemets » (Imprimerie nationale,
# Lexique des règles typographiques): the mark is read from the character past that space.
INNER_SPACE = {"«": 1, "»": -1}


def flanks(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at text[i], read from its neighbours."""
    step = INNER_SPACE.get(text[i])
    if step is not None:
        j = i + step
        while 0 <= j < len(text) and text[j] in " \u00a0\u202f":
            j += step
        if j != i + step:  # « Nous … » : read as «Nous …»
            inner = text[j] if 0 <= j < len(text) else " "
            return (step > 0 and not inner.isspace(), step < 0 and not inner.isspace())
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    can_open = not after.isspace() and (before.isspace() or before in "([{—–-/:;,…" or before in DOUBLE_MARKS)
    can_close = not before.isspace() and (after.isspace() or not after.isalnum() or text[i] in CLOSING_GLYPHS
                                          or before in ".,!?;:")
    return can_open, can_close


def paragraph_segments(text: str, offset: int, index: int) -> list[Segment]:
    """Quoted runs in one paragraph. Any double mark may close an open quote (feeds mix
    straight and curly marks); a quote left open is cut where a new one plainly opens,
    or at the end of its sentence, so that it never runs on into narration."""
    segments: list[Segment] = []
    open_at = None
    # Two apostrophes are a double mark in some archives (''like this''): read them as one
    # mark, keeping every offset where it is.
    text = text.replace("''", '"\u200b') if "''" in text else text
    for i, ch in enumerate(text):
        if ch not in DOUBLE_MARKS:
            continue
        can_open, can_close = flanks(text, i)
        if open_at is None:
            if can_open and (ch not in CLOSING_GLYPHS or not can_close):
                open_at = inside(text, i)
            continue
        if can_close and (not can_open or ch in CLOSING_GLYPHS or ch == '"'):
            end = len(text[:i].rstrip(" \u00a0\u202f")) if ch == "»" else i
            if end > open_at:
                segments.append(Segment(offset + open_at, offset + end, True, index))
            open_at = None
        elif can_open:  # a second opening: the first quote was never closed
            segments.append(unclosed(text, offset, open_at, i, index))
            open_at = inside(text, i)
    if open_at is not None and open_at < len(text):
        segments.append(unclosed(text, offset, open_at, len(text), index, at_paragraph_end=True))
    if not segments:
        segments.extend(single_quoted(text, offset, index))
    return [s for s in segments if s.end > s.start]


def inside(text: str, i: int) -> int:
    """Where the quoted run opened by the mark at text[i] starts: past a French inner space."""
    if text[i] == "«":
        return len(text) - len(text[i + 1:].lstrip(" \u00a0\u202f"))
    return i + (2 if text[i + 1:i + 2] == "\u200b" else 1)


def unclosed(text: str, offset: int, start: int, stop: int, index: int, at_paragraph_end: bool = False) -> Segment:
    """An open quote with no closing mark. At a paragraph end it runs to the end (the
    next paragraph may reopen it); elsewhere it ends with its first sentence."""
    if not (at_paragraph_end and len(text) < COLLAPSED_CHARS):
        m = SENTENCE_END.search(text, start, stop)
        if m:
            stop = m.start() + 1
    return Segment(offset + start, offset + stop, False, index)


def single_quoted(text: str, offset: int, index: int) -> list[Segment]:
    """British-style ‘quotes’ when a paragraph has no double ones; apostrophes are not quotes."""
    out = []
    for m in re.finditer(r"(?:(?<=\s)|^)[‘'](?=\S)(.+?)(?<=\S)[’'](?=[\s,.;:!?)]|$)", text):
        if len(m.group(1).split()) >= MIN_DIRECT_WORDS:
            out.append(Segment(offset + m.start(1), offset + m.end(1), True, index))
    return out
