"""extract_parallel: the same records as one process, in input order, errors kept in place."""
import pytest

from newswire.pipeline import parallel
from newswire.pipeline.extract import extract_records, load_model

ARTICLES = [
    {"id": "p1", "published": "2022-05-28",
     "text": "On May 27, Italian Prime Minister Mario Draghi spoke on the phone with President Zelensky."},
    {"id": "p2", "text": ""},  # an empty article: an error record, in its place
    {"id": "p3", "published": "2022-05-28",
     "text": "\"We talk every week,\" Kirby told a media briefing on Friday."},
    {"id": "p4", "published": "2023-03-02",
     "text": "Russia condemned the attack on Tuesday and demanded an investigation."},
    {"id": "p5", "error": {"kind": "unreadable", "message": "p5: no such file"}},
]


@pytest.fixture(scope="module")
def one_process():
    return list(extract_records(ARTICLES, nlp=load_model(), batch_size=2))


def test_two_jobs_match_one_in_order(one_process):
    records = list(parallel.extract_parallel(ARTICLES, jobs=2, batch_size=2))
    assert [r["id"] for r in records] == ["p1", "p2", "p3", "p4", "p5"]
    assert records == one_process
    assert "error" in records[1] and "error" in records[4]


def test_one_job_runs_in_process(one_process):
    assert list(parallel.extract_parallel(ARTICLES, jobs=1, batch_size=2)) == one_process


def test_a_worker_crash_costs_only_its_article():
    items = [{"id": f"c{i}", "text": "CRASH" if i == 5 else "fine"} for i in range(12)]
    with parallel.ParallelExtractor(2, batch_size=3, backend="parallel_fakes") as pool:
        records = list(pool.extract(items))
    assert [r["id"] for r in records] == [f"c{i}" for i in range(12)]
    assert [r["id"] for r in records if "error" in r] == ["c5"]
    assert records[5]["error"]["kind"] == "internal"
