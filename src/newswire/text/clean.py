"""Stage 2, clean: cut what is not the story and say what was cut.

Works paragraph by paragraph: related-story lines, captions, bylines,
footers, share prompts and cookie notices go to `removed` with their kind;
the rest is joined with blank lines, so that the parser never runs a
caption into the first quote."""
from __future__ import annotations

import re

from ..lexicon import boilerplate_patterns, credit_line_patterns, words_by
from ..model import Article, Removed
from .story import Story

TERMINAL = tuple('.!?:;"”’»)…')
QUOTE_MARKS = '"“”‘’«»„'


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; hard-wrapped lines inside one are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u00a0", " ")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    paragraphs: list[str] = []
    for block in blocks:
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in block.split("\n") if line.strip()]
        if len(lines) > 1 and is_hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def is_hard_wrapped(lines: list[str]) -> bool:
    """Lines cut at a fixed width: most end mid-sentence and are of similar length."""
    inner = lines[:-1]
    mid_sentence = sum(1 for line in inner if not line.endswith(TERMINAL))
    return mid_sentence >= max(1, len(inner) // 2) and max(len(line) for line in inner) <= 100


def reads_like_title(paragraph: str, following: int) -> bool:
    words = paragraph.split()
    return following > 0 and 2 <= len(words) <= 30 and not paragraph.endswith((".", ":", ";", ","))


def boilerplate_kind(paragraph: str, index: int, first_body: bool) -> str | None:
    """The removed[].kind of a paragraph that is not the story, else None."""
    for kind, pattern in boilerplate_patterns():
        if pattern.search(paragraph):
            return kind
    if looks_like_caption(paragraph):
        return "caption" if not first_body else "other"
    return None


def looks_like_caption(paragraph: str) -> bool:
    """A short label with no sentence end and no quote: a caption or credit line.

    "Russian dictator Vladimir Putin" under a headline is a photo caption;
    a real paragraph ends with punctuation."""
    words = paragraph.split()
    if not 1 <= len(words) <= 12 or paragraph.endswith(TERMINAL) or any(q in paragraph for q in QUOTE_MARKS):
        return False
    if re.match(r"^\d{1,2}[:.]\d{2}\b", paragraph):  # live-blog time stamp
        return False
    return sum(1 for w in words if w[:1].isupper()) >= 1


def clean(story: Story) -> Article:
    """Split the story into paragraphs, drop boilerplate, keep offsets."""
    paragraphs = split_paragraphs(story.text)
    kept: list[str] = []
    removed: list[Removed] = []
    title = story.title
    for index, paragraph in enumerate(paragraphs):
        is_first = not kept
        if is_first and (paragraph == (title or "").strip() or (title is None and reads_like_title(paragraph, len(paragraphs) - index - 1))):
            title = title or paragraph
            kept.append(paragraph)
            continue
        kind = boilerplate_kind(paragraph, index, first_body=False)
        if kind and not (kind == "caption" and is_story_sentence(paragraph)):
            removed.append(Removed(kind, paragraph))
            continue
        paragraph, credits = cut_credit_lines(paragraph)
        removed.extend(credits)
        if paragraph:
            kept.append(paragraph)
    text, spans = join_paragraphs(kept)
    article = Article(id=story.id, text=text, title=title, url=story.url, source=story.source,
                      published=story.published, removed=removed, paragraphs=spans)
    if not text.strip():
        article.warnings.append(f"article {story.id!r}: nothing of the story is left after cleaning")
    return article


def cut_credit_lines(paragraph: str) -> tuple[str, list[Removed]]:
    """Credit sentences ("X contributed to this report.") that close a paragraph: feeds
    that collapse paragraphs glue them to the story's last one."""
    cut: list[Removed] = []
    while paragraph:
        starts = [0] + [m.end() for m in SENTENCE_START.finditer(paragraph)]
        for start in reversed(starts[-3:]):
            kind = next((k for k, pattern in credit_line_patterns() if pattern.match(paragraph, start)), None)
            if kind:
                cut.insert(0, Removed(kind, paragraph[start:].strip()))
                paragraph = paragraph[:start].rstrip()
                break
        else:
            break
    return paragraph, cut


SENTENCE_START = re.compile(r"(?<=[.!?”\"’)])\s+(?=[A-Z])")


def is_story_sentence(paragraph: str) -> bool:
    return paragraph.endswith((".", "!", "?", "”", '"')) and len(paragraph.split()) > 12


def join_paragraphs(paragraphs: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans, offset = [], 0
    for paragraph in paragraphs:
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return "\n\n".join(paragraphs), spans


BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "td", "dt", "dd",
              "blockquote", "a", "button", "span", "div", "small", "time", "address", "label")
OWN_TEXT_TAGS = ("a", "button", "h1", "h2", "h3", "figcaption", "p", "li")  # listed even when they hold blocks
# (kind, markers) in the file's order: the first kind with a marker in an element's tag/class/id/role wins
KIND_BY_MARKER = tuple(words_by("lexicon/html_markers.tsv", "kind", "marker").items())


def html_leftovers(html: str, body: str) -> list[Removed]:
    """Visible text of the page that did not make it into the story, by kind."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for bad in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    body_norm = normalize(body)
    seen: set[str] = set()
    listed: set = set()  # elements already listed: their descendants' text is in theirs
    out: list[Removed] = []
    for element in root.iter(*BLOCK_TAGS):
        if any(child.tag in BLOCK_TAGS and normalize(child.text_content()) for child in element):
            if element.tag not in OWN_TEXT_TAGS:
                continue  # a container: its children speak for it
        # an ancestor listed already holds this text (checked up the tree, not against every
        # text seen so far: that was quadratic in the number of elements)
        if any(ancestor in listed for ancestor in element.iterancestors()):
            continue
        text = re.sub(r"\s+", " ", element.text_content()).strip()
        key = normalize(text)
        if len(key) < 3 or key in seen or key in body_norm:
            continue
        seen.add(key)
        listed.add(element)
        out.append(Removed(kind_of_element(element), text))
    return out


def kind_of_element(element) -> str:
    for node in [element, *element.iterancestors()]:
        marker = " ".join([node.tag if isinstance(node.tag, str) else "", node.get("class", ""), node.get("id", ""), node.get("role", "")]).lower()
        for kind, words in KIND_BY_MARKER:
            if any(w in marker for w in words):
                return kind
    return "other"


def normalize(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
