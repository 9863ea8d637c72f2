"""The PETRARCH2-derived dictionaries: lookups on real shapes, the MIT notice in every generated
table, and converters that rebuild the committed files byte for byte."""
from __future__ import annotations

import filecmp
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from newswire.coding import dictionaries as d
from newswire.lexicon import DATA, read_tsv

REPO = Path(__file__).resolve().parent.parent
PETRARCH = REPO.parent / "shared" / "data" / "petrarch2"
PLOVER = REPO.parent / "shared" / "data" / "plover"
ACTOR_TABLES = ["agents.tsv", "armed_groups.tsv", "international.tsv", "people.tsv"]
GENERATED = [f"actors/{t}" for t in ACTOR_TABLES] + ["plover/cameo_frames.tsv"]
needs_shared = pytest.mark.skipif(not PETRARCH.is_dir() or not PLOVER.is_dir(),
                                  reason="../shared/data/petrarch2 and ../shared/data/plover are not beside the repository")


def test_generic_agents_get_their_sector():
    assert d.agent_sector("police") == "COP"
    assert d.agent_sector("rebels") == "REB"          # PETRARCH's regular plural of REBEL
    assert d.agent_sector("ministry") == "GOV"
    assert d.agent_sector("riot police") == "COP"     # a multiword phrase as given


def test_the_head_of_a_longer_phrase_decides():
    assert d.agent_sector("Nigerian troops") == "MIL"
    assert d.agent_sector(("Nigerian", "troops")) == "MIL"  # a tuple of lemmas/words works too
    assert d.agent_sector("the defence minister") == "GOV"
    assert d.agent_sector("Nigerian") is None


def test_protest_nouns_follow_plover_not_petrarch():
    agent = d.agent("protesters")
    assert agent.sector == "CVL" and "OPP" in agent.other and agent.petrarch == "OPP"


def test_hezbollah_is_a_lebanese_armed_group():
    group = d.armed_group("Hezbollah")
    assert group is not None and group.code == "LBN" and group.sector == "REB"
    assert d.armed_group("Hizbollah") == group          # an alias
    assert d.armed_group("police") is None


def test_international_bodies():
    nato = d.international_body("NATO")
    assert nato is not None and nato.code == "IGO"
    assert d.international_body("North Atlantic Treaty Organization") == nato
    assert d.international_body("the European Union").code == "IGO"
    assert d.international_body("United Nations").code == "IGO"


def test_an_office_holder_is_coded_only_within_their_dates():
    term = d.office_holder("Gerhard Schroeder", date(2004, 6, 1))
    assert term is not None and (term.code, term.sector) == ("DEU", "GOV")
    assert d.office_holder("Gerhard Schroeder", date(2010, 6, 1)) is None
    assert d.office_holder("Gerhard Schroeder", date(2002, 12, 31)) is None
    assert d.office_holder("Putin", date(2015, 1, 1)).code == "RUS"   # an alias, an open-ended term
    assert d.office_holder("Nobody Atall", date(2015, 1, 1)) is None


def test_lookups_are_dict_indexes_loaded_once():
    assert d.load() is d.load()
    assert isinstance(d.load().agents, dict) and len(d.load().people) > 10000


def test_factuality_cues_keep_the_status_vocabulary():
    statuses = {row["status"] for row in read_tsv("plover/statuses.tsv")} - {"occurred"}
    # status_cues.tsv's relations, and the scopes only factuality_cues.tsv names: a sentence mark ("?")
    # and a word governing a to-infinitive ("have yet to")
    relations = {row["relation"] for row in read_tsv("lexicon/status_cues.tsv")} | {"sentence", "infinitive"}
    rows = read_tsv("lexicon/factuality_cues.tsv")
    assert rows and {r["status"] for r in rows} <= statuses
    assert {r["relation"] for r in rows} <= relations
    assert {r["source"] for r in rows} <= {"FactBank", "TimeML", "PLOVER manual"}
    assert {"not", "could", "allege", "call for", "if", "unless", "not yet"} <= {r["lemma"] for r in rows}


@pytest.mark.parametrize("relative", GENERATED)
def test_every_generated_table_carries_the_mit_notice(relative):
    header = [line for line in (DATA / relative).read_text(encoding="utf-8").splitlines()[:40] if line.startswith("#")]
    text = "\n".join(header)
    assert header[0].startswith("# source: PETRARCH2 ") and "github.com/openeventdata/petrarch2" in header[0]
    assert "# Copyright (c) 2014 Open Event Data" in text
    assert "Permission is hereby granted, free of charge" in text
    assert "THE SOFTWARE IS PROVIDED \"AS IS\"" in text


def test_cameo_frames_use_plover_types_and_skip_dropped_codes():
    types = {row["type"]: row["modes"] for row in read_tsv("plover/types.tsv")}
    everything = read_tsv("plover/cameo_frames.tsv")
    rows = [r for r in everything if r["kind"] != "no_event"]
    assert rows and {r["type"] for r in rows} <= set(types)
    assert not [r for r in rows if r["cameo"][:2] in ("01", "02")]
    assert all(r["mode"] == "-" or r["mode"] in types[r["type"]].split("|") for r in rows)
    blocks = [r for r in everything if r["kind"] == "no_event"]  # CAMEO 011, decline comment: no PLOVER type
    assert blocks and {r["cameo"] for r in blocks} == {"011"} and {r["type"] for r in blocks} == {"-"}
    assert {"lemma": "decline", "requires": "comment"}.items() <= next(r for r in blocks if r["lemma"] == "decline").items()


def _run(script: str, *args: str) -> None:
    subprocess.run([sys.executable, str(REPO / "scripts" / script), *args], check=True, capture_output=True, cwd=REPO)


@needs_shared
def test_the_actor_converter_rebuilds_the_committed_tables(tmp_path):
    _run("build_actor_tables.py", "--source", str(PETRARCH), "--out", str(tmp_path))
    for table in ACTOR_TABLES:
        assert filecmp.cmp(tmp_path / table, DATA / "actors" / table, shallow=False), table


@needs_shared
def test_the_cameo_converter_rebuilds_the_committed_table(tmp_path):
    out = tmp_path / "cameo_frames.tsv"
    _run("build_cameo_frames.py", "--source", str(PETRARCH), "--plover", str(PLOVER), "--out", str(out))
    assert filecmp.cmp(out, DATA / "plover" / "cameo_frames.tsv", shallow=False)
