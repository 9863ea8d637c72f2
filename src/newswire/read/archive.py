"""Read input records from archives: gzip JSON Lines and WARC (Common Crawl CC-NEWS).

`iter_archive(path)` never raises for bad input: what cannot be read becomes
`{"id", "error": {"kind", "message"}}` and reading goes on where it can (the
lines before a truncation, the WARC records after a corrupt one).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from urllib.parse import urlsplit

__all__ = ["iter_archive", "iter_jsonl_gz", "iter_warc"]

MAX_RESYNCS = 100  # corrupt WARC records skipped per file before giving up


def iter_archive(path: str, name: str | None = None) -> Iterator[dict]:
    """Input records of one archive; `name` (default: the file name) prefixes ids and messages."""
    lower = os.path.basename(path).lower()
    if lower.endswith((".warc", ".warc.gz")):
        yield from iter_warc(path, name)
    else:
        yield from iter_jsonl_gz(path, name)


def _error(record_id: str, kind: str, message: str) -> dict:
    return {"id": record_id, "error": {"kind": kind, "message": message}}


def iter_jsonl_gz(path: str, name: str | None = None) -> Iterator[dict]:
    from .jsonl import iter_jsonl_lines

    name = name or os.path.basename(path)
    number = 0
    try:
        with gzip.open(path, "rb") as lines:  # bytes: a line that is not UTF-8 fails alone
            for record in iter_jsonl_lines(_counted(lines), name):
                yield record
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        number = _counted.last
        yield _error(f"{name}:{number + 1}", "truncated",
                     f"{name}: compressed data ends or breaks after line {number} ({exc}); "
                     "the lines before were read")
    except OSError as exc:
        yield _error(name, "unreadable", f"{name}: {exc.strerror or exc}")


class _LineCounter:
    """Iterate lines and remember how many were read whole (for the truncation message)."""

    last = 0

    def __call__(self, lines):
        self.last = 0
        for line in lines:
            yield line
            self.last += 1


_counted = _LineCounter()


def _json_line(line: str, where: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(where, "malformed", f"{where}: not a JSON object ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return _error(where, "malformed", f"{where}: a JSON line must be an object")
    if record.get("id") is not None:
        record["id"] = str(record["id"])
    return record


def iter_warc(path: str, name: str | None = None) -> Iterator[dict]:
    """HTML `response` records of a WARC file; a corrupt or cut record is reported and skipped.

    A file that does not start as a WARC is one error record (warcio would read any
    text as a string of empty records); a file cut short reports its last record."""
    from warcio.archiveiterator import ArchiveIterator

    name = name or os.path.basename(path)
    gzipped = path.lower().endswith(".gz")
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield _error(name, "unreadable", f"{name}: {exc.strerror or exc}")
        return
    with handle:
        problem = _not_warc(handle, gzipped)
        if problem:
            yield _error(name, "not_warc", f"{name}: not a WARC file ({problem}); nothing in it was read")
            return
        offset, resyncs = 0, 0
        while True:
            handle.seek(offset)
            records = ArchiveIterator(handle)
            last = offset
            try:
                for record in records:
                    last = records.offset
                    item = _warc_input(record, name, records.offset)
                    if item is not None:
                        yield item
                if gzipped and not _members_complete(handle, last):
                    yield _error(f"{name}@{last}", "truncated",
                                 f"{name}: the file is cut short: its compressed data ends early after the record at "
                                 f"byte {last}; a record there was cut or lost")
                return
            except Exception as exc:  # warcio raises many kinds for a bad record
                position = records.offset  # start of the record that failed
                yield _error(f"{name}@{position}", "corrupt_record",
                             f"{name}: unreadable WARC record at byte {position} ({type(exc).__name__}: {exc})")
            resyncs += 1
            offset = _next_record(handle, position + 1, path.lower().endswith(".gz"))
            if offset is None or resyncs > MAX_RESYNCS:
                return


def _not_warc(handle, gzipped: bool) -> str | None:
    """Why the file is not a WARC, from its first bytes; None when it starts as one."""
    head = handle.read(1 << 16)
    handle.seek(0)
    if not head:
        return "it is empty"
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error as exc:
            return f"its gzip data is broken: {exc}"
    elif gzipped:
        return "not gzip-compressed, though named .gz"
    if head.startswith(b"WARC/"):
        return None
    return f"it starts with {head[:40]!r}, not 'WARC/'"


def _members_complete(handle, start: int) -> bool:
    """Whether every gzip member from `start` to the end of the file is whole."""
    handle.seek(start)
    data = handle.read()
    while data:
        member = zlib.decompressobj(wbits=31)
        try:
            member.decompress(data)
        except zlib.error:
            return False
        if not member.eof:
            return False
        data = member.unused_data
    return True


def _next_record(handle, start: int, gzipped: bool) -> int | None:
    """Offset of the next plausible record start after `start` (a gzip member or `WARC/1.`)."""
    marker = b"\x1f\x8b\x08" if gzipped else b"\nWARC/1."
    skip = 0 if gzipped else 1
    handle.seek(start)
    base, tail = start, b""
    while True:
        block = handle.read(1 << 20)
        if not block:
            return None
        data = tail + block
        found = data.find(marker)
        if found >= 0:
            return base - len(tail) + found + skip
        tail = data[-(len(marker) - 1):]
        base += len(block)


def _warc_input(record, name: str, position: int) -> dict | None:
    if record.rec_type != "response":
        return None
    headers = record.http_headers
    ctype = (headers.get_header("Content-Type") if headers else None) or "text/html"
    if "html" not in ctype.lower():
        return None
    body = record.content_stream().read()
    url = record.rec_headers.get_header("WARC-Target-URI")
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    if not record_id:
        record_id = "sha1-" + hashlib.sha1(body).hexdigest()[:16]
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:  # Content-Length promised more than the file holds: cut short
        return _error(record_id, "truncated", f"{name}@{position}: the record ({url}) is cut short, "
                      f"{missing:,} bytes missing; the file ends inside it")
    if not body.strip():
        return _error(record_id, "empty", f"{name}@{position}: the response has no body")
    item = {"id": record_id, "html": body.decode(_charset(ctype), errors="replace"), "url": url,
            "published": record.rec_headers.get_header("WARC-Date")}
    host = urlsplit(url).hostname if url else None
    if host:
        item["source"] = host.removeprefix("www.")
    return item


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            try:
                "".encode(value.strip('"'))
                return value.strip('"')
            except LookupError:
                break
    return "utf-8"
