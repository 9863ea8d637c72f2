"""Docs that cannot drift: every command has a runnable example in the README
and a help text with an example, as sqlite-utils' tests/test_docs.py does."""
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newswire.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_an_example_in_the_readme(name):
    assert f"newswire {name} " in README, f"README.md shows no example of `newswire {name}`"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output and len(result.output.splitlines()) > 4


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "newswire" in result.output


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_every_figure_in_the_docs_is_what_the_code_gives(shared_dir, newswire_nlp, tmp_path):
    """Each `<!-- figures: NAME -->` block of README.md, docs/web.md and docs/corpus.md is run
    (scripts/doc_figures.py: newswire commands, curl against the app, on the 89 VOA stories
    and on the seed story's outlets) and must print what the block shows."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / "doc_figures.py"
    spec = importlib.util.spec_from_file_location("doc_figures", path)
    figures = importlib.util.module_from_spec(spec)
    sys.modules["doc_figures"] = figures  # a dataclass needs its module registered
    spec.loader.exec_module(figures)
    found = {doc: len(figures.find_blocks(doc, (figures.REPO / doc).read_text(encoding="utf-8")))
             for doc in figures.DOCS}
    assert all(found.values()), found  # every doc has its checked blocks
    problems = figures.check(tmp_path)
    assert not problems, ("the docs and the code disagree; run `python scripts/doc_figures.py --write` "
                          "and read the diff:\n" + "\n".join(problems))


def test_the_docs_name_no_figure_the_code_no_longer_gives():
    """Figures that once drifted (903 events, 503 quotes for the VOA stories) are gone."""
    web = (Path(__file__).resolve().parent.parent / "docs" / "web.md").read_text(encoding="utf-8")
    assert '"events":903' not in web and '"quotes":503' not in web


def architecture_tree() -> str:
    section = README.split("## Architecture\n", 1)[1].split("\n## ", 1)[0]
    return section.split("src/newswire/\n", 1)[1]


def test_the_readme_tree_names_every_folder_and_file_of_the_package():
    package = Path(__file__).resolve().parent.parent / "src" / "newswire"
    tree = architecture_tree()
    missing = [str(p.relative_to(package)) for p in sorted(package.rglob("*.py"))
               if p.name not in tree or p.parent != package and f"{p.parent.name}/" not in tree]
    assert not missing, f"README.md's architecture tree does not show: {missing}"
