"""One options object (ExtractOptions), built by the API and the CLI alike."""
import dataclasses

import pytest

import newswire
from newswire.pipeline.options import DEFAULT_TIMEOUT, ExtractOptions

ARTICLES = [{"id": "o1", "published": "2022-05-28",
             "text": "On May 27, Italian Prime Minister Mario Draghi spoke on the phone with President Zelensky."},
            {"id": "o2", "text": ""},
            {"id": "o3", "published": "2022-05-28", "text": "\"We talk every week,\" Kirby told a briefing on Friday."}]


def test_options_are_frozen_checked_and_replaced_by_name():
    options = ExtractOptions()
    assert (options.model, options.batch_size, options.published, options.timeout, options.jobs) == (
        None, 16, None, DEFAULT_TIMEOUT, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.jobs = 2
    assert ExtractOptions.of(options, jobs=2) == ExtractOptions(jobs=2) and options.jobs == 1
    with pytest.raises(ValueError, match="jobs"):
        ExtractOptions(jobs=0)
    with pytest.raises(TypeError, match="nlp"):
        ExtractOptions.of(nlp=None)


def test_extract_many_takes_jobs_through_the_options(newswire_nlp):
    one = list(newswire.extract_many(ARTICLES, nlp=newswire_nlp, batch_size=2))
    assert list(newswire.extract_many(ARTICLES, newswire.ExtractOptions(jobs=2, batch_size=2))) == one
    assert [r["id"] for r in one] == ["o1", "o2", "o3"] and "error" in one[1]


def test_the_commands_share_one_declaration_of_each_option():
    from newswire.cli import cli

    def option(command, name):
        [param] = [p for p in cli.commands[command].params if p.name == name]
        return param.help, param.default

    assert len({option(command, "model") for command in ("extract", "ingest", "spark")}) == 1
    assert option("extract", "timeout")[1] == option("ingest", "timeout")[1] == DEFAULT_TIMEOUT
    assert option("extract", "jobs") == option("ingest", "jobs")
