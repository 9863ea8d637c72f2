"""The Spark job's per-partition work, without Spark: every input kind gives the
records `newswire extract` gives; bad files and bad articles become error rows."""
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newswire.pipeline.extract import extract_records
from newswire.read.files import iter_inputs
from newswire.corpus.query import open_corpus
from newswire.corpus.store import TABLE_COLUMNS, TABLES, Store
from newswire.spark import parquet, partition
from newswire.spark.job import input_paths
from newswire.spark.load import import_parquet
from newswire.spark.partition import (
    Input, extract_partition, first, new_counters, process_partition, read_partition, record_of, write_partition,
)
from newswire.spark.setup import SparkSetupError, check_java, parse_java_version

STORIES = [
    {"id": "draghi", "published": "2022-05-28", "source": "voanews.com", "title": "Draghi calls Zelensky",
     "text": "Italian Prime Minister Mario Draghi spoke on the phone with Ukrainian President Volodymyr "
             "Zelensky on Friday. \"We will keep supporting Ukraine,\" Draghi said after the call."},
    {"id": "kirby", "published": "2022-06-02",
     "text": "Pentagon spokesman John Kirby said Russia had launched new missile strikes on Kyiv. "
             "\"This is a brutal war,\" Kirby told reporters in Washington on Thursday."},
]
PAGE = ("<html><head><title>Talks in Ankara</title></head><body><article><p>Turkish President Recep Tayyip "
        "Erdogan met Russian President Vladimir Putin in Ankara on Tuesday to discuss grain exports "
        "across the Black Sea.</p><p>\"We agreed to keep talking,\" Erdogan told reporters after the "
        "meeting, which lasted three hours.</p></article></body></html>")


def write_jsonl(path: Path, lines: list[str], gzipped: bool = False) -> Path:
    data = "".join(line + "\n" for line in lines)
    if gzipped:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def write_warc(path: Path) -> Path:
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record("https://www.example-news.com/ankara", "response",
                                           payload=io.BytesIO(PAGE.encode()), http_headers=http,
                                           warc_headers_dict={"WARC-Date": "2022-07-19T10:00:00Z"})
        writer.write_record(record)
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spark-inputs")
    lines = [json.dumps(s) for s in STORIES] + ["not json", json.dumps({"id": "empty", "text": "  "})]
    return {"jsonl": write_jsonl(folder / "news.jsonl", lines),
            "jsonl.gz": write_jsonl(folder / "news.jsonl.gz", lines, gzipped=True),
            "warc.gz": write_warc(folder / "cc-news.warc.gz")}


def comparable(record: dict) -> dict:
    if "error" in record:
        return {"id": record["id"], "error": record["error"]}
    return record


@pytest.mark.parametrize("kind", ["jsonl", "jsonl.gz", "warc.gz"])
def test_every_input_kind_gives_the_records_of_extract(inputs, newswire_nlp, kind):
    path = str(inputs[kind])
    counters = new_counters()
    rows = list(process_partition([(0, path)], counters))
    single = list(extract_records(iter_inputs([path]), nlp=newswire_nlp))
    assert [comparable(record_of(r)) for r in rows] == [comparable(r) for r in single]
    assert all(set(r) <= set(TABLES) for r in rows)
    if kind == "warc.gz":
        assert counters["articles"].value == 1
        assert record_of(rows[0])["url"] == "https://www.example-news.com/ankara"
        assert any(q["speaker_name"] and "Erdogan" in q["speaker_name"] for q in record_of(rows[0])["quotes"])
    else:
        assert (counters["articles"].value, counters["errors"].value) == (2, 2)
        kinds = [record_of(r).get("error", {}).get("kind") for r in rows]
        assert kinds == [None, None, "malformed", "empty"]
    assert counters["models_loaded"].value <= 1  # loaded once per process, not per partition


def test_the_model_is_loaded_once_per_worker_process(inputs):
    counters = new_counters()
    for _ in range(3):  # three partitions in one Python worker
        list(process_partition([(0, str(inputs["jsonl"]))], counters))
    assert counters["models_loaded"].value <= 1


def test_article_rows_carry_the_store_columns(inputs):
    rows = list(process_partition([(0, str(inputs["jsonl"]))]))
    article = rows[0]["articles"][0]
    assert list(article) == list(TABLE_COLUMNS["articles"])
    assert article["id"] == "draghi" and article["path"].endswith("news.jsonl")
    assert len(article["content_hash"]) == 64 and article["ingested_at"] is not None
    events = rows[0]["events"]
    assert events and all(e["article_id"] == "draghi" for e in events)
    assert any(e["source_actors"] and e["source_actors"][0]["name"] for e in events)  # denormalised as in the store


