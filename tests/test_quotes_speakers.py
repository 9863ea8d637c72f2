"""Who speaks, in the shapes US political copy uses (issue 22, PolNeAR's wrong speakers):
the subject outside the quote marks, party members as a group, datelines and party tags
that are no speaker. Sentence shapes rewritten, never copied."""
from __future__ import annotations

import pytest

HEAD = "Senate panel weighs the new budget\n\n"


def speaker_of(extract, body, start):
    record = extract(HEAD + body, published="2016-09-20")
    [quote] = [q for q in record["quotes"] if q["text"].startswith(start)]
    actors = {a["id"]: a for a in record["actors"]}
    return quote, actors.get(quote["speaker"])


@pytest.mark.parametrize("body, start, name", [
    # the parse makes the quote's last noun a second subject of "said": the speaker is outside the marks
    ("“The campaign is in trouble. Real trouble,” said Dana Whitlow, a county party chair.",
     "The campaign is in trouble", "Dana Whitlow"),
    ("“He would make a fine judge. Not good, fine. One of the sharpest minds in the state,” "
     "Rep. Carl Benning said in an interview.", "He would make a fine judge", "Carl Benning"),
])
def test_the_speaker_stands_outside_the_quote_marks(extract, body, start, name):
    quote, _actor = speaker_of(extract, body, start)
    assert name in quote["speaker_name"]


@pytest.mark.parametrize("body, start, name", [
    ("Republicans said the vote on the measure was a test of the chamber's credibility.",
     "the vote on the measure", "Republicans"),
    ("Senate Democrats noted that the nominee had declined to answer the panel's questions.",
     "the nominee had declined", "Senate Democrats"),
])
def test_party_members_speak_as_a_group_coded_as_their_party(extract, body, start, name):
    quote, actor = speaker_of(extract, body, start)
    assert quote["speaker_name"] == name
    assert actor is not None and actor["kind"] == "group" and actor["code"] == "USA"


def test_the_party_itself_still_speaks_as_the_party(extract):
    quote, actor = speaker_of(extract, "The Republican Party said the findings raised new questions.",
                              "the findings raised")
    assert quote["speaker_name"] == "Republican Party" and actor["kind"] == "organization"


@pytest.mark.parametrize("body, start, name", [
    # a dateline the parse made the subject, the speaker hung on it as an appositive (AP datelines)
    ("DENVER, May 4 (UPI) — Former Interior Secretary Ellen Marsh told delegates at the convention "
     "that the new drilling leases should be cancelled at once.", "the new drilling leases", "Ellen Marsh"),
    ("BOSTON -- Governor Paul Henning, opening the new transit hub on Friday, said it would "
     "change how the city moves.", "it would change", "Paul Henning"),
    # of two subjects, the name rather than the fronted place or the describing appositive
    ("Friday at a college in Akron, OH, after winning the county vote, Gov. Dale Rutter (R-OH) said, "
     "“We are going to take this all the way to the convention.”", "We are going", "Dale Rutter"),
    ("Hamdan — leader of the movement that led the protests in the spring — said after the ceremony "
     "that he hoped the charter would mark a new start for the country.", "he hoped the charter", "Hamdan"),
])
def test_a_dateline_or_a_second_subject_is_not_the_speaker(extract, body, start, name):
    quote, _actor = speaker_of(extract, body, start)
    assert name in quote["speaker_name"]


@pytest.mark.parametrize("body, start, name", [
    ("Turnout rose among young voters, according to early results of the exit poll conducted by "
     "Marlow Research for three television networks.", "Turnout rose", "Marlow Research"),
    ("According to the findings of a survey carried out by the Pew Research Center, most voters "
     "want a change of direction.", "most voters want", "Pew Research Center"),
])
def test_results_of_a_poll_speak_for_whoever_conducted_it(extract, body, start, name):
    quote, _actor = speaker_of(extract, body, start)
    assert name in quote["speaker_name"]


