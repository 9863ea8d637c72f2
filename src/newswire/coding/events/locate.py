"""Where an event happened, by the first of five rules that gives a place:

1. clause: a place its own clause ties to it (the object of "in", "at", "near", "outside", "on",
   a visit's object), or a clause above it; a speech act is where it was said ("told reporters in
   Brussels");
2. sentence: a place its sentence ties to something else (the nearest), or where it started from,
   unless it is the place of another event of the sentence;
3. paragraph: the last place tied in an earlier sentence of its paragraph (a real paragraph, not
   a feed's whole story on one line);
4. dateline (else story, the lede's place): where the report comes from, for an event among
   actors of that country (or of the lede's countries) or with no country named; else country:
   an event whose actors are all of one country that the story names happened there ("the
   government has refused to relax the rules", in a story of Italy);
5. none.

The rule that chose it is the place's `how`. A country that is a side of the event is not its
place ("Russia attacked Ukraine"), and the dateline is metadata, never a clause's place."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ...model import Event
from ..actors import ActorTable, load_lexicon
from ..toponyms import Toponym, Toponyms, clause_toponym, doc_toponyms, is_origin, is_venue
from .clauses import clause_of
from .context import LONG_PARAGRAPH, mentions_starting_in


def locate(sent: Span, trigger: Token, table: ActorTable, event: Event, others=frozenset()) -> dict | None:
    """The event's place as a `location` dict with its rule as `how`, or None. `others`: the
    token indices of the sentence's other events' triggers, whose places are theirs."""
    found = doc_toponyms(sent.doc)
    excluded = actor_chars(sent, table, event)
    here = [t for t in found.in_sentence(sent)
            if is_venue(t) or not excluded.intersection(range(t.span.start_char, t.span.end_char))]
    best = clause_toponym(here, trigger)
    if best is not None:
        return best.place("clause").to_dict()
    # "talked to Putin in person, and then visited Kyiv": Kyiv is the visit's place, not the talk's
    tied = [t for t in here if (t.anchor is not None or is_origin(t.span)) and not t.qualifies
            and not (t.anchor is not None and clause_of(t.anchor).i in others)]
    if tied:
        return min(tied, key=lambda t: abs(t.span.root.i - trigger.i)).place("sentence").to_dict()
    earlier = paragraph_place(found, sent)
    if earlier is not None:
        return earlier.place("paragraph").to_dict()
    report = found.report
    if report is not None and report.country and from_there(report, found.lede_countries, table, event):
        return report.place("dateline" if report.dateline else "story").to_dict()
    home = home_country(table, event)
    if home in found.countries:  # "the government has refused": at home
        return found.countries[home].place("country").to_dict()
    return None


def home_country(table: ActorTable, event: Event) -> str | None:
    """The one country every actor of the event is of; None when one is of another, of none, or
    an international body ("Canada requested WTO consultations" is not told as in Canada)."""
    codes = {table.by_id[i].code if i in table.by_id else None for i in event.source + event.target}
    code = next(iter(codes)) if len(codes) == 1 else None
    return code if code in load_lexicon().country_names else None


def paragraph_place(found: Toponyms, sent: Span) -> Toponym | None:
    """The last place tied to what happened in an earlier sentence of the sentence's paragraph."""
    number = found.paragraph.get(sent.start)
    if number is None or found.sizes[number] > LONG_PARAGRAPH:
        return None
    at = found.order.index(sent.start)
    for start in reversed(found.order[:at]):
        if found.paragraph[start] != number:
            return None
        tied = [t for t in found.by_sentence[start] if t.anchor is not None and not t.qualifies]
        if tied:
            return tied[-1]
    return None


def from_there(report: Toponym, lede_countries: frozenset, table: ActorTable, event: Event) -> bool:
    """An event told from where the report comes from: one of its actors is of that country (or,
    for a lede's place, of a country the lede's actors are of), or none is of any ("ODESA —"
    places Ukraine's and Russia's strikes, not Washington's talks; "Modi visited Mauritius"
    places what India said there)."""
    countries = event_countries(table, event)
    return not countries or report.country in countries or bool(countries & lede_countries)


def event_countries(table: ActorTable, event: Event) -> set[str]:
    """The countries the event's actors are of."""
    codes = {table.by_id[i].code for i in event.source + event.target if i in table.by_id}
    return {c for c in codes if c and c in load_lexicon().country_names}


def actor_chars(sent: Span, table: ActorTable, event: Event) -> set[int]:
    """Characters of the event's country actors named as countries in this sentence: "Russia",
    not "Kharkiv" standing for Ukraine."""
    chars: set[int] = set()
    for actor_id in event.source + event.target:
        actor = table.by_id.get(actor_id)
        if actor is not None and actor.kind == "country":
            for m in mentions_starting_in(sent.doc, actor, sent.start_char, sent.end_char):
                named = load_lexicon().lookup(m.text)
                if named is not None and named.kind == "country":
                    chars.update(range(m.start, m.end))
    return chars
