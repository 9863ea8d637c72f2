"""Stage 1 and 2: reading every input format, and cutting boilerplate with a record of what was cut."""
from __future__ import annotations

import json

import pytest

from newswire.read.files import iter_inputs
from newswire.text.story import to_story

STORY = """Floods force thousands from their homes in southern Brazil

Heavy rain caused rivers to burst their banks across Rio Grande do Sul state on Tuesday, forcing thousands of families from their homes, officials said.

“We have never seen the water this high in the city centre,” said Mayor Carlos Souza, standing on a flooded street in Porto Alegre.

The state government declared an emergency in 40 municipalities and asked the federal government in Brasilia for help.
"""

HTML_PAGE = """<!doctype html>
<html><head>
<title>Port strike halts exports | Harbour Daily</title>
<meta property="og:title" content="Dockworkers strike halts grain exports in Santos">
<meta name="author" content="Luisa Mendes">
<meta property="article:published_time" content="2023-03-14T08:00:00Z">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Dockworkers strike halts grain exports in Santos",
 "author": {"@type": "Person", "name": "Luisa Mendes"},
 "datePublished": "2023-03-14"}</script>
</head><body>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World News</a></li><li><a href="/sport">Sport Pages</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience on our website. Accept all cookies</div>
<article>
<h1>Dockworkers strike halts grain exports in Santos</h1>
<p>Dockworkers at the port of Santos, the largest in Latin America, walked off the job on Tuesday in a dispute over pay, halting grain exports for the second time this year.</p>
<p>The union said about 3,000 workers had joined the strike and that it would continue until the port authority agreed to reopen talks on wages and night shifts.</p>
<p>“We have waited eight months for an answer, and our members will not wait any longer,” said union leader Paulo Ribeiro, speaking outside the main terminal gate.</p>
<p>The port authority said in a statement that it regretted the decision and that contingency plans were in place to keep fuel shipments moving through the port.</p>
</article>
<div class="share-tools social"><a href="#">Share this article on Facebook</a></div>
<footer class="site-footer"><p>Copyright 2023 Harbour Daily Media Group. All rights reserved.</p></footer>
</body></html>
"""


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


# ----------------------------------------------------------------- reading

def test_txt_file_id_is_the_file_name(tmp_path):
    path = write(tmp_path / "brazil-floods.txt", STORY)
    [record] = list(iter_inputs([path]))
    assert record == {"id": "brazil-floods.txt", "text": STORY}


def test_html_file_gets_text_title_author_and_date_from_meta(tmp_path):
    path = write(tmp_path / "santos.html", HTML_PAGE)
    [record] = list(iter_inputs([path]))
    assert record["id"] == "santos.html" and "html" in record
    story = to_story(record)
    assert story.is_html
    assert story.title == "Dockworkers strike halts grain exports in Santos"
    assert story.author == "Luisa Mendes"
    assert story.published is not None and story.published.isoformat() == "2023-03-14"
    assert "walked off the job on Tuesday" in story.text
    assert "We use cookies" not in story.text


def test_htm_suffix_is_html_too(tmp_path, extract_many):
    path = write(tmp_path / "santos.htm", HTML_PAGE)
    [record] = extract_many(iter_inputs([path]))
    assert record["id"] == "santos.htm"
    assert record["title"] == "Dockworkers strike halts grain exports in Santos"
    assert record["published"] == "2023-03-14"
    assert "<p>" not in record["text"] and "dispute over pay" in record["text"]


def test_html_menus_cookie_notice_share_and_footer_go_to_removed(extract):
    record = extract(HTML_PAGE, published=None)
    text, removed = record["text"], record["removed"]
    for junk in ("We use cookies", "Share this article", "All rights reserved", "World News"):
        assert junk not in text
    by_text = {r["text"]: r["kind"] for r in removed}
    assert any("We use cookies" in t for t in by_text)
    assert any("Share this article" in t for t in by_text)
    assert any(t.startswith("Copyright 2023") and k == "footer" for t, k in by_text.items())
    assert any("World News" in t and k == "navigation" for t, k in by_text.items())
    # the quote in the body survives, with its speaker
    [quote] = [q for q in record["quotes"] if q["kind"] == "direct"]
    assert quote["text"].startswith("We have waited eight months")


