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
