"""The one worker pool (pipeline.workers): ingest, extract --jobs and Spark extract through it."""
import os

import pytest

from newswire.errors import InternalError
from newswire.pipeline import workers
from newswire.pipeline.options import ExtractOptions

ITEMS = [{"id": f"w{i}", "text": f"Story {i}. Putin met Zelensky." if i != 2 else "FAIL here"} for i in range(5)]


def test_a_worker_loads_its_model_once_and_swaps_other_options():
    first = workers.load(ExtractOptions(), "corpus_fakes")
    assert workers.load(ExtractOptions(), "corpus_fakes") is first
    again = workers.load(ExtractOptions(timeout=5.0), "corpus_fakes")
    assert again.nlp is first.nlp and again.options.timeout == 5.0
    assert "timeout" not in again.keywords  # the stand-in's extract_records takes no timeout


@pytest.mark.parametrize("jobs, fork", [(1, False), (2, True), (2, False)])
def test_a_pool_gives_one_record_per_input_in_order(jobs, fork):
    with workers.Pool(ExtractOptions(jobs=jobs), "corpus_fakes", fork=fork) as pool:
        done = [pool.submit(ITEMS[i:i + 2]).result() for i in range(0, len(ITEMS), 2)]
    assert [r["id"] for d in done for r in d.records] == [item["id"] for item in ITEMS]
    assert done[1].records[0]["error"]["kind"] == "bad_input"  # the backend's own error record, kept
    assert all(d.peak_rss_mb > 0 for d in done)
    assert (done[0].pid == os.getpid()) == (jobs == 1)


class Raising:
    @staticmethod
    def load_model(name=None):
        return None

    @staticmethod
    def extract_records(inputs, nlp=None, batch_size=16):
        for item in inputs:
            if item["id"] == "w3":
                raise RuntimeError("boom")
            yield {"schema": "newswire.article/1", "id": item["id"]}


def test_a_backend_that_raises_costs_only_the_article_it_raises_on(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "raising_backend", Raising)
    records = workers.load(ExtractOptions(), "raising_backend").extract(ITEMS)
    assert [r["id"] for r in records] == [item["id"] for item in ITEMS]
    assert [r["id"] for r in records if "error" in r] == ["w3"]
    assert records[3]["error"] == {"kind": InternalError.kind, "message": "[NW900] article 'w3': RuntimeError: boom"}
