"""The corpus commands through click's runner, on a throwaway group."""
import csv
import io
import json

import click
import duckdb
import pytest
from click.testing import CliRunner

import newswire.corpus.ingest
from newswire.cli import corpus as cli_corpus


@pytest.fixture
def cli():
    @click.group()
    def group():
        pass
    cli_corpus.register(group)
    return group


@pytest.fixture
def db(tmp_path, cli, monkeypatch):
    monkeypatch.setattr(newswire.corpus.ingest, "DEFAULT_BACKEND", "corpus_fakes")
    inp = tmp_path / "in.jsonl"
    rows = [{"id": "d1", "source": "outlet-a", "published": "2022-05-28",
             "text": "On May 27, Mario Draghi spoke on the phone with Zelensky. \"We talk every week,\" Kirby said."},
            {"id": "d2", "source": "outlet-b", "published": "2022-05-28",
             "text": "Draghi and Zelensky had a phone call on May 27. \"We talk every week,\" Kirby said."},
            {"id": "d3", "title": "no text"}]
    inp.write_text("".join(json.dumps(r) + "\n" for r in rows))
    path = tmp_path / "news.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(inp), "--db", str(path)])
    assert result.exit_code == 1, result.output  # d3 failed: the exit status says so
    assert "stored 2, skipped 0 (already there), failed 1" in result.output
    return path


def run(cli, *args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_ingest_again_skips(cli, db, tmp_path):
    result = run(cli, "ingest", tmp_path / "in.jsonl", "--db", db, "--jobs", "1")
    assert "stored 0, skipped 2 (already there), failed 1" in result.output


def test_query_events_as_jsonl(cli, db):
    result = run(cli, "query", "events", "--db", db, "--actor", "draghi", "--country", "UKR", "--type", "consult",
                 "--since", "2022-05-01", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["article_id"], r["source_names"], r["target_names"]) for r in rows] == [
        ("d1", ["Mario Draghi"], ["Volodymyr Zelensky"]), ("d2", ["Mario Draghi"], ["Volodymyr Zelensky"])]


def test_query_quotes_table_and_csv(cli, db, tmp_path):
    table = run(cli, "query", "quotes", "--db", db, "--speaker", "kirby")
    assert table.exit_code == 0 and "We talk every week" in table.output and "2 quotes" in table.output
    out = tmp_path / "q.csv"
    assert run(cli, "query", "quotes", "--db", db, "--words", "week", "--format", "csv", "-o", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["outlet"] for r in rows] == ["outlet-a", "outlet-b"]


