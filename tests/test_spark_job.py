"""One real Spark job in local[2]: every article's record from Spark equals the one
`newswire extract` gives on the same input, and DuckDB reads the output with the
corpus's own column types. Marked `spark`; needs the spark extra and Java 17
(.ci/run installs both), and skips saying which is missing."""
import json
import os

import duckdb
import pytest

from newswire.pipeline.extract import extract_records
from newswire.read.files import iter_inputs
from newswire.corpus.query import open_corpus
from newswire.corpus.store import TABLES, Store

pytestmark = pytest.mark.spark
from spark_checks import VOA, skip_unless_spark_can_run
STORIES = 16  # enough for 4 partitions over 2 workers, short enough for CI
REPRINT = {"id": "reprint-1", "url": "https://reprint.example/1", "source": "reprint"}  # another outlet's copy


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory):
    skip_unless_spark_can_run()
    from newswire.spark.job import JobSettings, run

    folder = tmp_path_factory.mktemp("spark-job")
    lines = VOA.read_text(encoding="utf-8").splitlines()[:STORIES]
    source = folder / "voa.jsonl"
    # the admit rule as ingest's: a repeated id and the same text from the same outlet (URL) under another
    # id are dropped; the same text from another outlet is kept, to be linked to its original
    repeats = [lines[0], json.dumps({**json.loads(lines[2]), "id": "voa-again"}),
               json.dumps({**json.loads(lines[1]), **REPRINT})]
    source.write_text("\n".join(lines + repeats + ["{broken"]) + "\n", encoding="utf-8")
    out = folder / "out"
    summary = run(JobSettings(inputs=[str(source), str(folder / "gone.warc.gz")], out=str(out),
                              master="local[2]", partitions=4))
    return source, out, summary


def test_spark_records_equal_single_machine_extract(spark_run, newswire_nlp, tmp_path):
    from newswire.spark.load import import_parquet

    source, out, summary = spark_run
    single = [r for r in extract_records(iter_inputs([str(source)]), nlp=newswire_nlp)
              if "error" not in r and r["id"] != "voa-again"]
    assert len({r["id"] for r in single}) == STORIES + 1
    imported = import_parquet(str(out), str(tmp_path / "c.duckdb"))
    assert (imported.articles, imported.errors) == (STORIES + 1, 2)
    with open_corpus(tmp_path / "c.duckdb") as corpus:
        for record in single:
            assert corpus.article(record["id"]) == record, record["id"]
        errors = {e["id"]: e["kind"] for e in corpus.errors()}
    assert errors == {"voa.jsonl:20": "malformed", str(source.parent / "gone.warc.gz"): "unreadable"}
    again = import_parquet(str(out), str(tmp_path / "c.duckdb"))
    assert (again.articles, again.skipped) == (0, STORIES + 1)


def test_a_copy_from_another_outlet_is_kept_and_repeats_are_dropped(spark_run):
    out = spark_run[1]
    rows = duckdb.sql(f"SELECT id, source, content_hash FROM '{out}/articles/*.parquet'").fetchall()
    by_id = {aid: (source, digest) for aid, source, digest in rows}
    assert len(rows) == len(by_id) == STORIES + 1 and "voa-again" not in by_id
    original = json.loads(VOA.read_text(encoding="utf-8").splitlines()[1])["id"]
    assert by_id[REPRINT["id"]] == ("reprint", by_id[original][1])  # the same text, both stored


def test_counters_and_one_model_per_worker(spark_run):
    counters = spark_run[2].counters
    assert counters["articles"] == STORIES + 1 and counters["errors"] == 2
    assert counters["duplicates"] == 2 and counters["files_failed"] == 1 and counters["files_read"] == 1
    assert counters["models_loaded"] <= 2  # two Python workers, four partitions
    assert counters["models_loaded"] + counters["models_shared"] >= 1
    summary = json.loads((spark_run[1] / "summary.json").read_text())
    assert summary["counters"] == counters


def test_duckdb_reads_the_output_with_the_corpus_column_types(spark_run, tmp_path):
    out = spark_run[1]
    with Store(tmp_path / "empty.duckdb") as store:
        want = {t: store.con.execute(f"DESCRIBE {t}").fetchall() for t in TABLES}
    for table in TABLES:
        pattern = f"{out}/{table}/{'*/' if table == 'events' else ''}*.parquet"
        got = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{pattern}', hive_partitioning = false)").fetchall()
        assert [(c[0], c[1]) for c in got] == [(c[0], c[1]) for c in want[table]], table
    months = sorted(p.name for p in (out / "events").iterdir() if p.is_dir())
    assert months and all(m.startswith("month=20") for m in months)
    by_month = duckdb.sql(f"SELECT DISTINCT month FROM read_parquet('{out}/events/*/*.parquet')").fetchall()
    assert sorted(f"month={m[0]}" for m in by_month) == months
    assert os.path.exists(out / "articles" / "_SUCCESS")
