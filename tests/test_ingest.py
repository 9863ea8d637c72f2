"""Ingest: skips, errors, crashes and reruns (with the fast fake extractor)."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newswire.corpus.ingest
from newswire.corpus.ingest import ingest
from newswire.corpus.query import open_corpus
from newswire.corpus.store import TABLES, Store, StoreError

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
VOA = SHARED / "data" / "voa"
needs_voa = pytest.mark.skipif(not VOA.exists(), reason="../shared/data/voa is not there")
FAKE = "corpus_fakes"


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def stories(n, start=0):
    return [{"id": f"s{i}", "source": f"outlet{i % 3}", "published": "2022-05-28",
             "text": f"Story {i}. Putin met Zelensky. \"Quote number {i} from Kirby,\" Kirby said. " * 3}
            for i in range(start, start + n)]


def contents(db) -> dict:
    """Every table's rows, sorted, without the ingest timestamps."""
    with open_corpus(db) as corpus:
        out = {}
        for table in corpus.tables():
            cursor = corpus.con.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            rows = [{k: v for k, v in zip(names, row) if k not in ("ingested_at", "failed_at")}
                    for row in cursor.fetchall()]
            out[table] = sorted(json.dumps(row, default=str) for row in rows)
        return out


@needs_voa
def test_ingesting_twice_stores_every_article_once(tmp_path):
    db = tmp_path / "voa.duckdb"
    first = ingest([str(VOA)], str(db), backend=FAKE, progress=False)
    assert (first.stored, first.skipped, first.failed) == (89, 0, 0)
    again = ingest([str(VOA / "*.jsonl")], str(db), backend=FAKE, progress=False)
    assert (again.stored, again.skipped, again.failed) == (0, 89, 0)
    with open_corpus(db) as corpus:
        assert corpus.con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchall() == [(89, 89)]


def test_same_text_from_the_same_outlet_under_another_id_is_skipped(tmp_path):
    inputs = stories(2) + [{**stories(1)[0], "id": "copy", "text": stories(1)[0]["text"].upper()}]
    summary = ingest([str(write_jsonl(tmp_path / "in.jsonl", inputs))], str(tmp_path / "c.duckdb"),
                     backend=FAKE, progress=False)
    assert (summary.stored, summary.skipped) == (2, 1)


def test_a_word_for_word_republication_by_another_outlet_is_an_article_linked_to_its_original(tmp_path):
    original = {"id": "wire-1", "source": "wire", "url": "https://wire.example/1", "published": "2022-05-27",
                "text": "On May 27, Mario Draghi spoke on the phone with Zelensky for an hour. " * 4}
    copy = {**original, "id": "copy-1", "source": "reprint", "url": "https://reprint.example/a", "published": "2022-05-28"}
    path, db = write_jsonl(tmp_path / "in.jsonl", [original, copy]), tmp_path / "c.duckdb"
    first = ingest([str(path)], str(db), backend=FAKE, progress=False)
    again = ingest([str(path)], str(db), backend=FAKE, progress=False)  # the same inputs again: nothing new
    assert (first.stored, first.skipped, again.stored, again.skipped) == (2, 0, 0, 2)
    with open_corpus(db) as corpus:
        [link] = corpus.republications()
        [cluster] = corpus.article_clusters()
    assert (link["article_id"], link["outlet"], link["republishes"], link["kind"]) == ("copy-1", "reprint", "wire-1",
                                                                                     "verbatim")
    assert cluster["original_article_id"] == "wire-1" and cluster["outlets"] == ["reprint", "wire"]


def test_bad_inputs_become_errors_and_the_rest_is_stored(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(stories(1)[0]) + "\n" + '{"id": "notext", "title": "no body"}\n'
                    + "{broken\n" + json.dumps({"id": "bad", "text": "FAIL here"}) + "\n")
    db = tmp_path / "c.duckdb"
    summary = ingest([str(path)], str(db), backend=FAKE, progress=False)
    assert (summary.stored, summary.failed) == (1, 3)
    with open_corpus(db) as corpus:
        kinds = {e["id"]: e["kind"] for e in corpus.errors()}
    assert kinds == {"notext": "malformed", "in.jsonl:3": "malformed", "bad": "bad_input"}
    again = ingest([str(path)], str(db), backend=FAKE, progress=False)  # errors are retried, not duplicated
    assert (again.stored, again.skipped, again.failed) == (0, 1, 3)


