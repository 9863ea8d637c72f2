"""Which inputs become articles: one rule for `ingest`, `newswire import` and the Spark job.

    >>> seen = Seen()
    >>> admit("wire-1", digest, "https://wire.example/1", seen).admitted
    True

An input is skipped when its id is stored already, or when the same text (the
same content hash) is stored already from the same origin (`origin`: its URL,
else its outlet). The same text from another outlet is a republication: it is
admitted, stored as an article of its own, and linking finds what it copies.

`admit` only reads `seen`; whoever stores the input records it with `Seen.add`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Admitted", "Seen", "admit", "origin", "NEW", "SAME_ID", "OTHER_TEXT", "SAME_TEXT_SAME_ORIGIN"]

NEW = "new"  # neither its id nor its text from its origin is stored: store it
SAME_ID = "same_id"  # its id is stored, with the same text: already there
OTHER_TEXT = "other_text"  # its id is stored with another text: not a copy, a clash of ids
SAME_TEXT_SAME_ORIGIN = "same_text_same_origin"  # the same text from the same origin under another id


@dataclass(frozen=True)
class Admitted:
    """The verdict on one input: whether to store it, and why (one of the reasons above)."""

    admitted: bool
    reason: str

    def __bool__(self) -> bool:
        return self.admitted


@dataclass
class Seen:
    """What is stored (or admitted) already: id → content hash, and (content hash, origin) pairs."""

    ids: dict[str, str] = field(default_factory=dict)
    inputs: set[tuple[str, str]] = field(default_factory=set)

    def add(self, article_id: str, digest: str, where: str = "") -> None:
        self.ids[article_id] = digest
        self.inputs.add((digest, where))


def origin(record: dict) -> str:
    """Where an input comes from: its URL, else its outlet (`source`), else nothing."""
    return str(record.get("url") or record.get("source") or "")


def admit(article_id: str, digest: str, where: str, seen: Seen) -> Admitted:
    """Whether the input (`article_id`, content hash `digest`, origin `where`) is to be stored."""
    stored = seen.ids.get(article_id)
    if stored is not None:
        return Admitted(False, SAME_ID if stored == digest else OTHER_TEXT)
    if (digest, where) in seen.inputs:
        return Admitted(False, SAME_TEXT_SAME_ORIGIN)
    return Admitted(True, NEW)
