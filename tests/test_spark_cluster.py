"""`newswire spark` beyond local mode: a standalone master and one worker on 127.0.0.1 (free
ports), started from pyspark's own bin/spark-class by the helper `make spark-cluster` uses
(`newswire.spark.standalone`). The job's events equal those `newswire extract` gives on the
same VOA stories. Marked `spark`; skips saying what is missing (pyspark, Java 17, ../shared)."""
import json
import subprocess
import sys

import duckdb
import pytest

pytestmark = pytest.mark.spark
from spark_checks import VOA, skip_unless_spark_can_run
STORIES = 10
JOB_SECONDS = 240  # the driver's JVM, the executor's and its model on a loaded 2-core machine


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, request):
    skip_unless_spark_can_run()
    from newswire.spark.standalone import start_cluster, stop_cluster

    started = start_cluster(tmp_path_factory.mktemp("spark-cluster"))  # stops what it started if it fails
    request.addfinalizer(lambda: stop_cluster(started))
    return started


@pytest.fixture(scope="module")
def spark_job(cluster, tmp_path_factory):
    """`newswire spark --master spark://127.0.0.1:PORT` as a user runs it, on STORIES stories."""
    from newswire.spark.standalone import cluster_env

    folder = tmp_path_factory.mktemp("spark-cluster-job")
    source = folder / "voa.jsonl"
    source.write_text("\n".join(VOA.read_text(encoding="utf-8").splitlines()[:STORIES]) + "\n", encoding="utf-8")
    out = folder / "out"
    command = [sys.executable, "-c", "from newswire.cli import cli; cli()", "spark", str(source),
               "--out", str(out), "--master", cluster.url, "--partitions", "4"]
    done = subprocess.run(command, env=cluster_env(), capture_output=True, text=True, timeout=JOB_SECONDS)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{(cluster.folder / 'worker.log').read_text()}"
    return source, out, done.stdout


def event_rows(records: list[dict]) -> list[tuple]:
    """(article, event id, type, source codes, target codes, status, date) of every event."""
    rows = []
    for record in records:
        codes = {a["id"]: a.get("code") for a in record["actors"]}
        for e in record["events"]:
            rows.append((record["id"], e["id"], e["type"], [codes[i] for i in e["source"]],
                         [codes[i] for i in e["target"]], e["status"], e["date"]))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def test_the_cluster_job_gives_the_events_that_extract_gives(spark_job, extract_many):
    source, out, stdout = spark_job
    inputs = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    want = event_rows(extract_many(inputs))
    got = duckdb.sql(f"""
        SELECT article_id, id, type, [a.code FOR a IN source_actors],
               [a.code FOR a IN target_actors], status, date
        FROM read_parquet('{out}/events/*/*.parquet', hive_partitioning = false)
        ORDER BY article_id, id""").fetchall()
    assert len(want) >= 3 * STORIES  # VOA stories carry several events each
    assert {r[2] for r in want} >= {"CONSULT", "ASSAULT"}
    assert [tuple(r) for r in got] == [tuple(r) for r in want]
    assert stdout.startswith(f"{STORIES} articles, 0 errors")


def test_the_work_ran_in_the_worker_s_executor(cluster, spark_job):
    out = spark_job[1]
    counters = json.loads((out / "summary.json").read_text())["counters"]
    # the model was loaded (or inherited from the daemon) in Python workers the executor started
    assert counters["articles"] == STORIES and counters["models_loaded"] + counters["models_shared"] >= 1
    executors = list((cluster.folder / "work").glob("app-*/*/stderr"))
    assert len(executors) == 1, "the job ran no executor on the standalone worker"
    assert "Successfully registered with master" in (cluster.folder / "worker.log").read_text()


def test_executors_import_the_driver_s_newswire(monkeypatch, tmp_path):
    # executors run in the worker's own folders: a relative PYTHONPATH (`PYTHONPATH=src`) would
    # make them import another newswire (an installed one) than the driver's
    from newswire.spark.standalone import cluster_env

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", "src" + ":" + "/opt/lib")
    monkeypatch.delenv("PYSPARK_PYTHON", raising=False)
    env = cluster_env()
    assert env["PYTHONPATH"] == f"{tmp_path / 'src'}:/opt/lib"
    assert env["PYSPARK_PYTHON"] == sys.executable and env["SPARK_LOCAL_IP"] == "127.0.0.1"