def test_a_file_that_vanishes_mid_run(tmp_path, monkeypatch):
    a = write_jsonl(tmp_path / "a.jsonl", stories(2))
    b = write_jsonl(tmp_path / "b.jsonl", stories(2, start=2))
    listed = newswire.corpus.ingest.expand_inputs

    def list_then_lose(paths):
        files = listed(paths)
        b.unlink()  # gone between listing the folder and reading it
        return files
    monkeypatch.setattr(newswire.corpus.ingest, "expand_inputs", list_then_lose)
    db = tmp_path / "c.duckdb"
    summary = ingest([str(tmp_path)], str(db), backend=FAKE, progress=False)
    assert (summary.stored, summary.failed) == (2, 1)
    with open_corpus(db) as corpus:
        [error] = corpus.errors()
    assert error["kind"] == "unreadable" and "b.jsonl" in error["message"]
    assert a.exists()


def test_full_disk_stops_cleanly_and_a_rerun_finishes(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "in.jsonl", stories(6))
    db = tmp_path / "c.duckdb"
    original, calls = Store._insert_rows, []

    def fill_up(self, sql, params):
        calls.append(sql)
        if len(calls) > 12:
            raise OSError(28, "No space left on device")
        return original(self, sql, params)
    monkeypatch.setattr(Store, "_insert_rows", fill_up)
    with pytest.raises(StoreError, match="No space left on device"):
        ingest([str(path)], str(db), backend=FAKE, progress=False, chunk_size=1)
    monkeypatch.undo()
    with open_corpus(db) as corpus:
        stored = corpus.con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        orphans = corpus.con.execute("SELECT count(*) FROM quotes WHERE article_id NOT IN "
                                     "(SELECT id FROM articles)").fetchall()[0][0]
    assert 0 < stored < 6 and orphans == 0
    summary = ingest([str(path)], str(db), backend=FAKE, progress=False)
    assert (summary.stored, summary.skipped) == (6 - stored, stored)


def _ingest_in_subprocess(inp, db, env_extra):
    code = ("import sys; sys.path[:0] = [%r, %r]\n"
            "from newswire.corpus.ingest import ingest\n"
            "ingest([%r], %r, backend='corpus_fakes', progress=False, chunk_size=2)\n"
            % (str(HERE.parent / "src"), str(HERE), str(inp), str(db)))
    return subprocess.Popen([sys.executable, "-c", code], env={**os.environ, **env_extra})


