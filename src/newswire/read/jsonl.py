"""JSON Lines: one input record per line; a bad line is an error record, and the lines after it are read."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator


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
