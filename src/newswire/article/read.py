"""Stage 1, read: turn files, folders and JSON Lines into input records.

An input record is a dict of the contract's input fields (`id`, `text` or
`html`, `title`, `url`, `source`, `published`). What cannot be read becomes
`{"id", "error": {"kind", "message"}}` so that one bad file never stops a
batch. `to_story` then turns one input record into plain story text."""
from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

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
    """Yield input records from files, folders (recursively) and `-` (stdin).

    A file found in a folder has its path under that folder as its id
    (`a/story.txt`, `b/story.txt`), so same-named files never share one."""
    for path in paths:
        if path == "-":
            yield from iter_jsonl_lines(getattr(sys.stdin, "buffer", sys.stdin), "<stdin>")
            continue
        for file, label, error in list_inputs(path):
            if error:
                yield error
            else:
                yield from iter_file(file, label)


def list_inputs(path: str, label: str | None = None) -> Iterator[tuple[str, str, dict | None]]:
    """(file, id label, None) for each input file under `path`, in a stable order;
    (folder, label, error record) for a folder that cannot be read."""
    if not os.path.isdir(path):
        yield path, label or os.path.basename(path), None
        return
    failed: list[OSError] = []
    for root, dirs, files in os.walk(path, onerror=failed.append):
        for exc in failed:  # os.walk reports a folder it cannot list, then goes on
            yield from _folder_error(exc, path, label)
        failed.clear()
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(KNOWN_SUFFIXES):
                file = os.path.join(root, name)
                relative = os.path.relpath(file, path).replace(os.sep, "/")
                yield file, f"{label}/{relative}" if label else relative, None
    for exc in failed:
        yield from _folder_error(exc, path, label)


def _folder_error(exc: OSError, top: str, label: str | None) -> Iterator[tuple[str, str, dict]]:
    folder = exc.filename or top
    relative = os.path.relpath(folder, top).replace(os.sep, "/")
    name = (f"{label}/{relative}" if label else relative) if relative != "." else (label or os.path.basename(top) or top)
    yield folder, name, {"id": name, "error": {"kind": "unreadable", "message":
                         f"{name}: folder cannot be read ({exc.strerror or exc}); none of its files were read"}}


def iter_file(path: str, label: str | None = None) -> Iterator[dict]:
    name = label or os.path.basename(path)
    lower = os.path.basename(path).lower()
    try:
        if lower.endswith(ARCHIVE_SUFFIXES):
            from .archive import iter_archive  # warcio and gzip only when needed
            yield from iter_archive(path, name)
        elif lower.endswith(JSONL_SUFFIXES):
            with open(path, "rb") as f:
                yield from iter_jsonl_lines(f, name)
        else:
            with open(path, "rb") as f:
                data = f.read(MAX_CHARS * 4 + 1)
            is_html = lower.endswith(HTML_SUFFIXES) or looks_like_html(data[:1024].removeprefix(b"\xef\xbb\xbf").decode("latin-1"))
            text = decode_html(data, name) if is_html else decode_bytes(data, name)
            yield {"id": name, "html" if is_html else "text": text}
    except InputError as exc:
        yield {"id": name, "error": {"kind": exc.kind, "message": str(exc)}}
    except UnicodeDecodeError as exc:
        yield {"id": name, "error": {"kind": "not_text", "message": f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})"}}
    except OSError as exc:
        yield {"id": name, "error": {"kind": "unreadable", "message": f"{name}: {exc.strerror or exc}"}}


def iter_jsonl_lines(lines: Iterable[bytes | str], name: str) -> Iterator[dict]:
    """One record per non-blank line; a line that is not UTF-8 or not a JSON object is an
    error record `name:line`, and the lines after it are read as usual."""
    for number, line in enumerate(lines, 1):
        where = f"{name}:{number}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield {"id": where, "error": {"kind": "not_text", "message":
                       f"{where}: not UTF-8 (invalid byte 0x{line[exc.start]:02x} at column {exc.start + 1}); "
                       "the other lines are read"}}
                continue
        if not line.strip():
            continue
        yield json_line(line, where)


def json_line(line: str, where: str) -> dict:
    """The input record of one JSON line, or its error record."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": where, "error": {"kind": "malformed", "message": f"{where}: not a JSON object ({exc.msg} at column {exc.colno})"}}
    except RecursionError:
        return {"id": where, "error": {"kind": "malformed", "message": f"{where}: JSON nested too deeply"}}
    if not isinstance(record, dict):
        return {"id": where, "error": {"kind": "malformed", "message": f"{where}: a JSON line must be an object"}}
    if "id" in record and record["id"] is not None:
        record["id"] = str(record["id"])
    return record


def decode_bytes(data: bytes, name: str) -> str:
    if len(data) > MAX_CHARS * 4:
        raise TooLarge(f"over {MAX_CHARS * 4 // 1_000_000} MB; not a news article", name)
    if b"\x00" in data[:8192]:
        raise NotText("binary file (NUL bytes), not text", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotText(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})", name) from None


DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)""", re.I)


def decode_html(data: bytes, name: str) -> str:
    """An HTML page's text: UTF-8 when it is (the usual case, whatever a page declares),
    else the charset its <meta> declares (windows-1252, iso-8859-1, shift_jis, ...)."""
    try:
        return decode_bytes(data, name)
    except NotText as not_utf8:
        found = DECLARED_CHARSET.search(data[:8192])
        if found is None or b"\x00" in data[:8192]:
            raise
        charset = found.group(1).decode("ascii")
        try:
            return data.decode(charset)
        except LookupError:
            raise NotText(f"{not_utf8.message}, and its declared charset {charset!r} is unknown", name) from None
        except UnicodeDecodeError as exc:
            raise NotText(f"not {charset} text as declared (invalid byte 0x{data[exc.start]:02x} at offset "
                          f"{exc.start}), nor UTF-8", name) from None


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