def test_sigkill_midway_then_rerun_gives_the_same_database(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", stories(10))
    reference = tmp_path / "reference.duckdb"
    ingest([str(inp)], str(reference), backend=FAKE, progress=False)

    db, done = tmp_path / "killed.duckdb", tmp_path / "progress.txt"
    proc = _ingest_in_subprocess(inp, db, {"FAKE_SLEEP": "0.05", "FAKE_PROGRESS": str(done)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if done.exists() and len(done.read_text().split()) >= 5:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    with open_corpus(db) as corpus:  # what survived is whole articles only
        counts = corpus.con.execute("SELECT a.id, (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) "
                                    "FROM articles a").fetchall()
    assert 0 < len(counts) < 10 and all(n == 3 for _, n in counts)
    summary = ingest([str(inp)], str(db), backend=FAKE, progress=False)
    assert summary.stored + summary.skipped == 10 and summary.skipped == len(counts)
    assert contents(db) == contents(reference)


def test_two_worker_processes_store_what_one_does(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", stories(12))
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    ingest([str(inp)], str(one), backend=FAKE, progress=False)
    summary = ingest([str(inp)], str(two), jobs=2, backend=FAKE, progress=False, chunk_size=3)
    assert summary.stored == 12 and len(summary.peak_rss_mb) >= 1
    assert all(mb > 0 for mb in summary.peak_rss_mb.values())
    assert contents(one) == contents(two)


def test_tables_exist_even_for_an_empty_run(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    ingest([str(path)], str(tmp_path / "c.duckdb"), backend=FAKE, progress=False)
    with open_corpus(tmp_path / "c.duckdb") as corpus:
        assert set(TABLES) <= set(corpus.tables())


SEED = SHARED / "seeds" / "000_a956789f9a4d9f80.txt"
REWORDING = HERE / "fixtures" / "kirby_rewording.txt"


def _pipeline_missing() -> str | None:
    try:
        import newswire.pipeline.extract  # noqa: F401
    except ImportError as exc:
        return f"newswire.pipeline.extract (the real extractor) is not importable yet: {exc}"
    return None


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not there")
@pytest.mark.skipif(_pipeline_missing() is not None, reason=str(_pipeline_missing()))
def test_one_story_from_two_outlets_with_the_real_extractor(tmp_path):
    inp = write_jsonl(tmp_path / "two.jsonl", [
        {"id": "seed", "text": SEED.read_text(), "source": "outlet-a", "published": "2022-05-28"},
        {"id": "rewording", "text": REWORDING.read_text(), "source": "outlet-b", "published": "2022-05-28"}])
    db = tmp_path / "c.duckdb"
    summary = ingest([str(inp)], str(db), progress=False)
    assert (summary.stored, summary.failed) == (2, 0)
    with open_corpus(db) as corpus:
        [story] = corpus.query("article_clusters")
        kirby = [c for c in corpus.query("quote_clusters") if "John Kirby" in c["speakers"]]
        shared = [c for c in corpus.query("event_clusters") if c["n_articles"] == 2]
        seed_kirby = [q for q in corpus.quotes(speaker="Kirby") if q["article_id"] == "seed"]
    assert story["outlets"] == ["outlet-a", "outlet-b"] and story["n_articles"] == 2
    assert len(kirby) >= 4 and all(c["outlets"] == ["outlet-a", "outlet-b"] for c in kirby)
    # every Kirby quote of the seed that the rewording also carries is in exactly one cluster, with it
    for words in ("right thing now", "hope of negotiating", "exactly zero", "sovereignty"):
        ids = {q["id"] for q in seed_kirby if words in q["text"]}
        homes = [c for c in kirby if any(v["article_id"] == "seed" and v["quote_id"] in ids for v in c["variants"])]
        assert ids and len(homes) == 1, words
        assert {v["article_id"] for v in homes[0]["variants"]} == {"seed", "rewording"}
    assert shared, "no event reported by both outlets was linked"
    # the two outlets carry one text: one independent source
    assert all(c["n_sources"] == 1 and c["outlets"] == ["outlet-a", "outlet-b"] for c in shared)


GERMAN = ("Der Bundeskanzler hat am Dienstag in Berlin neue Hilfen für die Landwirte angekündigt, die unter der "
          "Dürre leiden. Die Regierung werde in den kommenden Tagen eine Soforthilfe bereitstellen, sagte der "
          "Landwirtschaftsminister auf einer Pressekonferenz.")  # a language newswire does not code


def test_the_progress_bar_names_each_phase(tmp_path):
    from rich.console import Console

    console = Console(file=open(os.devnull, "w"), record=True, force_terminal=True, width=120)
    path = write_jsonl(tmp_path / "in.jsonl", stories(5))
    summary = ingest([str(path)], str(tmp_path / "c.duckdb"), backend=FAKE, console=console, chunk_size=2)
    assert summary.stored == 5
    drawn = console.export_text()
    for phase in ("loading model", "extracting", "linking", "done"):
        assert phase in drawn, (phase, drawn[-500:])
    assert "5/5" in drawn and "articles/s" in drawn
    assert "left 0:00:00" not in drawn.split("linking")[-1]  # no "time left" once extraction is over


def test_stored_articles_with_warnings_are_summed_up_by_kind(tmp_path, cli_runner, newswire_nlp):
    path = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "de", "text": GERMAN, "published": "2024-06-04"},
        {"id": "en", "text": "Pentagon spokesman John Kirby said on Friday that Russia had shown no interest "
                             "in talks with Ukraine.", "published": "2024-06-04"},
        {"id": "nodate", "text": "Pentagon spokesman John Kirby said on Friday that Russia had shown no interest "
                                 "in talks with Ukraine, and that Kyiv would keep fighting."}])
    db = tmp_path / "c.duckdb"
    result = cli_runner(["ingest", str(path), "--db", str(db), "--jobs", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "stored 3, skipped 0 (already there), failed 0" in result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warnings: ")]
    assert len(warnings) == 1, result.output
    assert "1 article not in English: stored, not coded" in warnings[0]
    assert "1 article with no publication date: relative dates unresolved" in warnings[0]
    from newswire.corpus.warning_kinds import kinds_of, summary_lines
    from collections import Counter

    assert kinds_of(["2 CONSULT events without a recipient left out", "odd"]) == {"no_recipient", "other"}
    assert summary_lines(Counter({"no_recipient": 48, "language": 1})) == [
        "48 articles with events left out for want of a recipient", "1 article not in English: stored, not coded"]
