"""Stage 1, read: turn files, folders and JSON Lines into input records.

An input record is a dict of the contract's input fields (`id`, `text` or
`html`, `title`, `url`, `source`, `published`). What cannot be read becomes
`{"id", "error": {"kind", "message"}}` so that one bad file never stops a
batch. `to_story` then turns one input record into plain story text."""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ..errors import (
    EmptyArticle,
    InputError,
    MalformedRecord,
    NoArticle,
    NotText,
    TooLarge,
)
from ..model import content_id

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
ARCHIVE_SUFFIXES = (".jsonl.gz", ".ndjson.gz", ".warc", ".warc.gz")
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + ARCHIVE_SUFFIXES
MAX_CHARS = 2_000_000  # ~300 printed pages: past this it is not an article


def iter_inputs(paths: Iterable[str]) -> Iterator[dict]:
    """Yield input records from files, folders (recursively) and `-` (stdin)."""
    for path in paths:
        if path == "-":
            yield from iter_jsonl_lines(sys.stdin, "<stdin>")
        elif os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(KNOWN_SUFFIXES):
                        yield from iter_file(os.path.join(root, name))
        else:
            yield from iter_file(path)


def iter_file(path: str) -> Iterator[dict]:
    name = os.path.basename(path)
    lower = name.lower()
    try:
        if lower.endswith(ARCHIVE_SUFFIXES):
            from .archive import iter_archive  # warcio and gzip only when needed
            yield from iter_archive(path)
        elif lower.endswith(JSONL_SUFFIXES):
            with open(path, encoding="utf-8", errors="strict") as f:
                yield from iter_jsonl_lines(f, name)
        else:
            with open(path, "rb") as f:
                data = f.read(MAX_CHARS * 4 + 1)
            text = decode_bytes(data, name)
            key = "html" if lower.endswith(HTML_SUFFIXES) or looks_like_html(text) else "text"
            yield {"id": name, key: text}
    except InputError as exc:
        yield {"id": name, "error": {"kind": exc.kind, "message": str(exc)}}
    except UnicodeDecodeError as exc:
        yield {"id": name, "error": {"kind": "not_text", "message": f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})"}}
    except OSError as exc:
        yield {"id": name, "error": {"kind": "unreadable", "message": f"{name}: {exc.strerror or exc}"}}


def iter_jsonl_lines(lines: Iterable[str], name: str) -> Iterator[dict]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"id": where, "error": {"kind": "malformed", "message": f"{where}: not a JSON object ({exc.msg} at column {exc.colno})"}}
            continue
        if not isinstance(record, dict):
            yield {"id": where, "error": {"kind": "malformed", "message": f"{where}: a JSON line must be an object"}}
            continue
        if "id" in record and record["id"] is not None:
            record["id"] = str(record["id"])
        yield record


def decode_bytes(data: bytes, name: str) -> str:
    if len(data) > MAX_CHARS * 4:
        raise TooLarge(f"over {MAX_CHARS * 4 // 1_000_000} MB; not a news article", name)
    if b"\x00" in data[:8192]:
        raise NotText("binary file (NUL bytes), not text", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotText(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})", name) from None


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


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


def parse_published(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def from_html(story: Story, html: str) -> Story:
    import trafilatura  # lxml and friends only for HTML

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