def test_jsonl_records_keep_their_fields(tmp_path, extract_many):
    lines = [
        {"id": "a1", "text": STORY, "url": "https://example.org/a1", "source": "example.org", "published": "2024-05-07"},
        {"id": 42, "text": "Court delays ruling on mining licence\n\nThe supreme court in Lima postponed its ruling on the mining licence until next month, lawyers for both sides said."},
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    records = extract_many(iter_inputs([path]))
    assert [r["id"] for r in records] == ["a1", "42"]
    assert records[0]["url"] == "https://example.org/a1" and records[0]["source"] == "example.org"
    assert records[0]["published"] == "2024-05-07"
    assert records[1]["title"] == "Court delays ruling on mining licence"


def test_folder_reads_every_known_file_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "b.txt", STORY)
    write(tmp_path / "a.html", HTML_PAGE)
    write(tmp_path / "sub" / "c.jsonl", json.dumps({"id": "c1", "text": STORY}) + "\n")
    write(tmp_path / "notes.md", "# not an article")
    ids = [r["id"] for r in iter_inputs([str(tmp_path)])]
    assert ids == ["a.html", "b.txt", "c1"]


def test_cli_reads_jsonl_from_stdin(cli_runner):
    line = json.dumps({"id": "stdin-1", "text": STORY, "published": "2024-05-07"})
    result = cli_runner(["extract", "-"], input=line + "\n")
    assert result.exit_code == 0
    [record] = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert record["id"] == "stdin-1" and record["published"] == "2024-05-07"
    assert "burst their banks" in record["text"]


def test_cli_folder_with_several_files_and_output_file(cli_runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "one.txt", STORY)
    write(folder / "two.html", HTML_PAGE)
    out = tmp_path / "out.jsonl"
    result = cli_runner(["extract", str(folder), "--published", "2024-05-07", "-o", str(out)])
    assert result.exit_code == 0
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["one.txt", "two.html"]
    assert all(r["published"] == "2024-05-07" for r in records)  # --published overrides the page's date


def test_cli_pretty_is_indented_json(cli_runner, tmp_path):
    path = write(tmp_path / "one.txt", STORY)
    result = cli_runner(["extract", "--pretty", path])
    assert result.exit_code == 0
    assert result.stdout.startswith("{\n  ")
    assert json.loads(result.stdout)["id"] == "one.txt"


# ----------------------------------------------------------------- cleaning

def removed_kinds(record) -> dict[str, str]:
    return {r["text"]: r["kind"] for r in record["removed"]}


def assert_accounted_for(raw: str, record: dict):
    """Nothing silently dropped: every input paragraph is in text or in removed."""
    removed_text = " ".join(r["text"] for r in record["removed"])
    for line in (x.strip() for x in raw.splitlines()):
        if line:
            assert line in record["text"] or line in removed_text, f"dropped silently: {line!r}"


@pytest.mark.parametrize("line", [
    "Also read: Brazil's president visits flood-hit towns in the south",
    "Read more: Climate scientists warn of more extreme rain in South America",
    "Related: How the floods unfolded, in pictures",
    "READ MORE",
])
def test_related_links_are_cut(extract, line):
    raw = STORY.replace("\n\n“We have", f"\n\n{line}\n\n“We have")
    record = extract(raw)
    assert line not in record["text"]
    assert removed_kinds(record)[line] == "related_link"
    assert_accounted_for(raw, record)


def test_you_will_be_interested_is_a_related_link(extract):
    raw = STORY.replace("\n\n“We have", "\n\nYou will be interested\n\n“We have")
    record = extract(raw)
    assert removed_kinds(record)["You will be interested"] == "related_link"


def test_photo_caption_is_cut(extract):
    raw = STORY.replace("\n\nHeavy rain", "\n\n(Photo: Reuters/Diego Vara)\n\nHeavy rain")
    record = extract(raw)
    assert "Reuters/Diego Vara" not in record["text"]
    assert removed_kinds(record)["(Photo: Reuters/Diego Vara)"] == "caption"


def test_short_label_under_headline_is_a_caption(extract):
    raw = STORY.replace("\n\nHeavy rain", "\n\nRescue workers in Porto Alegre\n\nHeavy rain")
    record = extract(raw)
    assert record["title"] == "Floods force thousands from their homes in southern Brazil"
    assert "Rescue workers in Porto Alegre" not in record["text"]
    assert removed_kinds(record)["Rescue workers in Porto Alegre"] == "caption"


def test_caption_does_not_run_into_the_first_quote(extract):
    raw = ("Minister resigns over budget row\n\nFinance Minister Joao Tavares\n\n"
           "“I can no longer defend a budget that I do not believe in,” Tavares told reporters in Lisbon on Friday.\n")
    record = extract(raw)
    assert "Finance Minister Joao Tavares" in removed_kinds(record)
    [quote] = record["quotes"]
    assert quote["text"] == "I can no longer defend a budget that I do not believe in"
    start = quote["spans"][0]["start"]
    assert record["text"][start - 1] == "“" and record["text"][:start].endswith("budget row\n\n“")