def test_written_part_files_import_as_the_records_of_extract(inputs, newswire_nlp, tmp_path):
    """The worker's own Parquet, without Spark: the store's column types, events by month, and
    `newswire import` gives back every record `newswire extract` gives."""
    paths = [str(inputs["jsonl"]), str(inputs["warc.gz"])]
    out = tmp_path / "out"
    counters = new_counters()
    written = list(write_partition(3, read_partition(enumerate(paths), counters), str(out), counters))
    assert {"articles", "events", "errors"} <= {table for table, _, _ in written} <= set(TABLES)
    rows = parquet.commit(str(out), written)  # a table without rows gets an empty file
    assert (rows["articles"], rows["errors"]) == (3, 2)
    assert sorted(p.name for p in (out / "events").iterdir()) == ["_SUCCESS", "month=2022-05", "month=2022-06",
                                                                  "month=2022-07"]
    with Store(tmp_path / "empty.duckdb") as store:
        for table in TABLES:
            want = store.con.execute(f"DESCRIBE {table}").fetchall()
            got = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{out}/{table}/**/*.parquet', "
                             "hive_partitioning = false)").fetchall()
            assert [c[:2] for c in got] == [c[:2] for c in want], table
    import_parquet(str(out), str(tmp_path / "c.duckdb"))
    single = [r for r in extract_records(iter_inputs(paths), nlp=newswire_nlp) if "error" not in r]
    with open_corpus(tmp_path / "c.duckdb") as corpus:
        for record in single:
            assert corpus.article(record["id"]) == record, record["id"]


def test_parquet_of_before_the_language_columns_imports_as_english(tmp_path):
    """Spark output written before records named their language and model (issue 24) has no such
    columns: it imports, the articles store NULL there and read as English, beside newer files that
    name them."""
    old = ("SELECT 'old1' AS id, repeat('a', 64) AS content_hash, NULL::VARCHAR AS url, 'voanews.com' AS source, "
           "'Draghi calls Zelensky' AS title, '2022-05-28' AS published, 'Mario Draghi called Volodymyr Zelensky.' "
           "AS text, []::VARCHAR[] AS warnings, 'in.jsonl' AS path, TIMESTAMP '2024-01-01' AS ingested_at")
    new = (old.replace("'old1'", "'new1'").replace("repeat('a'", "repeat('b'").replace("Draghi called", "Draghi phoned")
           + ", 'fr' AS language, 'fr_core_news_sm' AS model")
    (tmp_path / "out" / "articles").mkdir(parents=True)
    for name, select in (("part-00000", old), ("part-00001", new)):
        duckdb.sql(f"COPY ({select}) TO '{tmp_path}/out/articles/{name}.parquet' (FORMAT parquet)")
    summary = import_parquet(str(tmp_path / "out"), str(tmp_path / "c.duckdb"))
    assert summary.articles == 2
    with open_corpus(tmp_path / "c.duckdb") as corpus:
        stored = dict(corpus.con.execute("SELECT id, language FROM articles").fetchall())
        languages = {a["id"]: a["language"] for a in corpus.articles()}
        assert "language" not in corpus.article("old1")  # given back as it was written
    assert stored == {"old1": None, "new1": "fr"} and languages == {"old1": "en", "new1": "fr"}


