"""Hypothesis strategies for hostile news: real newsroom words, quote marks, symbols,
control characters, stray bytes and broken markup, mixed. Shared by the property tests
(tests/test_properties.py, small budget) and the fuzzing script (benchmarks/fuzz.py)."""
from __future__ import annotations

import json

from hypothesis import strategies as st

WORDS = ("Putin", "Zelensky", "Kirby", "John", "said", "told", "reporters", "according", "to", "Ukraine",
         "Russia", "United", "Nations", "NATO", "the", "a", "of", "in", "on", "Tuesday", "May", "28,", "2022",
         "talks", "attack", "sanctions", "met", "called", "accused", "agreed", "Moscow", "Kyiv", "Lima", "he",
         "she", "they", "said:", "that", "not", "would", "will", "President", "Minister", "Foreign", "Mr.",
         "Also read:", "Photo:", "Reuters", "AP", "—", "-", "(", ")", ",", ".", "!", "?", ";", ":", "…")
MARKS = ('"', "“", "”", "‘", "’", "«", "»", "„", "'")
ODD = ("\n", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", "\u200b", "\ufeff", "\x0b", "\x0c", "😀", "👍🏽",
       "\u202e", "e\u0301", "ﬁ", "Ⅻ", "١٢", "\x7f")

fragment = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(MARKS),
                     st.sampled_from(ODD), st.text(max_size=6),
                     st.sampled_from(",!?.😀").map(lambda c: c * 70))  # runs long enough to be cut into chunks
news_text = st.lists(fragment, max_size=80).map(lambda parts: " ".join(parts))

TAGS = ("p", "div", "span", "h1", "h2", "a", "li", "ul", "nav", "footer", "figcaption", "figure", "article",
        "script", "style", "b", "br", "table", "td", "header")


@st.composite
def html_page(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(("", ' class="related"', ' id="byline"', ' class="caption credit"',
                                      ' style="x', ' data-x=\'"\'')))
        body = draw(news_text)
        closing = draw(st.sampled_from((f"</{tag}>", "", f"</{tag}", "</div></div>")))
        parts.append(f"<{tag}{attrs}>{body}{closing}")
    head = draw(st.sampled_from(("<!doctype html><html><head><title>T</title></head><body>", "<html><body>",
                                 "<body>", "", '<meta charset="windows-1252"><html>')))
    return head + "".join(parts) + draw(st.sampled_from(("</body></html>", "", "</html")))


@st.composite
def input_record(draw) -> dict:
    """A contract input record, sometimes with odd fields."""
    key = draw(st.sampled_from(("text", "text", "html")))
    record = {key: draw(news_text if key == "text" else html_page())}
    if draw(st.booleans()):
        record["id"] = draw(st.one_of(st.text(min_size=1, max_size=10), st.integers(0, 999).map(str)))
    if draw(st.booleans()):
        record["published"] = draw(st.sampled_from(("2022-05-28", "28/05/2022", "May 28, 2022", "yesterday",
                                                    "2022-13-01", "", "0000", "Sat, 28 May 2022 10:00:00 GMT")))
    if draw(st.booleans()):
        record["title"] = draw(st.one_of(st.none(), news_text))
    return record


@st.composite
def file_bytes(draw) -> tuple[str, bytes]:
    """(file name, content) for the readers: text, HTML, JSON Lines (good, bad, cut), or raw bytes."""
    suffix = draw(st.sampled_from((".txt", ".html", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".htm")))
    kind = draw(st.sampled_from(("text", "html", "jsonl", "bytes")))
    if kind == "text":
        data = draw(news_text).encode(draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1252"))), "replace")
    elif kind == "html":
        data = draw(html_page()).encode(draw(st.sampled_from(("utf-8", "cp1252"))), "replace")
    elif kind == "jsonl":
        lines = [json.dumps(draw(input_record())).encode() for _ in range(draw(st.integers(0, 4)))]
        lines += draw(st.lists(st.binary(max_size=30), max_size=2))
        data = b"\n".join(lines)
    else:
        data = draw(st.binary(max_size=400))
    if suffix.endswith(".gz") and draw(st.booleans()):
        import gzip

        data = gzip.compress(data)
        data = data[:draw(st.integers(0, len(data)))]
    return "in" + suffix, data