@pytest.mark.parametrize("line, kind", [
    ("Source link", "footer"),
    ("© 2024 Example News Agency. All rights reserved.", "footer"),
    ("(Reporting by Maria Santos; Editing by John Smith)", "byline"),
])
def test_footers_and_bylines_are_cut(extract, line, kind):
    raw = STORY + "\n" + line + "\n"
    record = extract(raw)
    assert line not in record["text"]
    assert removed_kinds(record)[line] == kind
    assert_accounted_for(raw, record)


def test_share_prompt_is_cut(extract):
    raw = STORY + "\nShare this article\n"
    record = extract(raw)
    assert "Share this article" not in record["text"]
    assert "Share this article" in removed_kinds(record)


def test_paragraphs_stay_apart_and_story_is_kept_whole(extract):
    record = extract(STORY)
    paragraphs = record["text"].split("\n\n")
    assert paragraphs[0] == "Floods force thousands from their homes in southern Brazil"
    assert paragraphs[1].startswith("Heavy rain") and paragraphs[1].endswith("officials said.")
    assert paragraphs[2].startswith("“We have never seen")
    assert len(paragraphs) == 4
    assert record["removed"] == []


def test_hard_wrapped_lines_are_joined_into_one_paragraph(extract):
    raw = ("Strike closes schools in Nairobi\n\n"
           "Teachers in Nairobi stayed away from classrooms on Monday as a strike over\n"
           "pay entered its second week, leaving thousands of pupils at home, the\n"
           "teachers' union said.\n")
    record = extract(raw)
    body = record["text"].split("\n\n")[1]
    assert body.startswith("Teachers in Nairobi") and body.endswith("the teachers' union said.")
    assert "\n" not in body


def test_first_line_is_the_title(extract):
    record = extract(STORY)
    assert record["title"] == "Floods force thousands from their homes in southern Brazil"


def test_given_title_is_used(extract):
    record = extract(STORY.split("\n\n", 1)[1], title="Brazil floods")
    assert record["title"] == "Brazil floods"


def test_everything_cut_is_listed_with_its_kind(extract):
    raw = ("Floods force thousands from their homes in southern Brazil\n\n"
           "Rescue workers in Porto Alegre\n\n"
           "Heavy rain caused rivers to burst their banks across Rio Grande do Sul state on Tuesday, "
           "forcing thousands of families from their homes, officials said.\n\n"
           "Also read: Brazil's president visits flood-hit towns\n\n"
           "“We have never seen the water this high in the city centre,” said Mayor Carlos Souza.\n\n"
           "Read more: Climate scientists warn of more extreme rain in South America\n\n"
           "(Reporting by Maria Santos; Editing by John Smith)\n\n"
           "© 2024 Example News Agency. All rights reserved.\n\n"
           "Source link\n")
    record = extract(raw)
    assert removed_kinds(record) == {
        "Rescue workers in Porto Alegre": "caption",
        "Also read: Brazil's president visits flood-hit towns": "related_link",
        "Read more: Climate scientists warn of more extreme rain in South America": "related_link",
        "(Reporting by Maria Santos; Editing by John Smith)": "byline",
        "© 2024 Example News Agency. All rights reserved.": "footer",
        "Source link": "footer",
    }
    assert_accounted_for(raw, record)
    assert record["text"].count("\n\n") == 2  # title, one paragraph, one quote


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_text(tmp_path, codec):
    # Notepad's "Unicode" and PowerShell's `>` write UTF-16 with a byte-order mark.
    body = STORY.replace("Souza", "Souza, 62, of São Leopoldo")
    # the plain codecs write their mark; the -le/-be ones need it written
    data = ("\ufeff" + body).encode(codec) if codec.endswith(("le", "be")) else body.encode(codec)
    (tmp_path / "story.txt").write_bytes(data)
    [record] = list(iter_inputs([str(tmp_path / "story.txt")]))
    assert "error" not in record, record
    assert record["text"] == body


def test_an_html_page_in_utf16_is_read_as_html(tmp_path):
    (tmp_path / "page.txt").write_bytes(HTML_PAGE.encode("utf-16"))
    [record] = list(iter_inputs([str(tmp_path / "page.txt")]))
    assert record.get("html", "").lstrip().lower().startswith("<!doctype html")


def test_nul_bytes_without_a_byte_order_mark_are_still_binary(tmp_path):
    (tmp_path / "story.txt").write_bytes(STORY.encode("utf-16-le"))  # no mark: no sure sign of UTF-16
    [record] = list(iter_inputs([str(tmp_path / "story.txt")]))
    assert record["error"]["kind"] == "not_text"