def test_commit_drops_files_no_task_reported_and_gives_empty_tables_a_file(tmp_path):
    out = str(tmp_path / "out")
    good = parquet.join(out, "articles", "part-00000-000.parquet")
    stale = parquet.join(out, "articles", "part-00001-000.parquet")  # a failed attempt's
    row = {"id": "a1", "content_hash": "h", "warnings": [], "ingested_at": None}
    parquet.write_table("articles", [row], good)
    parquet.write_table("articles", [dict(row, id="a2")], stale)
    rows = parquet.commit(out, [("articles", good, 1)])
    assert rows["articles"] == 1 and not os.path.exists(stale)
    assert duckdb.sql(f"SELECT id FROM '{out}/articles/*.parquet'").fetchall() == [("a1",)]
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/events/*/*.parquet')").fetchall() == [(0,)]
    assert all(os.path.exists(os.path.join(out, t, "_SUCCESS")) for t in TABLES)
    with pytest.raises(FileExistsError, match="already holds articles, actors"):
        parquet.prepare_out(out, overwrite=False)
    parquet.prepare_out(out, overwrite=True)
    assert not any(os.path.exists(os.path.join(out, t)) for t in TABLES)


def test_an_unreadable_file_is_counted_and_becomes_one_error_row(tmp_path, inputs):
    counters = new_counters()
    missing = str(tmp_path / "gone.jsonl.gz")
    rows = list(process_partition([(0, missing), (1, str(inputs["jsonl"]))], counters))
    errors = [record_of(r) for r in rows if "errors" in r]
    assert errors[0]["id"] == missing and errors[0]["error"]["kind"] == "unreadable"
    assert "gone.jsonl.gz" in errors[0]["error"]["message"]
    assert (counters["files_failed"].value, counters["files_read"].value, counters["articles"].value) == (1, 1, 2)


def test_a_remote_path_without_fsspec_is_an_error_row_not_a_crash(monkeypatch):
    monkeypatch.setitem(sys.modules, "fsspec", None)
    counters = new_counters()
    out = list(read_partition([(0, "s3://bucket/cc-news.warc.gz")], counters))
    assert out[0].digest is None and "needs fsspec" in out[0].item["error"]["message"]
    assert counters["files_failed"].value == 1


def test_a_crashing_article_becomes_an_error_row_and_the_rest_goes_on(newswire_nlp, monkeypatch):
    from newswire.pipeline import extract as real

    class Flaky:
        load_model = staticmethod(lambda name=None: newswire_nlp)

        @staticmethod
        def extract_records(items, nlp=None, batch_size=16):
            if any(i["id"] == "kirby" for i in items):
                raise MemoryError("boom")
            return real.extract_records(items, nlp=nlp, batch_size=batch_size)

    monkeypatch.setitem(sys.modules, "flaky_backend", Flaky)
    given = [partition.to_input(dict(s), (0, i), "in.jsonl") for i, s in enumerate(STORIES)]
    rows = [record_of(r) for r in extract_partition(given, backend="flaky_backend")]
    assert rows[0]["id"] == "draghi" and "error" not in rows[0]
    assert rows[1] == {"id": "kirby", "error": {"kind": "internal", "message": "[NW900] article 'kirby': MemoryError: boom"}}


def test_duplicates_keep_the_first_input_read():
    a = Input((0, 5), "a.jsonl", {"id": "x", "text": "t"}, "h")
    b = Input((1, 0), "b.jsonl", {"id": "x", "text": "t"}, "h")
    assert first(a, b) is a and first(b, a) is a


def test_rows_are_typed_as_the_store_types_them(tmp_path):
    dest = str(tmp_path / "events.parquet")
    parquet.write_table("events", [{"article_id": "a", "id": "e1", "confidence": 1, "context": ["x"],
                                    "evidence": {"text": "met", "start": "3", "end": 6}, "unknown": "dropped"}], dest)
    got = duckdb.sql(f"SELECT confidence, evidence, location, context FROM '{dest}'").fetchall()[0]
    assert got == (1.0, {"text": "met", "start": 3, "end": 6}, None, ["x"]) and isinstance(got[0], float)
    assert parquet.month_of("2024-05-01T10:00:00Z") == "2024-05" and parquet.month_of(None) == "unknown"


def test_a_manifest_lists_inputs_beside_it_or_under_a_base_url(tmp_path, inputs):
    (tmp_path / "crawl").mkdir()
    manifest = tmp_path / "crawl" / "news.paths"
    manifest.write_text(f"# CC-NEWS style manifest\n{inputs['jsonl']}\nsub/part-1.warc.gz\n\n")
    assert input_paths([str(manifest)]) == [str(inputs["jsonl"]), str(tmp_path / "crawl" / "sub" / "part-1.warc.gz")]
    assert input_paths([str(manifest)], base_url="s3://commoncrawl/")[1] == "s3://commoncrawl/sub/part-1.warc.gz"
    gz = tmp_path / "warc.paths.gz"
    with gzip.open(gz, "wt") as f:
        f.write("crawl-data/CC-NEWS/2024/05/CC-NEWS-20240501.warc.gz\n")
    assert input_paths([str(gz)], base_url="https://data.commoncrawl.org") == [
        "https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/05/CC-NEWS-20240501.warc.gz"]
    assert input_paths([str(inputs["jsonl"].parent)]) == sorted(str(p) for p in inputs.values())


def test_java_versions_are_read_old_and_new():
    assert parse_java_version('openjdk version "17.0.15" 2025-04-15') == 17
    assert parse_java_version('java version "1.8.0_392"') == 8
    assert parse_java_version('openjdk version "21" 2023-09-19') == 21
    assert parse_java_version("no java here") is None


def test_missing_java_is_said_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(SparkSetupError, match=r"Java is missing .*has no bin/java.*Java 17"):
        check_java()
    old = tmp_path / "bin" / "java"
    old.parent.mkdir()
    old.write_text('#!/bin/sh\necho \'java version "1.8.0_392"\' >&2\n')
    old.chmod(0o755)
    with pytest.raises(SparkSetupError, match=r"is Java 8\. Spark needs Java 17"):
        check_java()


def test_the_cli_does_not_import_spark_until_asked():
    code = ("import sys, newswire.cli; from newswire.cli import cli; "
            "assert 'pyspark' not in sys.modules and 'newswire.spark.job' not in sys.modules; "
            "assert {'spark', 'import'} <= set(cli.commands)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_only_the_cli_imports_the_spark_layer():
    package = Path(partition.__file__).resolve().parents[1]
    importers = [p.relative_to(package).as_posix() for p in package.rglob("*.py")
                 if p.parts[len(package.parts)] not in ("spark", "cli")
                 and ("newswire.spark" in p.read_text() or "from ..spark" in p.read_text()
                      or "from .spark" in p.read_text())]
    assert importers == []
