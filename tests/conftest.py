"""Shared fixtures: the newswire pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = (REPO / ".." / "shared").resolve()
PUBLISHED = "2022-05-28"


@pytest.fixture(scope="session")
def newswire_nlp():
    """spaCy with newswire's components, loaded once (load_model is cached too)."""
    from newswire.pipeline.extract import load_model

    return load_model()


@pytest.fixture(scope="session")
def extract(newswire_nlp):
    """`extract(text, published=...)` through the one loaded model."""
    import newswire

    def run(text: str, published: str | None = PUBLISHED, **fields) -> dict:
        return newswire.extract(text, published=published, nlp=newswire_nlp, **fields)

    return run


@pytest.fixture(scope="session")
def extract_many(newswire_nlp):
    import newswire

    def run(inputs, **kw) -> list[dict]:
        return list(newswire.extract_many(inputs, nlp=newswire_nlp, **kw))

    return run


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is missing: the shared contract/eval/seeds live beside the repository")
    return SHARED


@pytest.fixture
def cli_runner(newswire_nlp, monkeypatch):
    """click's CliRunner over `newswire`, reusing the session's loaded model."""
    from click.testing import CliRunner

    from newswire import cli as cli_module
    from newswire.pipeline import parallel

    monkeypatch.setattr(parallel, "load_model", lambda name=None: newswire_nlp)  # what `extract` runs with
    runner = CliRunner()

    def invoke(args, input=None):
        return runner.invoke(cli_module.cli, args, input=input, catch_exceptions=False)

    return invoke


# ---------------------------------------------------------------- web (newswire serve)
KIRBY_EDIT = ("has achieved exactly zero of his strategic goals", "has exactly zero strategic goals")


@pytest.fixture(scope="session")
def web_db(extract_many, tmp_path_factory) -> Path:
    """A small real corpus for the web tests: the Kirby story from two outlets (one
    reworded) and the Armenia story with its boilerplate, extracted and linked."""
    from newswire.corpus.link import link_corpus
    from newswire.corpus.store import Store, content_hash

    kirby = (REPO / "tests" / "fixtures" / "kirby_rewording.txt").read_text(encoding="utf-8")
    armenia = (REPO / "examples" / "republished_story.txt").read_text(encoding="utf-8")
    inputs = [
        {"id": "kirby-a", "text": kirby.replace(*KIRBY_EDIT), "source": "outlet-a", "published": "2022-05-28"},
        {"id": "kirby-b", "text": kirby, "source": "outlet-b", "published": "2022-05-29"},
        {"id": "armenia", "text": armenia, "source": "outlet-c", "published": "2023-03-15"},
    ]
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    with Store(path) as store:
        for item, record in zip(inputs, extract_many(inputs)):
            assert "error" not in record, record
            store.write_article(record, content_hash(item))
        link_corpus(store.con)
    return path
