"""Archives: gzip JSON Lines and WARC files, including broken ones."""
import gzip
import io
import json

import pytest

from newswire.read.archive import iter_archive

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402


def write_jsonl_gz(path, records):
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def test_jsonl_gz_reads_every_line(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    write_jsonl_gz(path, [{"id": 1, "text": "One."}, {"id": "b", "text": "Two."}])
    assert list(iter_archive(str(path))) == [{"id": "1", "text": "One."}, {"id": "b", "text": "Two."}]


def test_truncated_gz_keeps_lines_before_and_reports(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    write_jsonl_gz(path, [{"id": str(i), "text": f"Story number {i}. " * 200} for i in range(50)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    out = list(iter_archive(str(path)))
    good = [r for r in out if "error" not in r]
    assert out[-1]["error"]["kind"] == "truncated"
    assert "cut.jsonl.gz" in out[-1]["error"]["message"]
    assert 0 < len(good) < 50 and [r["id"] for r in good] == [str(i) for i in range(len(good))]
    assert out[-1]["id"] == f"cut.jsonl.gz:{len(good) + 1}"


def test_bad_json_line_is_an_error_record(tmp_path):
    path = tmp_path / "b.jsonl.gz"
    with gzip.open(path, "wt") as f:
        f.write('{"id": "x", "text": "fine"}\n{not json\n[1, 2]\n')
    out = list(iter_archive(str(path)))
    assert out[0]["id"] == "x"
    assert [r["error"]["kind"] for r in out[1:]] == ["malformed", "malformed"]


def test_missing_file_is_an_error_record(tmp_path):
    out = list(iter_archive(str(tmp_path / "gone.warc.gz")))
    assert out == [{"id": "gone.warc.gz", "error": {"kind": "unreadable", "message": out[0]["error"]["message"]}}]


def make_warc(path, pages, gzipped):
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for i, (url, body, ctype) in enumerate(pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": f"2022-05-2{i}T10:00:00Z"})
            writer.write_record(record)


PAGES = [(f"https://www.outlet{i}.com/story-{i}", f"<html><body><p>Story {i} text.</p></body></html>".encode(),
          "text/html; charset=utf-8") for i in range(3)]


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_response_records(tmp_path, gzipped):
    path = tmp_path / ("cc.warc.gz" if gzipped else "cc.warc")
    make_warc(path, PAGES + [("https://x.com/a.png", b"\x89PNG", "image/png")], gzipped)
    out = list(iter_archive(str(path)))
    assert [r["url"] for r in out] == [p[0] for p in PAGES]  # the image is not an article
    first = out[0]
    assert first["id"].startswith("urn:uuid:") and first["published"] == "2022-05-20T10:00:00Z"
    assert first["source"] == "outlet0.com" and "Story 0 text." in first["html"]


@pytest.mark.parametrize("gzipped", [False, True])
def test_corrupt_warc_record_is_reported_and_skipped(tmp_path, gzipped):
    path = tmp_path / ("bad.warc.gz" if gzipped else "bad.warc")
    make_warc(path, PAGES, gzipped)
    data = bytearray(path.read_bytes())
    if gzipped:  # break the second gzip member's deflate data
        second = data.find(b"\x1f\x8b\x08", 10)
        data[second + 20: second + 60] = b"\xff" * 40
    else:  # break the second record's header line
        second = data.find(b"WARC/1", 10)
        data[second: second + 6] = b"XXXX/9"
    path.write_bytes(bytes(data))
    out = list(iter_archive(str(path)))
    errors = [r for r in out if "error" in r]
    assert len(errors) == 1 and errors[0]["error"]["kind"] == "corrupt_record"
    assert "bad.warc" in errors[0]["error"]["message"]
    urls = [r["url"] for r in out if "error" not in r]
    assert urls[0] == PAGES[0][0] and urls[-1] == PAGES[2][0]
