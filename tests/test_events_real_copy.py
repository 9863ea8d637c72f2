"""Event coding on shapes taken from real wire copy (VOA, Reuters-style ledes): each test
is a general rule of the language, checked on a sentence of the kind that broke it."""
from __future__ import annotations

import pytest

PUB = "2021-02-14"


def coded(record, type, status="occurred"):
    """(source codes, target codes, source names, target names) of each event of `type`."""
    by_id = {a["id"]: a for a in record["actors"]}
    out = []
    for e in record["events"]:
        if e["type"] == type and e["status"] == status:
            out.append(({by_id[i].get("code") for i in e["source"]}, {by_id[i].get("code") for i in e["target"]},
                        {by_id[i]["name"] for i in e["source"]}, {by_id[i]["name"] for i in e["target"]}))
    return out


def test_a_bare_surname_is_the_person_named_in_full_earlier(extract):
    record = extract("Haitian President Jovenel Moise spoke on Sunday about the jailbreak.\n\n"
                     "Democratic U.S. Congressman Andy Levin of Michigan slammed Moise for the jailbreak on Twitter.",
                     published=PUB)
    found = coded(record, "ACCUSE")
    assert found and found[0][0] == {"USA"} and found[0][3] == {"Jovenel Moise"}, found


def test_an_event_mentioned_in_passing_inside_a_quote_is_not_reported(extract):
    record = extract('"Egypt is acting against Turkey just because of Turkey\'s wrong policy based on theology, '
                     'like supporting Muslim brotherhood," said retired Turkish admiral Cem Gurdeniz, who is now '
                     "a regional analyst.", published=PUB)
    assert coded(record, "SUPPORT") == [], record["events"]


def test_events_under_a_quantity_inside_reported_speech_are_kept(extract):
    record = extract("The US military said it had carried out dozens of air strikes on Islamic State targets "
                     "in central Syria on Sunday.", published=PUB)
    found = coded(record, "ASSAULT")
    assert found and "USA" in found[0][0], record["events"]


def test_a_place_tagged_as_a_person_is_the_country_attacked(extract):
    for text, target in (("Russian forces attacked Mykolaiv on Friday.", {"UKR"}),
                         ("Israeli troops raided Jenin overnight.", {"PSE"})):
        record = extract(text, published=PUB)
        found = [f for t in ("ASSAULT", "COERCE") for f in coded(record, t)]
        assert found and found[0][1] == target, (text, record["events"])


LEDE = "U.S. President Donald Trump on Thursday threatened the European Union with 200% tariffs on wine."


@pytest.mark.parametrize("retelling", [
    "Trump threatened the European Union again, saying the bloc had taken advantage of the United States.",
    # without its target, it still joins the event told first
    "Treasury Secretary Scott Bessent dismissed concerns about Trump's threat to impose bigger tariffs.",
])
def test_an_event_told_in_the_lede_and_again_below_is_one_event(extract, retelling):
    record = extract(f"{LEDE}\n\n{retelling}", published="2025-03-14")
    assert len(coded(record, "THREATEN")) == 1, record["events"]


def test_the_same_act_on_days_apart_is_two_events(extract):
    record = extract("Russian forces attacked Kharkiv on Monday.\n\nRussian forces attacked Kharkiv "
                     "again on Thursday.", published="2022-05-28")
    assert len(coded(record, "ASSAULT")) == 2, record["events"]


def test_acts_named_in_a_charge_are_alleged_not_told(extract):
    record = extract("Arnel Joseph was also charged with robbing trucks, kidnapping and attacking motorists "
                     "on National Highway 1 in Haiti.", published=PUB)
    assert not [e for e in record["events"] if e["type"] == "ASSAULT" and e["status"] == "occurred"], record["events"]


def test_placing_blame_is_an_accusation(extract):
    record = extract("Last week, the Somali government placed blame on the leaders of Puntland and Jubaland "
                     "for the collapse of the talks.", published=PUB)
    found = coded(record, "ACCUSE")
    assert found and found[0][0] == {"SOM"}, record["events"]


def test_accepting_demands_is_a_concession(extract):
    record = extract("The Mozambique government on Thursday accepted demands from Shona rebels that it "
                     "initiate political reforms.", published=PUB)
    found = coded(record, "CONCEDE")
    assert found and found[0][0] == {"MOZ"}, record["events"]


