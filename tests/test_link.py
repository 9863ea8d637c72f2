"""Links across articles: near-duplicates, shared quotes, shared events."""
import json
from pathlib import Path

import pytest

from corpus_fakes import extract_one
from newswire.corpus.link import link_corpus
from newswire.corpus.store import Store, content_hash, open_corpus

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_a956789f9a4d9f80.txt"
VOA = SHARED / "data" / "voa" / "voa_stories.jsonl"
REWORDING = Path(__file__).parent / "fixtures" / "kirby_rewording.txt"
needs_shared = pytest.mark.skipif(not SEED.exists(), reason="../shared (the seed article) is not there")


def two_outlets():
    return [{"id": "seed", "text": SEED.read_text(), "source": "outlet-a", "published": "2022-05-28"},
            {"id": "rewording", "text": REWORDING.read_text(), "source": "outlet-b", "published": "2022-05-28"}]


def build(path, inputs):
    with Store(path) as store:
        for item in inputs:
            store.write_article(extract_one(item), content_hash(item))
        return link_corpus(store.con)


def tables(path):
    with open_corpus(path) as corpus:
        return {t: corpus.query(t) for t in ("article_clusters", "quote_clusters", "event_clusters")}


@needs_shared
def test_rewording_from_another_outlet_is_linked(tmp_path):
    extra = [json.loads(line) for line in VOA.read_text().splitlines()[:5]]
    build(tmp_path / "c.duckdb", two_outlets() + extra)
    found = tables(tmp_path / "c.duckdb")
    story = [c for c in found["article_clusters"] if "seed" in [a["article_id"] for a in c["articles"]]]
    assert len(story) == 1 and sorted(a["article_id"] for a in story[0]["articles"]) == ["rewording", "seed"]
    assert story[0]["outlets"] == ["outlet-a", "outlet-b"]
    kirby = [c for c in found["quote_clusters"] if "John Kirby" in c["speakers"]]
    assert len(kirby) >= 4  # the five Kirby quotes, one split differently
    assert all(c["outlets"] == ["outlet-a", "outlet-b"] for c in kirby)
    zero_goals = [c for c in kirby if any("zero strategic goals" in v["text"] for v in c["variants"])]
    assert len(zero_goals) == 1 and len({v["text"] for v in zero_goals[0]["variants"]}) == 2
    # both articles tell one text (one republishes the other): one source, two outlets
    shared = [c for c in found["event_clusters"] if c["n_articles"] == 2]
    assert [(c["type"], c["n_sources"], c["n_outlets"]) for c in shared] == [("CONSULT", 1, 2)]


@needs_shared
def test_unrelated_stories_stay_apart(tmp_path):
    build(tmp_path / "c.duckdb", [json.loads(line) for line in VOA.read_text().splitlines()])
    found = tables(tmp_path / "c.duckdb")
    # the one pair in the VOA sample that is the same story, updated (Jaccard 0.31 on 3-shingles)
    assert [sorted(a["article_id"] for a in c["articles"]) for c in found["article_clusters"]] == [["8006651", "8007760"]]


@needs_shared
def test_links_do_not_depend_on_ingest_order(tmp_path):
    inputs = two_outlets() + [json.loads(line) for line in VOA.read_text().splitlines()[:10]]
    build(tmp_path / "a.duckdb", inputs)
    build(tmp_path / "b.duckdb", inputs[::-1])
    assert tables(tmp_path / "a.duckdb") == tables(tmp_path / "b.duckdb")


def test_events_need_an_overlapping_dyad_and_close_dates(tmp_path):
    base = "Mario Draghi spoke on the phone with Zelensky."
    inputs = [{"id": "x1", "text": base, "source": "a"},
              {"id": "x2", "text": "By phone, Draghi and Zelensky talked.", "source": "b"},
              {"id": "x3", "text": "Zelensky spoke on the phone with Putin.", "source": "c"}]
    build(tmp_path / "c.duckdb", inputs)
    clusters = tables(tmp_path / "c.duckdb")["event_clusters"]
    assert [(c["n_sources"], c["outlets"]) for c in clusters if c["n_articles"] > 1] == [(2, ["a", "b"])]
