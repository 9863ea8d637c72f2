"""One bad article never stops a batch: it gets an error record naming it and the problem."""
from __future__ import annotations

import json

import pytest

from newswire.read.files import iter_inputs

GOOD = ("Court delays ruling on mining licence\n\n"
        "The supreme court in Lima postponed its ruling on the copper mining licence until next month, "
        "lawyers for both sides said on Wednesday.\n")
NO_ARTICLE_HTML = "<html><head><title>Page</title></head><body><nav><a href='/'>Home</a></nav></body></html>"


@pytest.fixture
def bad_folder(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_empty.txt").write_text("", encoding="utf-8")
    (d / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "c_latin1.txt").write_bytes("Protesters in São Paulo".encode("latin-1"))
    (d / "d_lines.jsonl").write_text(
        '{"id": "broken", "text": "unterminated\n'
        + json.dumps({"id": "no-text", "title": "Headline only"}) + "\n"
        + json.dumps({"id": "j-good", "text": GOOD}) + "\n", encoding="utf-8")
    with open(d / "f_huge.txt", "w", encoding="utf-8") as f:
        line = "The quick brown fox jumps over the lazy dog near the river bank again.\n"
        f.write(line * (50_000_000 // len(line) + 1))
    (d / "z_good.txt").write_text(GOOD, encoding="utf-8")
    return d


EXPECTED = {  # id → (error kind, words the message must hold)
    "a_empty.txt": ("empty", "empty"),
    "b_binary.txt": ("not_text", "binary"),
    "c_latin1.txt": ("not_text", "UTF-8"),
    "d_lines.jsonl:1": ("malformed", "JSON"),
    "no-text": ("malformed", "text"),
    "f_huge.txt": ("too_large", "MB"),
}


def check_batch(records):
    by_id = {r["id"]: r for r in records}
    assert list(by_id) == ["a_empty.txt", "b_binary.txt", "c_latin1.txt", "d_lines.jsonl:1", "no-text",
                           "j-good", "f_huge.txt", "z_good.txt"]
    for article_id, (kind, words) in EXPECTED.items():
        error = by_id[article_id].get("error")
        assert error, f"{article_id}: no error record"
        assert error["kind"] == kind, (article_id, error)
        assert words.lower() in error["message"].lower(), (article_id, error)
        name = article_id.split(":")[0]
        assert name in error["message"], f"the message does not name the article: {error}"
        assert set(by_id[article_id]) == {"schema", "id", "error"}
    for good in ("j-good", "z_good.txt"):
        assert "error" not in by_id[good]
        assert "postponed its ruling" in by_id[good]["text"]


def test_bad_files_become_error_records_and_the_batch_goes_on(bad_folder, extract_many):
    check_batch(extract_many(iter_inputs([str(bad_folder)])))


def test_cli_writes_every_record_and_exits_1(bad_folder, cli_runner):
    result = cli_runner(["extract", str(bad_folder)])
    assert result.exit_code == 1
    check_batch([json.loads(x) for x in result.stdout.splitlines()])
    assert "error:" in result.stderr and "a_empty.txt" in result.stderr


def test_cli_exits_0_when_all_is_well(tmp_path, cli_runner):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    assert cli_runner(["extract", str(tmp_path / "good.txt")]).exit_code == 0


def test_api_errors_name_the_article(extract):
    record = extract("   \n\n  ", id="blank-1")
    assert record["error"]["kind"] == "empty" and "blank-1" in record["error"]["message"]
    record = extract("x" * 2_000_001, id="huge-1")
    assert record["error"]["kind"] == "too_large" and "huge-1" in record["error"]["message"]


def test_missing_file_is_an_error_record(tmp_path, extract_many):
    records = extract_many(iter_inputs([str(tmp_path / "nowhere.txt"), str(tmp_path)]))
    assert records[0]["id"] == "nowhere.txt" and records[0]["error"]["kind"] == "unreadable"


def test_html_page_with_no_article_is_an_error(tmp_path, extract_many):
    (tmp_path / "menu.html").write_text(NO_ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "z_good.txt").write_text(GOOD, encoding="utf-8")
    page, good = extract_many(iter_inputs([str(tmp_path)]))
    assert page["id"] == "menu.html" and page["error"]["kind"] == "no_article"
    assert "menu.html" in page["error"]["message"]
    assert "error" not in good