def test_the_council_is_the_council_named_before(extract):
    record = extract("The U.N. Security Council met on Monday to discuss the war in Sudan.\n\n"
                     "UNICEF chief Catherine Russell urged the council to press the warring parties to remove "
                     "obstacles to aid.", published=PUB)
    found = coded(record, "REQUEST")
    assert found and any("Security Council" in name for name in found[0][3]), record["events"]


def test_a_group_owned_by_a_pronoun_is_of_the_country_of_the_clause_subject(extract):
    record = extract("The United States has kept troops in the region for years.\n\n"
                     "The Afghan army chief said on Saturday his forces had killed 100 Taliban fighters in Helmand.",
                     published=PUB)
    found = coded(record, "ASSAULT")
    assert found and found[0][0] == {"AFG"}, record["events"]


def test_the_agent_of_an_attack_noun_is_the_source(extract):
    record = extract('"Coordinated airstrikes by the Somali army and international partners in the Middle Shabelle '
                     'region have killed at least 50 al-Shabab militants," the NISA statement said.', published=PUB)
    found = coded(record, "ASSAULT")
    assert found and "Somali army" in found[0][2] and "Coordinated" not in {a["name"] for a in record["actors"]}, \
        record["events"]


def test_one_attack_told_by_two_coordinated_verbs_is_one_event(extract):
    record = extract("Rights groups said Kenyan police had shot dead at least five people outside Parliament "
                     "and wounded dozens more.", published=PUB)
    assert len(coded(record, "ASSAULT")) == 1, record["events"]


def test_a_clause_hung_on_a_passive_takes_its_agent_not_its_victim(extract):
    record = extract("A temporary camp for Congolese refugees was attacked by Burundian militiamen armed with "
                     "machetes, killing at least 156 people, the UN refugee agency reported.", published=PUB)
    assert all(source == {"BDI"} for source, *_ in coded(record, "ASSAULT")), record["events"]


def test_they_opening_a_clause_is_the_subject_of_the_clause_it_hangs_on(extract):
    record = extract("Two Palestinian suicide bombers killed 23 people late Sunday when they blew themselves "
                     "up in Tel Aviv.", published=PUB)
    assert all(source == {"PSE"} for source, *_ in coded(record, "ASSAULT")), record["events"]


def test_forces_led_or_backed_by_a_country_are_coded_by_it(extract):
    record = extract("Iranian-backed militias attacked a U.S. base in Syria on Sunday.", published=PUB)
    found = coded(record, "ASSAULT")
    assert found and found[0][0] == {"IRN"} and found[0][1] == {"USA"}, record["events"]


def test_the_insurgent_group_is_the_armed_group_named_before(extract):
    record = extract("The Taliban attacked a checkpoint in Helmand on Monday.\n\nWashington also alleges the "
                     "insurgent group has not lived up to its commitment.", published=PUB)
    found = coded(record, "ACCUSE")
    assert found and found[0][0] == {"USA"} and found[0][3] == {"Taliban"}, record["events"]


def test_saying_another_tried_to_destabilise_is_an_accusation(extract):
    record = extract("Moldova's government on Thursday defended its decision to expel 45 Russian diplomats, "
                     "saying Moscow had for years used its mission in Chisinau to try to destabilise the country.",
                     published="2023-07-27")
    found = coded(record, "ACCUSE")
    assert found and found[0][0] == {"MDA"} and found[0][1] == {"RUS"}, record["events"]


def test_an_attack_with_no_one_named_falls_on_the_country_of_the_place_struck(extract):
    record = extract("Israeli tanks fired four shells at targets in Jericho, witnesses said.", published=PUB)
    found = coded(record, "ASSAULT")
    assert found and found[0][0] == {"ISR"} and found[0][1] == {"PSE"}, record["events"]


def test_an_ethnic_minority_is_coded_by_the_country_it_lives_in(extract):
    record = extract("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia, Belgrade radio said.", published=PUB)
    found = coded(record, "PROTEST")
    assert found and found[0][0] == {"SRB"}, record["events"]
    assert "Albania" not in {a["name"] for a in record["actors"]}


