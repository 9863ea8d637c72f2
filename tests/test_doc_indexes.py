"""The per-Doc indexes that keep the pipeline linear in the text (issue 10) answer exactly
what the scans they replace would: quotes of a sentence, the quote holding a character,
the entity holding a token, an actor's mentions in a sentence, paragraph breaks."""
from __future__ import annotations

from newswire.article.events import mentions_starting_in
from newswire.article.parse import entity_at, make_doc, quotes_near, sentence_quotes
from newswire.article.pipeline import prepare

STORY = (
    "KYIV, May 3 (Newswire) - Russian forces shelled the city of Kharkiv on Tuesday, Ukrainian officials said.\n\n"
    '"We will not surrender," President Volodymyr Zelenskiy told reporters in Kyiv. "Russia must withdraw '
    'its troops. We call on the world to help," he said, adding that Germany would send more weapons.\n\n'
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
