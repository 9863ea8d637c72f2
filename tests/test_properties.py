"""Property-based tests (hypothesis) over the readers, the cleaner and extract: whatever
the input, no exception escapes, every record validates against the contract's schema,
every offset lies inside `text` and every span equals its slice.

The budget is small here so the suite stays fast (HYPOTHESIS_PROFILE=ci is the default);
benchmarks/fuzz.py runs the same properties with as large a budget as one likes."""
from __future__ import annotations

import json
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newswire.text.clean import clean
from newswire.read.files import iter_inputs
from newswire.text.story import to_story
from newswire.errors import NewswireError
from strategies import file_bytes, html_page, input_record, news_text

jsonschema = pytest.importorskip("jsonschema")

settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="module")
def validator(shared_dir):
    schema = json.loads((shared_dir / "contract" / "article.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def check_record(record: dict, validator) -> None:
    """The contract's promises about one output record."""
    errors = sorted(validator.iter_errors(record), key=str)
    assert not errors, f"{errors[0].message} at {list(errors[0].path)}"
    if "error" in record:
        return
    text = record["text"]
    for actor in record["actors"]:
        for m in actor["mentions"]:
            assert 0 <= m["start"] <= m["end"] <= len(text)
            assert text[m["start"]:m["end"]] == m["text"], (actor["name"], m)
    for quote in record["quotes"]:
        for span in quote["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(text)
        assert " ".join(text[s["start"]:s["end"]] for s in quote["spans"]) == quote["text"], quote
    for event in record["events"]:
        evidence = event["evidence"]
        assert 0 <= evidence["start"] <= evidence["end"] <= len(text)
        assert text[evidence["start"]:evidence["end"]] == evidence["text"]


@given(file_bytes())
def test_readers_never_raise_and_give_records(case):
    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(data)
        records = list(iter_inputs([path, folder]))
    for record in records:
        assert isinstance(record, dict)
        if "error" in record or not name.endswith((".jsonl", ".jsonl.gz")):  # a JSON line may leave its id out
            assert isinstance(record.get("id"), str) and record["id"]
        if "error" in record:
            assert set(record["error"]) == {"kind", "message"} and record["error"]["message"]
        elif record.get("id") is not None:
            assert isinstance(record["id"], str)


@given(st.one_of(news_text, html_page()), st.booleans())
def test_cleaning_keeps_offsets_inside_the_text(raw, as_html):
    try:
        story = to_story({"id": "p", "html" if as_html else "text": raw})
    except NewswireError:
        return  # an error record: the extract property checks its shape
    article = clean(story)
    for start, end in article.paragraphs:
        assert 0 <= start <= end <= len(article.text)
        assert article.text[start:end].strip() == article.text[start:end]
    assert all(r.kind in ("related_link", "caption", "footer", "byline", "navigation", "advert", "other")
               for r in article.removed)


@given(st.lists(input_record(), min_size=1, max_size=4))
def test_extract_gives_one_valid_record_per_input(newswire_nlp, validator, inputs):
    from newswire.pipeline.extract import extract_records

    records = list(extract_records(inputs, nlp=newswire_nlp, batch_size=2))
    assert len(records) == len(inputs)
    for given_input, record in zip(inputs, records):
        if given_input.get("id"):
            assert record["id"] == given_input["id"]
        check_record(record, validator)
