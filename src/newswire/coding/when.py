"""When: resolve the time expressions of a sentence against the publication date.

News rarely gives full dates: "on Tuesday", "in early May", "last week" only
mean something relative to when the story was published. Every function here
takes the publication date and, for past-tense events, never returns a date
after it (a story cannot report what has not happened yet).

Rules handle the patterns news uses most and that dateparser gets wrong or
does not know (early/mid/late, seasons, "earlier this month", "since 2014",
machine-translated "14 March past", weekdays on the publication day);
dateparser is the fallback for the long tail of formats ("2022-05-27",
"Dec. 8"). Word lists live in data/lexicon/date_words.tsv.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from ..lexicon import read_tsv
from ..nlp.docs import doc_text, sentence_ents

WORDS_FILE = "lexicon/date_words.tsv"
PRECISIONS = ("day", "month", "year", "range", "unresolved")


@dataclass(frozen=True)  # frozen: resolve() is cached, so results are shared
class DateInfo:
    start: str | None
    end: str | None
    precision: str
    text: str | None

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------
# lexicon


@lru_cache(maxsize=None)
def _words() -> dict[str, dict[str, str]]:
    """kind -> {word: value}, read once from date_words.tsv."""
    table: dict[str, dict[str, str]] = {}
    for row in read_tsv(WORDS_FILE):
        table.setdefault(row["kind"], {})[row["word"]] = row["value"]
    return table


@lru_cache(maxsize=None)  # called for every rule and phrase: the word lists never change
def _alt(kind: str) -> str:
    """A regex alternation of one kind of word, longest first so that
    "september" wins over "sep"."""
    words = sorted(_words()[kind], key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = _words()["number"].get(word)
    return int(value) if value else None


# --------------------------------------------------------------------------
# small date arithmetic


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())  # weeks start on Monday (ISO)


def _nearest_year(month: int, day: int, published: dt.date, past: bool) -> int:
    """The year that makes month/day the most recent one not after published
    (past) or the next one not before it (future)."""
    year = published.year
    day = min(day, calendar.monthrange(year, month)[1])
    if past and dt.date(year, month, day) > published:
        return year - 1
    if not past and dt.date(year, month, day) < published:
        return year + 1
    return year


def _make(start: dt.date | None, end: dt.date | None, precision: str, text: str,
          published: dt.date | None, past: bool) -> DateInfo | None:
    """Build a DateInfo, clipping the end of a past event to the publication
    date; a past event that would start after publication is no date at all."""
    if published and past and start:
        if start > published:
            return None
        if end and end > published:
            end = published
    return DateInfo(_iso(start), _iso(end), precision, text)


def _unresolved(text: str | None, published: dt.date | None) -> DateInfo:
    # Nothing better is known, but the event cannot be later than the story.
    return DateInfo(None, _iso(published), "unresolved", text)


# --------------------------------------------------------------------------
# phrase normalisation


def _normalise(phrase: str) -> str:
    p = phrase.lower().replace("\u2019", "'")
    p = re.sub(r"[\u2010-\u2015]", "-", p)
    p = re.sub(r"(?<=[a-z])\.", "", p)          # "Dec." -> "dec", "a.m." -> "am"
    p = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", p)  # "27th" -> "27"
    p = re.sub(r"[,;:]+(?!\d)", " ", p)          # keep "10:30"
    return re.sub(r"\s+", " ", p).strip(" -")


def _strip_prepositions(p: str) -> str:
    preps = _words()["preposition"]
    while True:
        head, _, rest = p.partition(" ")
        two = " ".join(p.split(" ")[:2])
        if rest and two in preps:
            p = p[len(two):].strip()
        elif rest and head in preps and not _is_lexicon_phrase(p):
            p = rest
        else:
            return p


def _is_lexicon_phrase(p: str) -> bool:
    w = _words()
    return p in w["relative_day"] or p in w["anaphoric"]


# --------------------------------------------------------------------------
# rules: each takes (p, published, past, text) and returns DateInfo | None


def _rule_anaphoric(p, published, past, text):
    """Phrases that point at another event ("before that", "nine days later",
    "a day after the signing"): without that event they give no date."""
    if p in _words()["anaphoric"] or re.fullmatch(_patterns()["anchored"], p):
        return _unresolved(text, published)
    return None


def _rule_clock(p, published, past, text):
    # A bare clock time ("10:30 EAT", "3 pm", "noon") is the day of the story.
    if re.fullmatch(_patterns()["clock"], p) or p in _words()["clock_word"]:
        return _make(published, published, "day", text, published, past)
    return None


def _rule_relative_day(p, published, past, text):
    offset = _words()["relative_day"].get(p)
    if offset is None:
        return None
    day = published + dt.timedelta(days=int(offset))
    return _make(day, day, "day", text, published, past)


def _unit_range(unit: str, d: dt.date) -> tuple[dt.date, dt.date, str]:
    """The calendar day/week/month/year containing d, with its precision."""
    if unit == "day":
        return d, d, "day"
    if unit == "week":
        return _week_start(d), _week_start(d) + dt.timedelta(days=6), "range"
    if unit == "month":
        return d.replace(day=1), _month_end(d.year, d.month), "month"
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31), "year"


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    return _add_months(d, 12 * n)


def _rule_ago(p, published, past, text):
    m = re.fullmatch(rf"(\d+|{_alt('number')}) ({_alt('unit')}) ago", p)
    if not m or _number(m[1]) is None:
        return None
    unit = _words()["unit"][m[2]]
    start, end, precision = _unit_range(unit, _shift(published, unit, -_number(m[1])))
    return _make(start, end, precision, text, published, past=True)


def _rule_deictic_unit(p, published, past, text):
    """"last week", "this month", "the past week", "earlier this month"."""
    m = re.fullmatch(rf"(?:the )?({_alt('deictic')}|{_alt('since_start')}|later this) "
                     rf"({_alt('unit')})", p)
    if not m:
        return None
    unit, which = _words()["unit"][m[2]], m[1]
    if which == "past":  # "the past week": a rolling period up to the story
        return _make(_shift(published, unit, -1), published, "range", text, published, past)
    if which in _words()["since_start"]:  # "earlier this month": from its start until now
        start, _, _ = _unit_range(unit, published)
        return _make(start, published, "range", text, published, past)
    if which == "later this":
        _, end, _ = _unit_range(unit, published)
        return _make(published, end, "range", text, published, past=False)
    n = int(_words()["deictic"][which])
    start, end, precision = _unit_range(unit, _shift(published, unit, n))
    if n == 0 and unit != "day":  # "this week": still going on
        precision = "range"
    return _make(start, end, precision, text, published, past and n <= 0)


def _rule_weekday(p, published, past, text):
    m = re.fullmatch(rf"(?:({_alt('deictic')}) )?({_alt('weekday')})"
                     rf"(?: ({_alt('day_part')}))?", p)
    if not m:
        return None
    target = int(_words()["weekday"][m[2]])
    which = _words()["deictic"].get(m[1] or "", "0")
    if which == "1" or (which == "0" and not past):   # the next one
        day = published + dt.timedelta(days=(target - published.weekday()) % 7)
        return _make(day, day, "day", text, published, past=False)
    back = (published.weekday() - target) % 7
    if which == "-1" and back == 0:  # "last Tuesday" said on a Tuesday
        back = 7
    day = published - dt.timedelta(days=back)
    return _make(day, day, "day", text, published, past)


def _rule_day_month(p, published, past, text):
    """"May 27", "27 May", "May 27 2022", "14 March past" (machine translation
    of "14 March last"), "Friday, May 27" is left to dateparser."""
    month_re, suffix = _alt("month"), _alt("translated_suffix")
    m = (re.fullmatch(rf"(?P<d>\d{{1,2}}) (?:of )?(?P<m>{month_re})(?: (?P<y>\d{{4}}))?(?: (?:{suffix}))?", p)
         or re.fullmatch(rf"(?P<m>{month_re}) (?P<d>\d{{1,2}})(?: (?P<y>\d{{4}}))?(?: (?:{suffix}))?", p))
    if not m:
        return None
    month, day = int(_words()["month"][m["m"]]), int(m["d"])
    year = int(m["y"]) if m["y"] else _nearest_year(month, day, published, past)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    d = dt.date(year, month, day)
    return _make(d, d, "day", text, published, past)


def _month_year(month: int, year: str | None, published, past) -> tuple[int, int]:
    # An unqualified month is the latest one that has begun (past) or the next
    # one that has not ended (future).
    if year:
        return month, int(year)
    return month, _nearest_year(month, 1 if past else 28, published, past)


def _rule_part_of_month(p, published, past, text):
    """"early May", "mid-May", "late May 2022", "the end of March"."""
    m = re.fullmatch(rf"(?:the )?({_alt('part')})[- ]?(?:of )?({_alt('month')})(?: (\d{{4}}))?", p)
    if not m:
        return None
    month, year = _month_year(int(_words()["month"][m[2]]), m[3], published, past)
    first, last = (int(x) for x in _words()["part"][m[1]].split("-"))
    last = min(last, calendar.monthrange(year, month)[1])
    return _make(dt.date(year, month, first), dt.date(year, month, last), "range",
                 text, published, past)


def _rule_part_of_year(p, published, past, text):
    """"early 2014", "late 2021": thirds of the year."""
    m = re.fullmatch(rf"(?:the )?({_alt('part')})[- ]?(?:of )?(\d{{4}})", p)
    if not m:
        return None
    third = {"1": 0, "11": 1, "21": 2}[_words()["part"][m[1]].split("-")[0]]
    year = int(m[2])
    start = dt.date(year, 1 + 4 * third, 1)
    return _make(start, _month_end(year, 4 + 4 * third), "range", text, published, past)


def _rule_month(p, published, past, text):
    m = re.fullmatch(rf"({_alt('month')})(?: of)?(?: (\d{{4}}))?", p)
    if not m:
        return None
    month, year = _month_year(int(_words()["month"][m[1]]), m[2], published, past)
    return _make(dt.date(year, month, 1), _month_end(year, month), "month",
                 text, published, past)


def _rule_season(p, published, past, text):
    """Seasons, northern-hemisphere meteorological (the wire services' usage)."""
    m = re.fullmatch(rf"(?:(?:the )?({_alt('deictic')}) )?(?:the )?({_alt('season')})"
                     rf"(?: of)?(?: (\d{{4}}))?", p)
    if not m:
        return None
    first, last = (int(x) for x in _words()["season"][m[2]].split("-"))

    def bounds(year: int) -> tuple[dt.date, dt.date]:
        end_year = year + 1 if last < first else year  # winter runs into the next year
        return dt.date(year, first, 1), _month_end(end_year, last)

    if m[3]:
        start, end = bounds(int(m[3]))
    else:
        year = published.year
        while bounds(year)[0] > published:  # the latest season that has begun
            year -= 1
        n = int(_words()["deictic"].get(m[1] or "", "0"))
        if n < 0 and bounds(year)[1] < published:
            n = 0  # "last winter" said in May: the winter just ended
        start, end = bounds(year + n)
    return _make(start, end, "range", text, published, past)


def _rule_year(p, published, past, text):
    if m := re.fullmatch(r"(1[89]\d\d|2[01]\d\d)", p):
        y = int(m[1])
        return _make(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", text, published, past)
    if m := re.fullmatch(r"(1[89]\d|2[01]\d)0s", p):  # "the 1990s"
        y = int(m[1]) * 10
        return _make(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "range", text, published, past)
    return None


_PERIOD_PRECISION = {"day": "day", "time": "day", "part_of_day": "day",
                     "week": "range", "month": "month", "year": "year"}


def _rule_dateparser(p, published, past, text):
    """The long tail ("2022-05-27", "27/05/2022", "Friday, May 27")."""
    if not re.search(rf"\d|\b(?:{_alt('month')}|{_alt('weekday')})\b", p):
        return None  # without a number or a name it would only guess
    found = _dateparser(p, published, past)
    if found is None:
        return None
    day, period = found
    if period == "time" and not re.search(r"\d[:.]\d\d|\b[ap]m\b", p):
        return None  # dateparser's "time" for text that is not a clock time is noise
    unit = {"week": "week", "month": "month", "year": "year"}.get(period, "day")
    start, end, _ = _unit_range(unit, day)
    return _make(start, end, _PERIOD_PRECISION.get(period, "day"), text, published, past)


@lru_cache(maxsize=8192)
def _dateparser(p: str, published: dt.date, past: bool) -> tuple[dt.date, str] | None:
    if len(p) <= 4 and p.isascii() and p.isdigit():
        return None  # strict parsing reads no bare number of 1-4 digits as a date (all 11,110 tried)
    # Imported lazily: dateparser takes ~0.3 s to load its language data.
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
        "PREFER_DATES_FROM": "past" if past else "future",
        "RETURN_TIME_AS_PERIOD": True,
        # A bare number ("12") is not a date; strict parsing refuses to invent
        # the missing month and year.
        "STRICT_PARSING": p.isdigit(),
    }
    # languages=["en"]: no language detection, hence nothing to download.
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(p)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


@lru_cache(maxsize=None)
def _patterns() -> dict[str, str]:
    w = _alt
    return {
        "anchored": rf"(?:\d+|{w('number')}) (?:{w('unit')}) (?:{w('after_anchor')}|{w('before_anchor')})(?: .+)?",
        "clock": r"\d{1,2}(?:[:.]\d\d ?(?:[ap]m)?|(?:[:.]\d\d)? ?[ap]m)(?: [a-z]{2,5})?(?: local time)?",
    }



def _rule_past_n(p, published, past, text):
    """"the past two weeks", "the last 10 days": a rolling period up to now."""
    m = re.fullmatch(rf"(?:the )?(?:past|last) (\d+|{_alt('number')}) ({_alt('unit')})", p)
    if not m or _number(m[1]) is None:
        return None
    unit = _words()["unit"][m[2]]
    return _make(_shift(published, unit, -_number(m[1])), published, "range", text, published, past)


def _is_duration(p: str) -> bool:
    # "nearly 100 days", "two years": how long, not when.
    return bool(re.fullmatch(rf"(?:(?:{_alt('hedge')}) )*(?:\d+|{_alt('number')}) ({_alt('unit')})", p))


# Rules in order: the first that recognises the phrase wins.
_RULES = (_rule_anaphoric, _rule_clock, _rule_relative_day, _rule_ago, _rule_past_n,
          _rule_deictic_unit, _rule_weekday, _rule_day_month, _rule_part_of_month,
          _rule_part_of_year, _rule_month, _rule_season, _rule_year, _rule_dateparser)

_FAR_FUTURE = dt.date(9999, 12, 30)


# --------------------------------------------------------------------------
# public API


def resolve(phrase: str, published: dt.date | None, tense_past: bool = True) -> DateInfo | None:
    """One time expression -> a DateInfo, or None when it is not a date at all
    (a duration, a bare number). Anaphoric phrases ("before that") come back
    unresolved with end = published."""
    if isinstance(published, dt.datetime):
        published = published.date()
    return _resolve(phrase, published, tense_past)


@lru_cache(maxsize=16384)
def _resolve(phrase: str, published: dt.date | None, past: bool) -> DateInfo | None:
    p = _normalise(phrase)
    since = re.match(rf"(?:{_alt('since')}) ", p)
    p = _strip_prepositions(p[since.end():] if since else p)
    if not p or _is_duration(p):
        return None
    if published is None and not re.search(r"\b\d{4}\b", p):
        # Relative to nothing: it is a date, but no day can be named.
        return DateInfo(None, None, "unresolved", phrase)
    year_of = re.fullmatch(r"(.+?) of (this|last|next) year", p)
    if year_of and published is not None:  # "January of this year", "the end of May last year"
        shift = {"this": 0, "last": -1, "next": 1}[year_of[2]]
        p = f"{year_of[1]} {published.year + shift}"
    info = _apply_rules(p, published or _FAR_FUTURE, past, phrase)
    if since and info and info.start:
        # "since 2014": from the start of that period until the story.
        return DateInfo(info.start, _iso(published), "range", phrase)
    return info


def _apply_rules(p: str, published: dt.date, past: bool, text: str) -> DateInfo | None:
    for rule in _RULES:
        if (info := rule(p, published, past, text)) is not None:
            return info
    # "Friday night", "May 27 evening", "yesterday morning": the day is what counts.
    head, _, last = p.rpartition(" ")
    if head and last in _words()["day_part"]:
        return _apply_rules(head, published, past, text)
    return None


# --------------------------------------------------------------------------
# finding the phrases in a parsed sentence


@lru_cache(maxsize=None)
def _phrase_regex() -> re.Pattern:
    """What the NER misses or cuts short. Month and weekday names must be
    capitalised ((?-i:...)) so that "may" the verb and "march" the walk are
    not dates; the rest is case-insensitive."""
    cap = lambda kind: "|".join(w.capitalize() for w in sorted(_words()[kind], key=len, reverse=True) if len(w) > 3)
    month, weekday = cap("month"), cap("weekday")
    n, unit = _alt("number"), _alt("unit")
    parts = [
        rf"(?:{_alt('anaphoric')})",
        rf"(?:\d+|{n}) (?:{unit}) (?:later|earlier|ago)",
        rf"(?:\d+|{n}) (?:{unit}) (?:after|before) (?:that|the \w+)",
        rf"(?:{_alt('since')}) (?:(?-i:{month}) )?\d{{4}}",
        rf"(?:earlier|later) this (?:{unit})",
        rf"(?:on )?\d{{1,2}}(?:st|nd|rd|th)? (?-i:{month})(?: \d{{4}})?(?: (?:{_alt('translated_suffix')})\b(?! (?:{unit})))?",
        rf"(?:on )?(?-i:{month}) \d{{1,2}}(?:st|nd|rd|th)?\b(?:,? \d{{4}})?",
        rf"(?:in )?(?:{_alt('part')})[- ](?-i:{month})",
        rf"(?:on )?(?:(?:last|this|next) )?(?-i:{weekday})(?: (?:{_alt('day_part')}))?",
        r"(?:at )?\d{1,2}(?:[:.]\d\d(?: ?[ap]\.?m\.?)?|(?:[:.]\d\d)? ?[ap]\.?m\.?)(?: (?-i:[A-Z]{2,4})\b)?",
        rf"(?:in )?(?-i:{month})(?: \d{{4}})?",
    ]
    return re.compile(r"\b(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _entity_spans(sent) -> list[tuple[int, int]]:
    """DATE/TIME entities, widened to the word before that changes their
    meaning ("since 2014", "on May 27") and the translated "past" after."""
    spans = []
    lead = set(_words()["since"]) | set(_words()["preposition"]) | set(_words()["part"])
    for ent in sentence_ents(sent):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end = ent.start_char, ent.end_char
        if ent.start > sent.start and ent.doc[ent.start - 1].lower_ in lead:
            start = ent.doc[ent.start - 1].idx
        nxt = ent.end < sent.end and ent.doc[ent.end]
        if nxt and nxt.lower_ in _words()["translated_suffix"] and nxt.dep_ != "amod":
            end = nxt.idx + len(nxt)
        spans.append((start, end))
    return spans


def find_date_phrases(sent) -> list[tuple[int, int, str]]:
    """(start_char, end_char, phrase) of each time expression in a spaCy Span,
    offsets into the Doc's text, in reading order. Entities and regex matches
    that overlap or touch are merged ("Friday" + "night")."""
    text, base = doc_text(sent.doc), sent.start_char
    spans = _entity_spans(sent)
    spans += [(base + m.start(), base + m.end()) for m in _phrase_regex().finditer(sent.text)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1 and not text[merged[-1][1]:start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e, text[s:e]) for s, e in merged]


# --------------------------------------------------------------------------
# the date of a sentence's event


def _is_future(sent, char: int | None = None) -> bool:
    """Whether the verb that a time phrase (at char) hangs from, or else the
    main verb, has a future auxiliary. The verb's own auxiliary decides:
    "Kirby said on Friday Russia will continue" reports a past saying."""
    markers = _words()["future_marker"]
    token = sent.root
    if char is not None:
        token = next((t for t in sent if t.idx <= char < t.idx + len(t)), sent.root)
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            token = token.head
    return any(t.dep_ == "aux" and t.lower_ in markers for t in token.children)


def anchor_relative(phrase: str, anchor: DateInfo | None, published: dt.date | None) -> DateInfo | None:
    """Resolve an anaphoric phrase against the date of the event it points to:
    "nine days later" -> anchor + 9 days, "before that" -> ends before the anchor."""
    if anchor is None or anchor.start is None:
        return None
    start = dt.date.fromisoformat(anchor.start)
    p = _strip_prepositions(_normalise(phrase))
    kind = _words()["anaphoric"].get(p)
    m = re.fullmatch(rf"(\d+|{_alt('number')}) ({_alt('unit')}) ({_alt('after_anchor')}|{_alt('before_anchor')})(?: that)?", p)
    if m and _number(m[1]) is not None:
        n = _number(m[1]) * (1 if m[3] in _words()["after_anchor"] else -1)
        kind = f"{n:+d}" if _words()["unit"][m[2]] == "day" else None
    if kind == "before":
        return DateInfo(None, _iso(start - dt.timedelta(days=1)), "unresolved", phrase)
    if kind == "after":
        return _make(start, published or start, "range", phrase, published, True)
    if kind == "same":
        return DateInfo(anchor.start, anchor.end, anchor.precision, phrase)
    if kind and anchor.precision == "day":  # "+1", "-9": only a day anchors a day
        day = start + dt.timedelta(days=int(kind))
        return _make(day, day, "day", phrase, published, True)
    return None


def date_for_sentence(sent, published, paragraph_date: DateInfo | None = None,
                      article_date: DateInfo | None = None,
                      tense_past: bool | None = None) -> DateInfo:
    """The date of the event told in this sentence: its own time phrase, else
    the paragraph's time frame, else the article's, else unresolved with
    end = published (the latest the event can be). tense_past=None reads the
    tense from the verb each phrase hangs from."""
    if isinstance(published, dt.datetime):
        published = published.date()
    anaphoric = None
    for start, _, phrase in find_date_phrases(sent):
        past = not _is_future(sent, start) if tense_past is None else tense_past
        info = resolve(phrase, published, past)
        if info is None:
            continue
        if info.precision != "unresolved":
            return info
        anaphoric = anaphoric or anchor_relative(phrase, paragraph_date, published) or info
    if anaphoric is not None:
        return anaphoric
    for frame in (paragraph_date, article_date):
        if frame is not None and frame.precision != "unresolved":
            return frame
    return _unresolved(None, published)
