"""Indirect speech as PolNeAR annotates it (issue 22): noun cues ("his claim that …") report
their clause, beliefs ("analysts believe …") are not speech. Sentence shapes from the 2016
US political news of PolNeAR's train split, rewritten."""
from __future__ import annotations

HEAD = "Campaign trail: the week in review\n\n"


def quotes_of(extract, body):
    return extract(HEAD + body, published="2016-10-01")["quotes"]


def test_a_claim_noun_reports_its_clause_said_by_the_one_who_made_it(extract):
    body = ("Donald Trump repeated his claim that the election was rigged against him. "
            "The weather service issued a warning that the storm would reach the coast by Friday.")
    found = {q["text"]: (q["kind"], q["speaker_name"], q["cue"]) for q in quotes_of(extract, body)}
    assert found["the election was rigged against him"] == ("indirect", "Donald Trump", "claim")
    assert found["the storm would reach the coast by Friday"][1:] == ("weather service", "warning")


def test_a_claim_nobody_made_is_no_quote(extract):
    body = "The claim that the vaccine causes the illness has been debunked by every study since."
    assert quotes_of(extract, body) == []


def test_a_belief_is_not_reported_speech(extract):
    body = ("Many Republicans believe the party will hold the Senate in November. "
            "Mr. Kasich thinks the nominee can still win Ohio. "
            "Mr. Kasich said the nominee could still win Ohio.")
    texts = [q["text"] for q in quotes_of(extract, body)]
    assert texts == ["the nominee could still win Ohio"]


def test_a_told_frame_reports_the_clause_after_the_hearer(extract):
    # the parse takes the clause's subject for told's object, or cuts the clause in two
    body = ("Lopez-Cantera told POLITICO Florida the state's own standards are not perfect but improving.\n\n"
            "Murphy told me he had a relatively quiet life and was utterly unprepared for the toll.")
    found = {q["text"]: q["speaker_name"] for q in quotes_of(extract, body)}
    assert found.get("the state's own standards are not perfect but improving") == "Lopez-Cantera", found
    assert found.get("he had a relatively quiet life and was utterly unprepared for the toll") == "Murphy", found


def test_a_condition_opening_the_reported_clause_does_not_make_it_a_question(extract):
    body = ("Mr. Cruz said if elected he could work closely with the leaders of both parties. "
            "Reporters asked if the senator would release his tax returns.")
    texts = [q["text"] for q in quotes_of(extract, body)]
    assert texts == ["if elected he could work closely with the leaders of both parties"]


def test_a_closing_which_or_while_clause_is_the_reporters_comment(extract):
    body = ("Mr. Trump later said he had been joking about the hacked emails, which raised alarm among "
            "intelligence officials. Mrs. Clinton argues that the economy is rigged against working women, "
            "while her rival has surged in the polls.")
    texts = [q["text"] for q in quotes_of(extract, body)]
    assert "he had been joking about the hacked emails" in texts
    assert "the economy is rigged against working women" in texts


def test_a_second_reporting_verb_the_parse_hung_on_the_clause_is_a_second_report(extract):
    body = ("Justice Ginsburg said she did not want to think about a Trump presidency and predicted that "
            "Mrs. Clinton will win in November.")
    found = {q["text"]: q["speaker_name"] for q in quotes_of(extract, body)}
    assert set(found) == {"she did not want to think about a Trump presidency", "Mrs. Clinton will win in November"}
    assert set(found.values()) == {"Ginsburg"}


def test_according_to_a_document_is_according_to_its_author(extract):
    body = ("Some middle-class families would pay more under the plan, according to an analysis by "
            "Lily Batchelder, a law professor at New York University. The goal is to curb short-term "
            "trading, according to a speech Hillary Clinton delivered in July.")
    found = {q["text"]: q["speaker_name"] for q in quotes_of(extract, body)}
    assert found["Some middle-class families would pay more under the plan"] == "Lily Batchelder"
    assert "Clinton" in found["The goal is to curb short-term trading"]


def test_a_told_frame_whose_clause_the_parse_hung_on_the_hearer_is_reported(extract):
    # "told an interviewer he thought …": no relative word, so the clause is the report
    body = "Mr. Obama told an interviewer he thought of his speeches as little talks with the country."
    texts = [q["text"] for q in quotes_of(extract, body)]
    assert texts == ["he thought of his speeches as little talks with the country"]


def test_a_speaker_with_a_participle_after_it_is_the_noun_not_the_clause(extract):
    """"The Red Cross operating in Gaza said …": the parser reads "operating" as the subject;
    the speaker is the body it modifies, known from the actor tables."""
    record = extract("The Red Cross operating in Gaza said Israel must allow more aid into the territory.")
    quote = next(q for q in record["quotes"] if "must allow" in q["text"])
    speaker = next(a for a in record["actors"] if a["id"] == quote["speaker"])
    assert speaker["code"] == "NGO" and "Red Cross" in speaker["name"], record["quotes"]


def test_a_coordinated_act_of_naming_or_judging_ends_the_reported_clause(extract):
    body = ("The mayor says she respects the governor and calls him a tireless worker for the state. "
            "The senator said the plan was reckless and praised the council for opposing it. "
            "He did not endorse anyone, but he did say he found the candidate to be “very impressive” and "
            "called his rise in the polls “remarkable.”")
    texts = [q["text"].rstrip("“”") for q in quotes_of(extract, body)]
    assert "she respects the governor" in texts
    assert "the plan was reckless" in texts
    assert "he found the candidate to be “very impressive" in texts


def test_a_demonstrative_that_is_the_reported_clauses_subject_not_its_complementizer(extract):
    body = ("Asked about his earlier attacks on the governor, Mr. Dale said that was a natural part of running "
            "against him. The minister said that the talks would resume on Monday.")
    texts = [q["text"] for q in quotes_of(extract, body)]
    assert "that was a natural part of running against him" in texts
    assert "the talks would resume on Monday" in texts
