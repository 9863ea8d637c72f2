"""Stage 1, read: turn files, folders and JSON Lines into input records.

An input record is a dict of the contract's input fields (`id`, `text` or
`html`, `title`, `url`, `source`, `published`). What cannot be read becomes
`{"id", "error": {"kind", "message"}}` so that one bad file never stops a
batch."""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator

from ..errors import InputError, NotText, TooLarge
from .jsonl import iter_jsonl_lines

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
            is_html = lower.endswith(HTML_SUFFIXES) or looks_like_html(_head(data))
            text = decode_html(data, name) if is_html else decode_bytes(data, name)
            yield {"id": name, "html" if is_html else "text": text}
    except InputError as exc:
        yield {"id": name, "error": {"kind": exc.kind, "message": str(exc)}}
    except UnicodeDecodeError as exc:
        yield {"id": name, "error": {"kind": "not_text", "message": f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})"}}
    except OSError as exc:
        yield {"id": name, "error": {"kind": "unreadable", "message": f"{name}: {exc.strerror or exc}"}}


# Byte-order marks (Unicode Standard, 23.8), longest first: a UTF-32-LE mark
# begins with the UTF-16-LE one. Windows tools (Notepad, PowerShell's `>`) write
# UTF-16 with a mark, so a mark is the one sure sign of these encodings.
BYTE_ORDER_MARKS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def bom_codec(data: bytes) -> str | None:
    """The codec a UTF-16 or UTF-32 byte-order mark names, else None."""
    return next((codec for mark, codec in BYTE_ORDER_MARKS if data.startswith(mark)), None)


def _head(data: bytes) -> str:
    """The first characters of a file, enough to tell HTML from text."""
    codec = bom_codec(data)
    if codec:
        return data[:4096].decode(codec, errors="ignore")
    return data[:1024].removeprefix(b"\xef\xbb\xbf").decode("latin-1")


def decode_bytes(data: bytes, name: str) -> str:
    if len(data) > MAX_CHARS * 4:
        raise TooLarge(f"over {MAX_CHARS * 4 // 1_000_000} MB; not a news article", name)
    codec = bom_codec(data)
    if codec:  # the codec strips the mark; its NUL bytes are not a sign of binary
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise NotText(f"not {codec.upper()} text despite its byte-order mark (invalid bytes at offset "
                          f"{exc.start})", name) from None
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