def test_query_articles_search_and_parquet(cli, db, tmp_path):
    result = run(cli, "query", "articles", "--db", db, "--search", "phone call", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["d2"]
    out = tmp_path / "events.parquet"
    assert run(cli, "query", "events", "--db", db, "--format", "parquet", "-o", out).exit_code == 0
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchall() == [(2,)]


def test_query_clusters_and_errors(cli, db):
    clusters = json.loads(run(cli, "query", "event_clusters", "--db", db, "--format", "jsonl").output)
    assert clusters["n_sources"] == 2 and clusters["outlets"] == ["outlet-a", "outlet-b"]
    errors = run(cli, "query", "errors", "--db", db, "--format", "jsonl").output
    assert json.loads(errors)["id"] == "d3"


def test_errors_are_error_lines_with_exit_code_1(cli, db, tmp_path):
    wrong = run(cli, "query", "quotes", "--db", db, "--actor", "Putin")
    assert wrong.exit_code == 1 and wrong.output.startswith("Error: quotes cannot be filtered by --actor")
    missing = run(cli, "query", "events", "--db", tmp_path / "nothing.duckdb")
    assert missing.exit_code == 1 and "Error: [NW300] no database" in missing.output
    parquet = run(cli, "query", "events", "--db", db, "--format", "parquet")
    assert parquet.exit_code == 1 and "needs -o" in parquet.output
    nothing = run(cli, "ingest", tmp_path / "no-such-*.jsonl", "--db", db)
    assert nothing.exit_code == 1 and "Error:" in nothing.output


@pytest.mark.parametrize("option, value, message", [
    ("--country", "russia", "unknown country 'russia': did you mean RUS (Russia)?"),
    ("--country", "XXX", "unknown country 'XXX': give an ISO 3166-1 alpha-3 code"),
    ("--type", "ATTACK", "unknown type 'ATTACK': did you mean ASSAULT?")])
def test_an_unknown_code_is_an_error_not_zero_events(cli, db, option, value, message):
    result = run(cli, "query", "events", "--db", db, option, value)
    assert result.exit_code == 2 and f"Invalid value for {option}: {message}" in result.output, result.output


def test_query_actor_matches_the_spellings_of_a_name(cli, db):
    for spelling in ("Zelenskiy", "zelenskyy", "ZELENSKÝ"):
        result = run(cli, "query", "events", "--db", db, "--actor", spelling, "--format", "jsonl")
        assert [json.loads(line)["article_id"] for line in result.output.splitlines()] == ["d1", "d2"], spelling


def test_query_limit_offset_and_how_many_are_left_out(cli, db):
    table = run(cli, "query", "events", "--db", db, "--limit", "1")
    assert "1 of 2 events" in table.output and "1 more not shown: --offset 1 for the next" in table.output
    assert table.output.count("Mario Draghi") == 1
    rows = run(cli, "query", "quotes", "--db", db, "--offset", "1", "--format", "jsonl").output.splitlines()
    assert [json.loads(r)["article_id"] for r in rows if r.startswith("{")] == ["d2"]
    assert "2 quotes" in run(cli, "query", "quotes", "--db", db).output  # all shown: no count of the rest
    assert "more not shown" not in run(cli, "query", "quotes", "--db", db).output
    assert "1 event\n" not in table.output and "1 error" in run(cli, "query", "errors", "--db", db).output


def test_export_all_tables(cli, db, tmp_path):
    out = tmp_path / "export"
    result = run(cli, "export", "all", "--db", db, "--format", "parquet", "-o", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert "articles.parquet" in names and "event_clusters.parquet" in names and len(names) == 10
    assert run(cli, "export", "quotes", "--db", db, "--format", "csv", "-o", tmp_path / "q.csv").exit_code == 0
    assert (tmp_path / "q.csv").read_text().startswith("article_id,id,kind,text")
    assert run(cli, "export", "nope", "--db", db, "-o", tmp_path / "x").exit_code == 1


def test_every_csv_writes_nested_fields_as_json(cli, db, tmp_path):
    out = tmp_path / "events.csv"
    assert run(cli, "export", "events", "--db", db, "--format", "csv", "-o", out).exit_code == 0
    exported = {(r["article_id"], r["id"]): r for r in csv.DictReader(io.StringIO(out.read_text()))}
    first = exported[("d1", "e1")]
    assert json.loads(first["source"]) == ["a3"] and json.loads(first["target"]) == ["a2"]
    assert json.loads(first["date"]) == {"start": "2022-05-27", "end": "2022-05-27", "precision": "day",
                                         "text": "May 27"}
    assert json.loads(first["source_actors"])[0]["name"] == "Mario Draghi" and first["context"] == "[]"
    assert first["location"] == ""  # NULL is an empty cell
    queried = run(cli, "query", "events", "--db", db, "--format", "csv").output
    row = next(r for r in csv.DictReader(io.StringIO(queried)) if r["article_id"] == "d1")
    for column in ("source", "target", "date", "context", "source_actors"):  # the same JSON, byte for byte
        assert row[column] == first[column], column
    quotes = tmp_path / "quotes.csv"
    assert run(cli, "export", "quotes", "--db", db, "--format", "csv", "-o", quotes).exit_code == 0
    spans = [json.loads(r["spans"]) for r in csv.DictReader(io.StringIO(quotes.read_text()))]
    assert spans and all(isinstance(s, list) and {"start", "end"} <= set(s[0]) for s in spans)


def test_export_plover(cli, db, tmp_path):
    out = tmp_path / "plover.jsonl"
    assert run(cli, "export", "events", "--db", db, "--format", "plover", "-o", out).exit_code == 0
    first = json.loads(out.read_text().splitlines()[0])
    assert first["id"] == "d1-e1" and first["date"] == "2022-05-27" and first["event"] == ["CONSULT"]
    assert first["actor"] == [{"code": "ITA", "sector": "GOV", "entity_text": "Mario Draghi"}]
    assert first["recipient"][0]["code"] == "UKR" and first["quad_code"] == 1 and first["mode"] == ["phone"]
    assert first["link"] == "event_cluster-1" and first["cite_info"]["publication"] == "outlet-a"
    bad = run(cli, "export", "quotes", "--db", db, "--format", "plover", "-o", out)
    assert bad.exit_code == 1 and "events only" in bad.output