def test_leaders_who_told_another_in_phone_calls_consulted_him(extract):
    record = extract("Both Mexican President Claudia Sheinbaum and Canadian Prime Minister Justin Trudeau told "
                     "President Donald Trump in phone conversations last week that they had made strides.",
                     published="2025-03-09")
    found = coded(record, "CONSULT")
    assert found and found[0][0] == {"MEX", "CAN"} and found[0][1] == {"USA"}, record["events"]


@pytest.mark.xfail(reason="the small model tags 'Milorad Dodik' FAC here: no actor, so the SANCTION has no "
                          "recipient and the recipient policy leaves it out (with 'Bosnian Serb leader' it is found)")
def test_an_act_told_with_two_dates_is_dated_by_the_latest(extract):
    record = extract("The U.S. imposed sanctions on Milorad Dodik in 2023 and again in January of this year.",
                     published="2025-03-13")
    sanction = [e for e in record["events"] if e["type"] == "SANCTION"]
    assert sanction and sanction[0]["date"]["start"].startswith("2025-01"), record["events"]


def test_a_two_word_surname_that_ner_mislabels_is_still_the_person(extract):
    record = extract("U.N. envoy Helen La Lime spoke on Sunday about the jailbreak in Haiti.\n\n"
                     '"I encourage the police to speed up investigations," La Lime said.', published=PUB)
    quote = next(q for q in record["quotes"] if q["text"].startswith("I encourage"))
    assert quote["speaker_name"] == "Helen La Lime", record["quotes"]


def test_a_law_signed_alone_is_no_agreement_with_anyone(extract):
    record = extract("Somali President Mohamed Abdullahi Mohamed has signed a controversial measure extending "
                     "his term in office by two years.", published=PUB)
    assert not [e for e in record["events"] if e["type"] in ("SUPPORT", "AGREE") and e["status"] == "occurred"], \
        record["events"]


def test_an_administration_named_by_its_capital_is_of_that_country(extract):
    record = extract("Washington has kept troops in Afghanistan for 20 years.\n\nThe Taliban leader said the Kabul "
                     "administration has repeatedly tried to sabotage the political process.", published=PUB)
    kabul = next(a for a in record["actors"] if a["name"] == "Kabul administration")
    assert kabul["code"] == "AFG"


def test_an_event_noun_pointing_back_is_not_news(extract):
    record = extract('"Unfortunately, the American side has so far violated the signed agreement repeatedly," '
                     "the Taliban leader said.", published=PUB)
    assert coded(record, "AGREE") == [], record["events"]


def test_an_arrest_ordered_is_a_threat_of_arrest(extract):
    record = extract("Bosnian Serb leader Milorad Dodik said on Tuesday that he would not appear in court.\n\n"
                     "Bosnian state prosecutors on Wednesday had ordered the arrest of Dodik and his aides "
                     "for ignoring a court summons.", published="2025-03-13")
    found = coded(record, "THREATEN")
    assert found and found[0][0] == {"BIH"} and "Milorad Dodik" in found[0][3], record["events"]


def test_a_question_from_a_reporter_at_the_white_house_is_no_request_by_it(extract):
    record = extract("Later, asked by a reporter at the White House whether he might back off his tariff threats, "
                     'President Donald Trump said, "We\'re not going to be ripped off anymore."', published="2025-03-14")
    assert not [s for s, *_ in coded(record, "REQUEST") if "USA" in s], record["events"]


def test_things_seized_from_no_one_named_are_no_event(extract):
    record = extract('"During the operation the government seized critical data and identified individuals '
                     'involved," said a statement posted by the national news agency of Somalia.', published=PUB)
    assert coded(record, "COERCE") == [], record["events"]


def test_denying_charges_no_one_named_is_no_rejection_of_anyone(extract):
    record = extract("Blessed Mhlanga, who faces two charges of incitement in Zimbabwe, denies the charges against him.",
                     published=PUB)
    assert coded(record, "REJECT") == [], record["events"]


def test_a_charge_rejected_answers_the_one_who_made_it(extract):
    record = extract("Pakistani officials said the attack was orchestrated by militants with bases in Afghanistan, "
                     "a charge Afghan foreign ministry spokesperson Abdul Qahar Balkhi rejected on Thursday.",
                     published=PUB)
    found = coded(record, "REJECT")
    assert found and found[0][0] == {"AFG"}, record["events"]
