"""Docs that cannot drift: every command has a runnable example in the README
and a help text with an example, as sqlite-utils' tests/test_docs.py does."""
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


def architecture_tree() -> str:
    section = README.split("## Architecture\n", 1)[1].split("\n## ", 1)[0]
    return section.split("src/newswire/\n", 1)[1]


def test_the_readme_tree_names_every_folder_and_file_of_the_package():
    package = Path(__file__).resolve().parent.parent / "src" / "newswire"
    tree = architecture_tree()
    missing = [str(p.relative_to(package)) for p in sorted(package.rglob("*.py"))
               if p.name not in tree or p.parent != package and f"{p.parent.name}/" not in tree]
    assert not missing, f"README.md's architecture tree does not show: {missing}"