@pytest.mark.parametrize("body, start, name", [
    ("“We will see this through to the end. Nobody will be left behind,” Akron fire Chief Ray Dolan "
     "said Monday. “I want to assure every family of that.”", "We will see this through", "Ray Dolan"),
    ("“She is exactly right. There is a real gap between this office and frankly the governor and our "
     "teachers,” Marsh, a longtime party adviser, said Thursday on the station’s “Morning Desk.”",
     "She is exactly right", "Marsh"),
])
def test_the_person_named_between_the_quote_and_the_verb_speaks(extract, body, start, name):
    quote, _actor = speaker_of(extract, body, start)
    assert name in quote["speaker_name"]


def test_a_pronoun_inside_a_report_is_the_reporter(extract):
    body = ("Senator Tom Adler backed the plan on Monday. Maria Quintero, the longtime housing advocate, "
            "endorsed the bill Saturday, saying she had not yet called for a vote because she believed "
            "“we need to put every family first.”")
    quote, _actor = speaker_of(extract, body, "we need to put")
    assert "Quintero" in quote["speaker_name"]


def test_a_name_right_before_the_verb_past_its_party_tag_speaks(extract):
    body = ("Tuesday on the station’s “Midday Hour,” while discussing a widely shared post from the "
            "presumptive nominee featuring an image of his rival, money and a burning flag likened to a "
            "call for violence, Speaker of the House Rep. Tom Brandt (R-WI) said “images like that have no "
            "place in a presidential campaign.”")
    quote, _actor = speaker_of(extract, body, "images like that")
    assert "Brandt" in (quote["speaker_name"] or "")


def test_a_participle_the_parse_hung_inside_the_quote_speaks_for_the_clause_subject(extract):
    body = ("Warren seemed ready to joke about the incident in Ohio, telling the crowd, "
            "“Some people get a little carried away, have you noticed that?”")
    quote, _actor = speaker_of(extract, body, "Some people get")
    assert "Warren" in (quote["speaker_name"] or "")


def test_according_to_an_email_from_someone_is_according_to_its_sender(extract):
    body = ("The union's endorsement will not come next week as many expected, according to an email from "
            "the president of the Teamsters obtained by the Daily Ledger.")
    quote, _actor = speaker_of(extract, body, "The union's endorsement")
    assert "Teamsters" in (quote["speaker_name"] or "")


def test_a_quote_after_a_pronoun_sentence_is_the_pronouns_person(extract):
    body = ("\"We have had problems with intrusions from abroad before, from other countries too,\" Obama said "
            "after meeting with Russian President Vladimir Putin. He did not threaten retaliation. "
            "\"Our goal is not to start a cycle of escalation.\"")
    quote, _actor = speaker_of(extract, body, "Our goal is not")
    assert "Obama" in (quote["speaker_name"] or "")


def test_a_title_in_quote_marks_joins_no_quote(extract):
    body = ("By Sunday, the Rev. Tom Healy began taking calls from listeners to his \"Keeping It Straight\" radio "
            "program who said they had doubts about Mrs. Lane, but could not bear to insult Mr. Ortiz. "
            "\"Making a vote an act of loyalty is a shot in the arm,\" Mr. Healy said in an interview.")
    quote, _actor = speaker_of(extract, body, "Making a vote")
    assert "Keeping" not in quote["text"] and "Healy" in (quote["speaker_name"] or "")


def test_a_verb_first_attribution_before_a_colon_names_its_speaker(extract):
    body = ("Martin Kemp spoke on the radio on Monday. “The count can be tampered with,” he said.\n\n"
            "Continued Kemp: “So I believe it’s a serious problem. And the most useful thing the campaign "
            "can do is sign up new voters.”")
    quote, _actor = speaker_of(extract, body, "So I believe")
    assert "Kemp" in (quote["speaker_name"] or "")
