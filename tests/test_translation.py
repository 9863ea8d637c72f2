"""Translations across languages: what survives translation (people, figures, speakers in order,
event dyads) links a French republication to its English original, and nothing else."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newswire.corpus.link import link_corpus
from newswire.corpus.store import Store, content_hash
from newswire.corpus.translation import Marks, aligned_quotes, compare_translation, figures, is_proper, surname

DAY = date(2025, 3, 12)


def marks(aid, language, names, numbers=(), speakers=(), dyads=(), day=DAY) -> Marks:
    return Marks(aid, language, day, frozenset(names), frozenset(numbers), frozenset(dyads), tuple(speakers))


def test_figures_are_read_in_either_language_s_notation():
    assert figures("tué et blessé 1\u00a0000 combattants, 20,7 milliards") == figures("killed 1,000 fighters, 20.7 billion")
    assert figures("le 6 mars") == frozenset()  # one digit is no figure worth comparing


def test_surnames_are_folded():
    assert surname("le président Recep Tayyip Erdoğan") == surname("Erdogan") == "erdogan"


def test_a_translation_shares_its_cast_figures_and_speakers_in_order():
    english = marks("en", "en", {"mccaul", "crow", "ivey", "pifer", "trump"}, {"30", "2014", "2021"},
                    ("mccaul", "crow", "mccaul", "ivey", "pifer"), {("AGREE", "UKR", "USA")})
    french = marks("fr", "fr", {"mccaul", "crow", "ivey", "pifer", "trump", "zelensky"}, {"30", "2014", "2021"},
                   ("mccaul", "crow", "mccaul", "ivey", "pifer"), {("AGREE", "UKR", "USA")})
    finding = compare_translation(french, english)
    assert finding["kind"] == "translated" and finding["score"] >= 0.9


def test_another_story_with_the_same_leaders_is_no_translation():
    english = marks("en", "en", {"trump", "zelensky", "putin", "rubio"}, {"30", "2025", "500"}, ("trump", "rubio"))
    french = marks("fr", "fr", {"trump", "zelensky", "poutine", "macron"}, {"2025", "18", "40"}, ("macron", "trump"))
    assert compare_translation(french, english) is None


def test_same_language_or_far_apart_is_never_a_translation():
    a = marks("a", "fr", {"akar", "casin", "rende", "erdogan"}, {"400", "35", "2019"})
    assert compare_translation(a, marks("b", "fr", a.names, a.numbers)) is None
    assert compare_translation(a, marks("c", "en", a.names, a.numbers, day=date(2025, 4, 2))) is None
    assert compare_translation(a, marks("d", "en", a.names, a.numbers)) is not None


def test_only_proper_names_count_as_people():
    """"the Canadian leader" is a person actor the story describes, not a name that survives translation."""
    assert is_proper("Scott Bessent") and not is_proper("Canadian leader") and not is_proper("")


def test_names_alone_do_not_link():
    a = marks("a", "fr", {"akar", "casin", "rende", "erdogan"})
    assert compare_translation(a, marks("b", "en", a.names)) is None


def test_quotes_align_by_speaker_and_place():
    english = [{"id": "q1", "kind": "direct", "text": "We will not bend to pressure from anyone", "speaker_name": "Hulusi Akar", "at": 0.2},
               {"id": "q2", "kind": "direct", "text": "The S-400 will be a stand-alone system", "speaker_name": "Hulusi Akar", "at": 0.5}]
    french = [{"id": "q7", "kind": "direct", "text": "Les S-400 seront un système autonome", "speaker_name": "M. Akar", "at": 0.55},
              {"id": "q8", "kind": "indirect", "text": "la Turquie ne cédera pas", "speaker_name": "Akar", "at": 0.22}]
    assert aligned_quotes(english, french) == [("q2", "q7")]  # q8 reports, q1 quotes: not one quote


SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_FR = SHARED / "eval" / "dev-fr"
VOA = SHARED / "data" / "voa" / "voa_stories.jsonl"


@pytest.mark.skipif(not DEV_FR.is_dir() or not VOA.exists(), reason="../shared (dev-fr, the VOA stories) is not there")
def test_each_french_story_links_to_its_original_and_nothing_else(tmp_path, extract_many):
    """The floor of the issue: the five dev-fr stories, their English originals and 30 other VOA stories."""
    french = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEV_FR.glob("*.json"))]
    originals = {g["original_id"] for g in french}
    voa = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()]
    inputs = [{"id": g["id"], "text": g["input"], "published": g["published"], "source": "fr.example"} for g in french]
    inputs += [v for v in voa if str(v["id"]) in originals]
    inputs += [v for v in voa if str(v["id"]) not in originals][:30]
    with Store(tmp_path / "c.duckdb") as store:
        for item, record in zip(inputs, extract_many(inputs)):
            store.write_article(record, content_hash(item))
        link_corpus(store.con)
        links = store.con.execute("SELECT article_id, republishes, kind FROM article_links").fetchall()
        quotes = store.con.execute("SELECT count(*) FROM quote_clusters, unnest(variants) AS v(x) "
                                   "WHERE x.role = 'translation'").fetchone()[0]
    translated = {(a, b) for a, b, kind in links if kind == "translated"}
    assert translated == {(g["id"], g["original_id"]) for g in french}
    assert not [link for link in links if link[0].startswith("fr-") and link[2] != "translated"]
    assert quotes >= 15  # French quotes joined to their English originals
