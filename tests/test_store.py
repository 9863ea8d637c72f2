"""The DuckDB store: schema, one transaction per article, skips, queries."""
import json
from pathlib import Path

import pytest

from corpus_fakes import extract_one
from newswire.corpus.query import open_corpus
from newswire.corpus.store import Store, StoreError, content_hash

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "contract" / "article.schema.json"

TEXT = ("On May 27, Italian Prime Minister Mario Draghi spoke on the phone with President Zelensky. "
        "Putin said Russia was not interested. \"We will not talk,\" Kirby said. Also read: more.")


def record(article_id="a1", text=TEXT, **fields):
    return extract_one({"id": article_id, "text": text, "published": "2022-05-28", **fields})


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.duckdb"
    with Store(path) as store:
        r = record(source="outlet-a", url="https://www.outlet-a.com/x", title="Draghi calls Zelensky")
        store.write_article(r, content_hash({"text": TEXT}), "in.jsonl")
        store.write_error("broken", {"kind": "empty", "message": "the article is empty"}, "in.jsonl")
    return path


def test_round_trip_gives_the_contract_record(db):
    with open_corpus(db) as corpus:
        back = corpus.article("a1")
    original = record(source="outlet-a", url="https://www.outlet-a.com/x", title="Draghi calls Zelensky")
    assert back == original
    if SCHEMA.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(back, json.loads(SCHEMA.read_text()))


def test_lists_and_objects_are_typed_columns(db):
    with open_corpus(db) as corpus:
        types = dict(corpus.con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'events'").fetchall())
    assert types["source"] == "VARCHAR[]"
    assert types["date"].startswith("STRUCT(") and types["location"].startswith("STRUCT(")


def test_seen_by_id_or_normalised_content_from_the_same_origin(db):
    with Store(db) as store:
        assert store.seen("a1", None)
        same_text = content_hash({"text": "  " + TEXT.upper().replace(" ", "\n ")})
        assert store.seen("other", same_text, "https://www.outlet-a.com/x")
        assert not store.seen("other", content_hash({"text": TEXT + " More."}), "https://www.outlet-a.com/x")
        # word for word from another outlet: a republication, an article of its own
        assert not store.seen("other", same_text, "https://outlet-b.com/copy")


def test_filters(db):
    with open_corpus(db) as corpus:
        assert [e["type"] for e in corpus.events(actor="draghi")] == ["CONSULT"]
        assert corpus.events(actor="draghi")[0]["target_names"] == ["Volodymyr Zelensky"]
        assert len(corpus.events(country="ukr", type="consult", since="2022-05-27", until="2022-05-27")) == 1
        assert corpus.events(since="2022-05-28") == [] and corpus.events(country="USA") == []
        assert corpus.events(place="Kyiv") == []
        assert [q["text"] for q in corpus.quotes(speaker="kirby", words="NOT TALK")] == ["We will not talk,"]
        assert corpus.quotes(speaker="Putin") == []
        assert [a["id"] for a in corpus.search("draghi PHONE")] == ["a1"]
        assert corpus.search("draghi moscow") == []
        assert corpus.articles()[0]["outlet"] == "outlet-a"
        assert corpus.errors()[0]["kind"] == "empty"


def test_a_later_success_replaces_the_error(db):
    with Store(db) as store:
        store.write_article(record("broken", "Zelensky spoke."), content_hash({"text": "Zelensky spoke."}))
    with open_corpus(db) as corpus:
        assert corpus.errors() == [] and len(corpus.articles()) == 2


def test_full_disk_is_reported_and_leaves_no_half_article(db, monkeypatch):
    calls = []

    def full(self, sql, params):
        calls.append(sql)
        if len(calls) == 3:  # after the article row, while writing its actors
            raise OSError(28, "No space left on device")
        return Store.__dict__["_insert_rows_orig"](self, sql, params)

    monkeypatch.setattr(Store, "_insert_rows_orig", Store._insert_rows, raising=False)
    monkeypatch.setattr(Store, "_insert_rows", full)
    with Store(db) as store:
        with pytest.raises(StoreError, match="No space left on device") as info:
            store.write_article(record("a2"), content_hash({"text": "x"}))
        assert "a2" in str(info.value) and "rerun" in str(info.value)
    monkeypatch.undo()
    with open_corpus(db) as corpus:
        assert [a["id"] for a in corpus.articles()] == ["a1"]
        for table in ("actors", "quotes", "events", "removed"):
            assert corpus.con.execute(f"SELECT count(*) FROM {table} WHERE article_id = 'a2'").fetchall() == [(0,)]


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        open_corpus(tmp_path / "none.duckdb")


def test_dataframe_needs_pandas(db):
    with open_corpus(db) as corpus:
        try:
            import pandas  # noqa: F401
        except ImportError:
            with pytest.raises(StoreError, match="pandas"):
                corpus.df("events")
        else:
            assert len(corpus.df("events")) == 1


def test_an_older_corpus_gains_the_location_fields_it_lacks(tmp_path):
    """A corpus written before a location had `how` and `admin1` is widened when a Store opens it, so
    a new record's fields are stored, not dropped, and the old rows read NULL there."""
    import duckdb

    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.write_article(record("old1"), content_hash({"text": TEXT}), "in.jsonl")
    con = duckdb.connect(str(path))  # the column as it was before issue 21
    con.execute("ALTER TABLE events ALTER location TYPE STRUCT(name VARCHAR, country VARCHAR, lat DOUBLE, "
                "lon DOUBLE, geonameid BIGINT) USING struct_pack(name := location.name, country := location.country, "
                "lat := location.lat, lon := location.lon, geonameid := location.geonameid)")
    con.close()
    located = record("new1", text=TEXT.replace("Tuesday", "Wednesday"))
    for event in located["events"]:
        event["location"] = {"name": "Kyiv", "country": "UKR", "lat": 50.45, "lon": 30.52, "geonameid": 703448,
                             "admin1": "12", "how": "clause"}
    with Store(path) as store:
        store.write_article(located, content_hash({"text": located["text"]}), "in.jsonl")
        hows = dict(store.con.execute("SELECT article_id, max(location.how) FROM events GROUP BY 1").fetchall())
    assert hows.get("new1") == "clause" and hows.get("old1") is None
