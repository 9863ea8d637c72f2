"""The recipient policy: an event of a type that acts on a recipient is kept only
when its recipient resolves to an actor.

Which types act on a recipient is data (data/plover/types.tsv, column
`recipient`, each row citing the PLOVER manual). A compound actor stands in for
a recipient where its parties act with each other, as the manual codes every
participant of a meeting or of two-sided violence as the actor (l.253, l.937). Nothing is dropped silently: the events
left out are counted, per type, for the record's warnings."""
from __future__ import annotations

from collections import Counter

from ...model import Event
from ...plover import FREE_MODES, RECIPIENT


# Types whose participants act with each other, so that a compound actor is its own recipient: the
# manual's meetings (l.253) and two-sided violence (l.937), and agreements, cooperation and ties
# between the parties (GOLD.md: "Poland and Lithuania agreed" is one event listing every actor).
# "The Philippines and China have been disputing fishing rights" accuses no one named.
MUTUAL_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT", "ASSAULT"})


def needs_recipient(event: Event) -> bool:
    """True when the event's type acts on a recipient and the event has none."""
    if RECIPIENT.get(event.type, "optional") == "optional" or event.mode in FREE_MODES.get(event.type, ()):
        return False  # "the minister resigned": a mode the manual defines with no one acted on
    return not event.target and (len(event.source) < 2 or event.type not in MUTUAL_TYPES)


def apply_recipient_policy(events: list[Event]) -> tuple[list[Event], list[str]]:
    """The events kept, and one warning per type for those left out."""
    kept = [event for event in events if not needs_recipient(event)]
    left_out = Counter(event.type for event in events if needs_recipient(event))
    warnings = [f"{count} {kind} event{'s' if count > 1 else ''} without a recipient left out"
                for kind, count in sorted(left_out.items())]
    return kept, warnings
