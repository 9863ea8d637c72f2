"""The per-Doc indexes that keep the pipeline linear in the text (issue 10) answer exactly
what the scans they replace would: quotes of a sentence, the quote holding a character,
the entity holding a token, an actor's mentions in a sentence, paragraph breaks; an
over-long text read in parts is one true record; a bare number never reaches dateparser."""
from __future__ import annotations

import os

from newswire.coding.events.context import mentions_starting_in
from newswire.nlp.docs import entity_at, quotes_near, sentence_quotes
from newswire.nlp.parse import make_doc
from newswire.pipeline.extract import prepare

STORY = (
    "KYIV, May 3 (Newswire) - Russian forces shelled the city of Kharkiv on Tuesday, Ukrainian officials said.\n\n"
    '"We will not surrender," President Volodymyr Zelenskiy told reporters in Kyiv. "Russia must withdraw '
    'its troops. We call on the world to help." He said Germany would send more weapons.\n\n'
    "Moldova demanded on Monday that Russia withdraw its troops from Transnistria. Moscow has refused, "
    "the foreign ministry said.\n\n"
    'NATO accused Russia of attacking civilians. "This is a war crime," its secretary-general told reporters.'
)


def parsed(nlp, text=STORY):
    return nlp(make_doc(nlp, prepare({"id": "story", "text": text, "published": "2022-05-03"})))


def test_each_sentence_gets_the_quotes_a_scan_of_all_would_find(newswire_nlp):
    doc = parsed(newswire_nlp)
    quotes = doc._.quotes
    assert len(quotes) >= 3 and any(len(q.spans) > 1 for q in quotes)  # one quote runs over two sentences
    for sent in doc.sents:
        touching = [q for q in quotes if any(s < sent.end_char and e >= sent.start_char for s, e in q.spans)]
        assert sentence_quotes(sent, quotes) == touching
        for token in sent:
            holding = [q for q in quotes if any(s <= token.idx < e for s, e in q.spans)]
            near = quotes_near(doc, quotes, token.idx)
            assert [q for q in near if any(s <= token.idx < e for s, e in q.spans)] == holding


def test_a_character_between_sentences_looks_at_every_quote(newswire_nlp):
    doc = parsed(newswire_nlp)
    gap = next(s.end_char for s in doc.sents if doc.text[s.end_char:s.end_char + 1] == " ")  # "said. Moscow"
    assert quotes_near(doc, doc._.quotes, gap) is doc._.quotes


def test_the_entity_of_each_token_is_the_one_doc_ents_holds(newswire_nlp):
    doc = parsed(newswire_nlp)
    for token in doc:
        expected = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        found = entity_at(doc, token.i)
        assert (found.start, found.end, found.label_) == (expected.start, expected.end, expected.label_) \
            if expected is not None else found is None
    assert entity_at(doc, next(t.i for t in doc if t.text == "Kharkiv")).text == "Kharkiv"


def test_an_actors_mentions_in_a_sentence_are_those_that_start_in_it(newswire_nlp):
    doc = parsed(newswire_nlp)
    russia = next(a for a in doc._.actors.actors if a.name == "Russia")
    assert len(russia.mentions) >= 4
    for sent in doc.sents:
        inside = [m for m in russia.mentions if sent.start_char <= m.start < sent.end_char]
        assert sorted(mentions_starting_in(doc, russia, sent.start_char, sent.end_char), key=lambda m: m.start) \
            == sorted(inside, key=lambda m: m.start)


def test_a_refusal_answers_the_last_request_made_of_its_actor(extract):
    record = extract("Moldova demanded on Monday that Russia withdraw its troops from Transnistria. "
                     "Moscow has refused, the foreign ministry said.")
    names = {a["id"]: a["name"] for a in record["actors"]}
    [reject] = [e for e in record["events"] if e["type"] == "REJECT"]
    assert [names[i] for i in reject["source"]] == ["Russia"] and [names[i] for i in reject["target"]] == ["Moldova"]


def test_every_paragraph_break_is_a_sentence_break(newswire_nlp):
    doc = parsed(newswire_nlp, STORY + "\n\nthe ministry said, without giving a figure, that more troops would come.")
    after_break = [t for t in doc[1:] if "\n" in doc[t.i - 1].text_with_ws]
    assert len(after_break) == 4 and after_break[-1].text == "the"
    assert all(t.is_sent_start for t in after_break)


