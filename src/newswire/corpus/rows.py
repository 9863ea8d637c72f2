"""The Corpus's rows as text: JSON Lines and CSV, for the CLI's files and the
web's downloads alike. A list or struct is a JSON cell in CSV, compact (no
spaces), as `newswire export --format csv` writes it too (DuckDB's to_json)."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import TextIO

__all__ = ["cell", "write_jsonl", "write_csv", "counted"]


def cell(value) -> str:
    """One value as a CSV cell: empty for NULL, JSON for a list or a struct."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    return str(value)


def write_jsonl(rows: Iterable[dict], stream: TextIO) -> None:
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def write_csv(rows: Sequence[dict], stream: TextIO, columns: Sequence[str] | None = None) -> None:
    """The rows under a header of their keys (`columns` when there are none; no header without either)."""
    writer = csv.writer(stream)
    header = rows[0].keys() if rows else columns
    if header is not None:
        writer.writerow(header)
    writer.writerows([cell(v) for v in row.values()] for row in rows)


def counted(n: int, noun: str) -> str:
    """"1 event", "2 events", "1,282 quotes": `noun` is the plural."""
    return f"{n:,} {noun[:-1] if n == 1 and noun.endswith('s') else noun}"
