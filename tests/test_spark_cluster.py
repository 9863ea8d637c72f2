"""`newswire spark` beyond local mode: a standalone master and one worker on 127.0.0.1,
started from pyspark's own bin/spark-class (newswire.spark.cluster, which `make
spark-cluster` runs too). Executors run in their own JVM and folders; every article's
events and quotes must still equal what `newswire extract` gives. Marked `spark`;
skips, saying why, without pyspark, Java 17 or ../shared."""
from pathlib import Path

import pytest

from newswire.pipeline.extract import extract_records
from newswire.read.files import iter_inputs
from newswire.corpus.query import open_corpus

pytestmark = pytest.mark.spark
VOA = Path(__file__).resolve().parents[2] / "shared" / "data" / "voa" / "voa_stories.jsonl"
STORIES = 10


@pytest.fixture(scope="module")
def cluster_run(tmp_path_factory):
    pytest.importorskip("pyspark", reason="pyspark is not installed: `make spark-install` (the spark extra)")
    from newswire.spark.setup import SparkSetupError, check_java

    try:
        check_java()
    except SparkSetupError as exc:
        pytest.skip(str(exc))
    if not VOA.exists():
        pytest.skip(f"{VOA} is not there")
    from newswire.spark.cluster import executor_config, standalone
    from newswire.spark.job import JobSettings, run

    folder = tmp_path_factory.mktemp("spark-cluster")
    source = folder / "voa.jsonl"
    source.write_text("\n".join(VOA.read_text(encoding="utf-8").splitlines()[:STORIES]) + "\n", encoding="utf-8")
    with standalone(cores=2) as cluster:
        assert cluster.master_url.startswith("spark://127.0.0.1:") and cluster.alive_workers() == 1
        summary = run(JobSettings(inputs=[str(source)], out=str(folder / "out"), master=cluster.master_url,
                                  config=executor_config()))
        processes = list(cluster.processes)
    assert all(p.poll() is not None for p in processes), "master and worker are stopped on exit"
    return source, folder, summary


def test_a_standalone_cluster_gives_the_events_and_quotes_of_extract(cluster_run, newswire_nlp):
    from newswire.spark.load import import_parquet

    source, folder, summary = cluster_run
    assert summary.counters["articles"] == STORIES and summary.counters.get("errors", 0) == 0
    imported = import_parquet(str(folder / "out"), str(folder / "c.duckdb"))
    assert imported.articles == STORIES
    single = list(extract_records(iter_inputs([str(source)]), nlp=newswire_nlp))
    with open_corpus(folder / "c.duckdb") as corpus:
        for record in single:
            stored = corpus.article(record["id"])
            assert stored["events"] == record["events"], record["id"]
            assert stored["quotes"] == record["quotes"], record["id"]
    assert sum(len(r["events"]) for r in single) > 0
