"""One input record → its story text: the record checked, an HTML page's main text, title and date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..errors import EmptyArticle, MalformedRecord, NoArticle, NotText, TooLarge
from ..model import content_id
from ..read.files import MAX_CHARS


@dataclass
class Story:
    """The story text of one input record, before cleaning."""

    id: str
    text: str
    is_html: bool = False
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    author: str | None = None
    removed_html: list[str] | None = None


def to_story(record: dict) -> Story:
    """Validate one input record; extract the main text of an HTML page."""
    text, html = record.get("text"), record.get("html")
    if text is None and html is None:
        raise MalformedRecord("the record has neither `text` nor `html`", record.get("id"))
    raw = html if html is not None else text
    if not isinstance(raw, str):
        raise MalformedRecord("`text`/`html` must be a string", record.get("id"))
    article_id = str(record.get("id") or content_id(raw))
    if not raw.strip():
        raise EmptyArticle("the article is empty", article_id)
    if len(raw) > MAX_CHARS:
        raise TooLarge(f"{len(raw):,} characters is over the limit of {MAX_CHARS:,}", article_id)
    if "\x00" in raw[:8192]:
        raise NotText("binary content (NUL characters), not text", article_id)
    story = Story(id=article_id, text=raw, title=record.get("title"), url=record.get("url"),
                  source=record.get("source"), published=parse_published(record.get("published")))
    if html is not None:
        story = from_html(story, html)
    return story


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
DATE_SETTINGS = {  # an explicit rule for 05/06/2022: day first (5 June), as most of the world writes it
    "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": False}


def parse_published(value) -> date | None:
    """A publication date from ISO 8601 or a common written form ("28/05/2022",
    "May 28, 2022", "Sat, 28 May 2022 10:00 GMT"); None when it cannot be read.

    Day, month and year must all be there; numeric dates are read day first
    (05/06/2022 is 5 June); relative ones ("yesterday") are refused, since they
    would depend on the day newswire runs."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        if ISO_DAY.match(text):
            return None  # 2022-13-01: ISO in form, not a day
    if not YEAR.search(text) or len(text) > 100:
        return None
    import dateparser  # only for the dates that are not ISO

    try:
        parsed = dateparser.parse(text, languages=["en"], settings=DATE_SETTINGS)
    except Exception:  # noqa: BLE001 — dateparser raises assorted errors on odd text
        return None
    return parsed.date() if parsed else None


MAX_DEPTH = 200  # libxml2 drops what is nested past 255 elements: flatten such a page first
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
CONTAINERS = re.compile(r"</?(?:div|span|section|article|main|font|center|aside|header|footer|b|i|em|strong)\b[^>]*>", re.I)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|tr|table|ul|ol)\s*>|<br\s*/?>", re.I)


def nesting_depth(html: str) -> int:
    """How deep the page's elements nest, read from its tags in one pass (no parser)."""
    depth = deepest = 0
    for match in TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name not in VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def flatten_html(html: str) -> str:
    """The page with its layout containers (div, span, section, ...) removed, when they
    nest deeper than an HTML parser keeps; as plain paragraphs if it still nests too deep."""
    if nesting_depth(html) <= MAX_DEPTH:
        return html
    flat = CONTAINERS.sub(" ", html)
    if nesting_depth(flat) <= MAX_DEPTH:
        return flat
    import html as html_lib

    text = TAG.sub(" ", BLOCK_END.sub("\n\n", flat))
    paragraphs = (" ".join(p.split()) for p in html_lib.unescape(text).split("\n\n"))
    return "<html><body>" + "".join(f"<p>{html_lib.escape(p)}</p>" for p in paragraphs if p) + "</body></html>"


def from_html(story: Story, html: str) -> Story:
    import trafilatura  # lxml and friends only for HTML

    html = flatten_html(html)
    body = trafilatura.extract(html, include_comments=False, include_tables=False,
                               include_formatting=False, favor_precision=True, deduplicate=False)
    if not body or len(body.split()) < 20:
        body = trafilatura.extract(html, include_comments=False, favor_recall=True) or body
    if not body or not any(len(line.split()) >= 8 for line in body.splitlines()):
        raise NoArticle("no article text found in the HTML page (menus, links or notices only)", story.id)
    meta = trafilatura.extract_metadata(html)
    story.is_html = True
    story.text = body
    if meta is not None:
        story.title = story.title or meta.title
        story.author = meta.author
        story.url = story.url or meta.url
        story.source = story.source or meta.sitename
        if story.published is None:
            story.published = parse_published(meta.date)
    return story
