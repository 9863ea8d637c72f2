"""One admit rule on every path (ingest, `newswire import`, the Spark job's shuffle): a repeated
id and the same text from the same outlet are skipped; the same text from another outlet is
stored, so that linking finds the copy. The Spark job itself is run in test_spark_job.py."""
import json

from newswire.corpus.ingest import ingest
from newswire.corpus.query import open_corpus
from newswire.corpus.store import content_hash
from newswire.read.admit import NEW, OTHER_TEXT, Admitted, SAME_ID, SAME_TEXT_SAME_ORIGIN, Seen, admit, origin
from newswire.spark import parquet
from newswire.spark.load import import_parquet
from newswire.spark.partition import Input, admit_in_order, new_counters, to_input, write_partition

FAKE = "corpus_fakes"
ORIGINAL = {"id": "wire-1", "source": "wire", "url": "https://wire.example/1", "published": "2022-05-27",
            "text": "On May 27, Mario Draghi spoke on the phone with Zelensky for an hour. " * 4}
REPRINT = {**ORIGINAL, "id": "reprint-1", "source": "reprint", "url": "https://reprint.example/a",
           "published": "2022-05-28"}  # admitted: the same text from another outlet
SAME_ID_AGAIN = {**ORIGINAL, "source": "reprint", "url": "https://reprint.example/b"}  # skipped: its id is stored
SAME_OUTLET = {**ORIGINAL, "id": "wire-1-again"}  # skipped: this text from this outlet is stored
REPEATS = [REPRINT, SAME_ID_AGAIN, SAME_OUTLET]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def stored_ids(db) -> list[str]:
    with open_corpus(db) as corpus:
        return sorted(row[0] for row in corpus.con.execute("SELECT id FROM articles").fetchall())


def test_the_rule():
    digest, seen = content_hash(ORIGINAL), Seen()
    assert admit("wire-1", digest, origin(ORIGINAL), seen) == Admitted(True, NEW)
    seen.add("wire-1", digest, origin(ORIGINAL))
    verdicts = [admit(r["id"], content_hash(r), origin(r), seen) for r in REPEATS]
    assert verdicts == [Admitted(True, NEW), Admitted(False, SAME_ID), Admitted(False, SAME_TEXT_SAME_ORIGIN)]
    assert admit("wire-1", content_hash({"text": "Another story."}), "", seen).reason == OTHER_TEXT
    assert origin({"url": "", "source": "wire"}) == "wire" and origin({}) == ""


def test_ingest_stores_a_copy_from_another_outlet_and_skips_repeats(tmp_path):
    db = str(tmp_path / "c.duckdb")
    summary = ingest([write_jsonl(tmp_path / "in.jsonl", [ORIGINAL] + REPEATS)], db, backend=FAKE, progress=False)
    assert (summary.stored, summary.skipped, summary.failed) == (2, 2, 0)
    assert stored_ids(db) == ["reprint-1", "wire-1"]
    again = ingest([write_jsonl(tmp_path / "more.jsonl", REPEATS)], db, backend=FAKE, progress=False)
    assert (again.stored, again.skipped, again.failed) == (0, 3, 0)


def spark_output(tmp_path, records) -> str:
    """Parquet as a Spark task writes it (no shuffle: every record goes in)."""
    out, counters = str(tmp_path / "out"), new_counters()
    inputs = [to_input(dict(r), (0, i), "in.jsonl") for i, r in enumerate(records)]
    parquet.commit(out, list(write_partition(0, inputs, out, counters, backend=FAKE)))
    return out


def test_import_stores_a_copy_from_another_outlet_and_skips_repeats(tmp_path):
    db = str(tmp_path / "c.duckdb")
    ingest([write_jsonl(tmp_path / "in.jsonl", [ORIGINAL])], db, backend=FAKE, progress=False)
    summary = import_parquet(spark_output(tmp_path, REPEATS), db)
    assert (summary.articles, summary.skipped) == (1, 2)
    assert stored_ids(db) == ["reprint-1", "wire-1"]
    with open_corpus(db) as corpus:
        [link] = corpus.republications()
    assert (link["article_id"], link["republishes"], link["kind"]) == ("reprint-1", "wire-1", "verbatim")


def test_import_applies_the_rule_among_its_own_files(tmp_path):
    db = str(tmp_path / "c.duckdb")
    summary = import_parquet(spark_output(tmp_path, [ORIGINAL] + REPEATS), db)
    assert (summary.articles, summary.skipped) == (2, 2)
    assert stored_ids(db) == ["reprint-1", "wire-1"]


def test_the_spark_shuffle_keeps_the_copy_and_drops_repeats():
    inputs = [to_input(dict(r), (0, i), "in.jsonl") for i, r in enumerate([ORIGINAL] + REPEATS)]
    error = Input((1, 0), "gone.jsonl", {"id": "gone.jsonl", "error": {"kind": "unreadable", "message": "x"}}, None)
    dropped = new_counters()["duplicates"]
    by_text = list(admit_in_order(reversed(inputs + [error]), dropped))  # read order, not arrival order
    assert [g.item["id"] + " " + g.origin for g in by_text] == [
        "wire-1 https://wire.example/1", "reprint-1 https://reprint.example/a", "gone.jsonl "]
    assert dropped.value == 2