def long_story(size: int) -> str:
    return ((STORY + "\n\n") * (size // len(STORY) + 1))[:size].rstrip() + "."


def test_parts_cover_the_doc_and_end_at_paragraph_breaks(newswire_nlp):
    from newswire.nlp.parse import part_bounds, tokenize

    doc = tokenize(newswire_nlp, long_story(30_000))
    bounds = part_bounds(doc, 5_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(doc) and len(bounds) >= 5
    assert all(end == start for (_, end), (start, _) in zip(bounds, bounds[1:]))
    for start, end in bounds[:-1]:
        assert 0 < doc[end - 1].idx + len(doc[end - 1]) - doc[start].idx <= 5_000 + 500
        assert "\n" in doc[end - 1].text_with_ws  # each part ends at a paragraph break


def test_a_run_of_symbols_is_never_cut_into_parts(newswire_nlp):
    from newswire.nlp.parse import part_bounds, tokenize

    doc = tokenize(newswire_nlp, "Officials said the talks would resume, and then they wrote " + "!" * 60_000)
    assert part_bounds(doc, 10_000) == [(0, len(doc))]


def test_an_over_long_article_is_parsed_in_parts_into_one_true_record(extract, monkeypatch):
    from newswire.nlp import parse
    from newswire.pipeline import extract as pipeline

    calls = []
    monkeypatch.setattr(pipeline, "parse_in_parts", lambda *a: calls.append(a) or parse.parse_in_parts(*a))
    short = extract(STORY)
    assert calls == []  # a news story is parsed whole, as always
    text = long_story(parse.LONG_TEXT + 5_000)
    record = extract(text)
    assert len(calls) == 1 and record["text"] == text
    assert len(record["quotes"]) > 10 * len(short["quotes"])
    for quote in record["quotes"]:
        assert all(0 <= s["start"] < s["end"] <= len(text) for s in quote["spans"])
        assert text[quote["spans"][0]["start"]:quote["spans"][0]["end"]] in quote["text"]
    for event in record["events"]:
        evidence = event["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["text"]


def test_a_bare_number_is_no_date_and_a_year_still_is():
    import datetime as dt

    from newswire.coding.when import resolve

    published = dt.date(2022, 5, 28)
    assert [resolve(n, published) for n in ("7", "12", "305", "1234", "3999")] == [None] * 5  # "Yes 1234," he said
    assert resolve("2019", published).precision == "year"
    assert resolve("27/05/2022", published).start == "2022-05-27"


def test_parts_parsed_by_two_processes_give_the_record_one_process_gives(extract, monkeypatch):
    from newswire import processes
    from newswire.nlp import parse

    text = long_story(parse.LONG_TEXT + 5_000)
    monkeypatch.setattr(processes, "_part_processes", 1)
    alone = extract(text)
    monkeypatch.setattr(processes, "_part_processes", 2)
    forked = []
    real_pool = parse.multiprocessing.get_context("fork").Pool
    monkeypatch.setattr(parse.multiprocessing, "get_context",
                        lambda method: type("Fork", (), {"Pool": lambda self, *a, **k: forked.append(a) or
                                                         real_pool(*a, **k)})())
    assert extract(text) == alone
    assert forked and forked[0][0] == 2


def test_a_pool_worker_or_a_thread_parses_its_parts_itself(monkeypatch):
    import threading

    from newswire import processes

    monkeypatch.setattr(processes, "_part_processes", None)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(processes.part_processes()))
    thread.start()
    thread.join()
    assert seen == [1]  # not the main thread: no fork from here
    processes.set_part_processes(1)  # what ingest's, extract's and Spark's workers do
    assert processes.part_processes() == 1


def test_a_timeout_while_parts_are_parsed_leaves_no_process(newswire_nlp, monkeypatch):
    from processes import descendants

    from newswire import processes
    from newswire.nlp import parse
    from newswire.pipeline import extract as pipeline

    monkeypatch.setattr(processes, "_part_processes", 2)
    text = long_story(parse.LONG_TEXT + 5_000)
    [record] = pipeline.extract_records([{"id": "long", "text": text}], nlp=newswire_nlp, timeout=0.3)
    assert record["error"]["kind"] == "timeout"
    assert descendants(os.getpid()) == set()


def test_numpy_blas_parses_a_real_story_as_blis_does(newswire_nlp):
    import spacy

    from newswire.nlp.parse import DEFAULT_MODEL

    layers = [layer for _, pipe in newswire_nlp.pipeline if hasattr(getattr(pipe, "model", None), "walk")
              for layer in pipe.model.walk()]
    assert layers and all(layer.ops.use_blis is False for layer in layers)
    with_blis = spacy.load(DEFAULT_MODEL, exclude=["senter"])
    ours = newswire_nlp.make_doc(STORY)
    with newswire_nlp.select_pipes(enable=[n for n in with_blis.pipe_names if n in newswire_nlp.pipe_names]):
        ours = newswire_nlp(ours)
    theirs = with_blis(STORY)
    assert [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in ours] == \
           [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in theirs]
