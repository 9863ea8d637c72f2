"""Stage 5: direct, split, multi-paragraph and indirect quotes, and who said them."""
from __future__ import annotations

import pytest

HEAD = "Ministers meet in Brussels over grain exports\n\n"
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "we", "i", "you", "his", "its", "their"}


def quotes_of(extract, body):
    record = extract(HEAD + body)
    for q in record["quotes"]:
        # every span points into text and the quote text is its parts joined by one space
        parts = [record["text"][s["start"]:s["end"]] for s in q["spans"]]
        assert " ".join(p.strip(" ,") for p in parts) == q["text"] or len(parts) == 1 and parts[0] == q["text"]
        assert (q["speaker_name"] or "").lower() not in PRONOUNS
    return record["quotes"]


def only(quotes, kind=None):
    chosen = [q for q in quotes if kind is None or q["kind"] == kind]
    assert len(chosen) == 1, chosen
    return chosen[0]


@pytest.mark.parametrize("opening, closing", [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“")])
def test_direct_quote_in_each_kind_of_mark(extract, opening, closing):
    body = f"{opening}We will not sign this agreement in its current form,{closing} Ferreira said."
    q = only(quotes_of(extract, body), "direct")
    assert q["text"] == "We will not sign this agreement in its current form"
    assert q["speaker_name"] == "Ferreira"


def test_quote_split_by_attribution_is_one_quote(extract):
    body = ("“The talks were constructive, but a lot of work remains,” Ana Ferreira said, "
            "“and we expect another round in Brussels next week.”")
    q = only(quotes_of(extract, body))
    assert q["kind"] == "direct"
    assert q["text"] == ("The talks were constructive, but a lot of work remains "
                         "and we expect another round in Brussels next week.")
    assert len(q["spans"]) == 2
    assert q["speaker_name"] == "Ana Ferreira"


def test_quote_continued_after_attribution_sentence(extract):
    body = "“We will not sign this agreement in its current form,” Ferreira said. “Not now, and not ever.”"
    q = only(quotes_of(extract, body))
    assert q["text"] == "We will not sign this agreement in its current form Not now, and not ever."
    assert len(q["spans"]) == 2 and q["speaker_name"] == "Ferreira"


def test_paragraph_all_in_quotes_continues_the_last_speaker(extract):
    body = ("Ana Ferreira, the agriculture minister, spoke to reporters on Tuesday.\n\n"
            "“We are ready to talk,” Ferreira said.\n\n"
            "“But we will not be pushed into signing something that harms our farmers. "
            "That is simply not acceptable to us.”")
    quotes = quotes_of(extract, body)
    assert [q["text"] for q in quotes] == [
        "We are ready to talk",
        "But we will not be pushed into signing something that harms our farmers. That is simply not acceptable to us.",
    ]
    assert all(q["speaker_name"] in ("Ferreira", "Ana Ferreira") for q in quotes)


def test_unclosed_paragraph_continues_into_the_next(extract):
    body = ("“The first part of the plan covers the ports,” Ferreira said.\n\n"
            "“The second part covers the storage of grain in silos near the border.\n\n"
            "“The third part is about money and who pays for it.”")
    quotes = quotes_of(extract, body)
    joined = " ".join(q["text"] for q in quotes)
    assert "The second part covers the storage of grain" in joined
    assert "The third part is about money and who pays for it" in joined
    assert all(q["speaker_name"] == "Ferreira" and q["kind"] == "direct" for q in quotes)


def test_indirect_said_that(extract):
    q = only(quotes_of(extract, "Ana Ferreira also said that Russia will continue to block the ports of the Black Sea for months."))
    assert q["kind"] == "indirect"
    assert q["text"] == "Russia will continue to block the ports of the Black Sea for months"
    assert q["speaker_name"] == "Ana Ferreira"


def test_indirect_by_an_organisation(extract):
    q = only(quotes_of(extract, "However, the Portuguese foreign ministry later said it was not satisfied with the outcome of the talks."))
    assert q["kind"] == "indirect"
    assert q["text"] == "it was not satisfied with the outcome of the talks"
    assert q["speaker_name"] == "Portuguese foreign ministry"


def test_indirect_according_to(extract):
    q = only(quotes_of(extract, "According to Ana Ferreira, the ports will reopen by the end of the month."))
    assert q["kind"] == "indirect" and q["cue"] == "according to"
    assert q["text"] == "the ports will reopen by the end of the month"
    assert q["speaker_name"] == "Ana Ferreira"


def test_speaker_named_after_the_quote_with_apposition(extract):
    q = only(quotes_of(extract, "“We will not accept any deal that leaves farmers behind,” said Ana Ferreira, a spokeswoman for the ministry."))
    assert q["text"] == "We will not accept any deal that leaves farmers behind"
    assert q["speaker_name"] == "Ana Ferreira"


def test_speaker_by_pronoun_resolves_to_the_person(extract):
    body = "Ana Ferreira was asked about the ports. “We are doing everything we can to reopen them soon,” she told reporters."
    q = only(quotes_of(extract, body))
    assert q["speaker_name"] == "Ana Ferreira"


def test_cue_is_the_reporting_word_of_the_quote(extract):
    body = "Ana Ferreira was asked about the ports. “We are doing everything we can to reopen them soon,” she told reporters."
    assert only(quotes_of(extract, body))["cue"] == "told"
    assert only(quotes_of(extract, "“We will not sign this agreement in its current form,” Ferreira said."))["cue"] == "said"


def test_speaker_by_pronoun_with_added(extract):
    body = "Ana Ferreira spoke on Monday. “The third part of the plan is about money,” she added."
    q = only(quotes_of(extract, body))
    assert q["speaker_name"] == "Ana Ferreira" and q["kind"] == "direct"


def test_unresolvable_pronoun_leaves_the_speaker_empty(extract):
    q = only(quotes_of(extract, "“The talks were constructive, but a lot of work remains,” she said."))
    assert q["speaker"] is None and q["speaker_name"] is None


def test_organisation_speaker_of_a_partial_quote(extract):
    body = "The European Commission said in a statement that it “deeply regrets the decision to close the ports to grain ships.”"
    q = only(quotes_of(extract, body))
    assert "deeply regrets the decision to close the ports" in q["text"]
    assert q["speaker_name"] == "European Commission"


def test_colon_lead_in(extract):
    body = "Ana Ferreira put it bluntly: “Without access to the ports, the whole harvest will rot in silos.”"
    q = only(quotes_of(extract, body))
    assert q["text"].startswith("Without access to the ports")
    assert q["speaker_name"] == "Ana Ferreira"


def test_speaker_by_subject_unknown_surname(extract):
    q = only(quotes_of(extract, "“I can no longer defend a budget that I do not believe in,” Tavares told reporters in Lisbon on Friday."))
    assert q["speaker_name"] == "Tavares"


@pytest.mark.parametrize("body", [
    'The minister described the proposal as "unfair" and left the meeting early after a long argument with officials.',
    "Critics called the deal a “sell-out” of farmers and promised to challenge it in the courts next month.",
    'Ferreira, who starred in the film "The Long Harvest" years ago, now runs the ministry of agriculture in Lisbon.',
    'The militia leader, known as "The Butcher", was arrested on Monday by police in the capital city.',
])
def test_scare_quotes_titles_and_nicknames_are_not_quotes(extract, body):
    assert [q for q in quotes_of(extract, body) if q["kind"] == "direct"] == []


def test_an_initial_or_abbreviation_in_the_attribution_does_not_end_its_sentence(extract):
    body = ("\"There is a need for more oversight in the program,\" said Maria T. Delgado, a Denver lawyer "
            "who has worked on such projects for years. \"Without it, the funds are exposed to fraud.\"")
    q = only(quotes_of(extract, body), "direct")
    assert q["text"] == ("There is a need for more oversight in the program "
                         "Without it, the funds are exposed to fraud.")


def test_two_apostrophe_marks_join_a_quote_around_its_attribution(extract):
    body = ("The plan is a modest overhaul. ''It's more tinkering at the edges,'' said Ruth Mendel, an economist "
            "at the Harmon Institute's tax center. ''I wouldn't call it reform. It's basically a tax increase.''")
    q = only(quotes_of(extract, body), "direct")
    assert q["text"].startswith("It's more tinkering at the edges I wouldn't call it reform.")
    assert q["speaker_name"] == "Ruth Mendel"


def test_a_party_and_state_tag_does_not_end_the_attribution_sentence(extract):
    body = ("“The governor was prepared. The governor was qualified,” Sen. Carla Reyes (D-Mo.) said. "
            "“She was a worthy rival in state politics.”")
    q = only(quotes_of(extract, body), "direct")
    assert q["text"].endswith("She was a worthy rival in state politics.")


def test_a_long_appositive_in_the_attribution_still_joins_the_quote(extract):
    body = ("“Oz has a huge pulpit, with a whole media empire behind him,” said Dana Whitcomb, an associate "
            "professor of surgery at the Lakeland State University School of Medicine and the editor of a "
            "widely read science and medical blog. “He cannot simply dispense with facts he finds inconvenient.”")
    q = only(quotes_of(extract, body), "direct")
    assert q["text"].endswith("He cannot simply dispense with facts he finds inconvenient.")


def test_a_narration_sentence_with_no_attribution_between_two_quotes_parts_them(extract):
    body = ("The spin has begun. “This is the moment they said would never come,” Ortiz said on Monday night. "
            "“They told me I had no chance.” His campaign manager, Lena Pratt, struck a similar note. "
            "“This is a big night for us,” Pratt said. “It is now a three-person race.”")
    found = {q["text"]: q["speaker_name"] for q in quotes_of(extract, body)}
    assert found["This is a big night for us It is now a three-person race."] == "Lena Pratt"
    assert any(t.startswith("This is the moment") and s == "Ortiz" for t, s in found.items())
