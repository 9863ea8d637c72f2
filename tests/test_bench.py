"""`newswire bench` through click's runner, on two short articles."""
import json

import click
from click.testing import CliRunner

from newswire.cli import bench as cli_bench


def test_bench_json(tmp_path):
    path = tmp_path / "two.jsonl"
    rows = [{"id": "b1", "published": "2023-03-15",
             "text": "The European Union on Tuesday condemned the attack. \"Stop it now,\" the spokesman said."},
            {"id": "b2", "published": "2023-03-15", "text": "Macron spoke on the phone with Pashinyan on Tuesday."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))

    @click.group()
    def group():
        pass
    cli_bench.register(group)
    result = CliRunner().invoke(group, ["bench", str(path), "--jobs", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["articles"] == 2
    [run] = figures["runs"]
    assert run["processes"] == 1 and run["errors"] == 0
    assert run["bare_seconds"] > 0 and run["newswire_seconds"] > 0 and run["overhead"] > -1


def test_bench_missing_corpus(tmp_path):
    result = CliRunner().invoke(cli_bench.bench, [str(tmp_path / "nothing.jsonl")])
    assert result.exit_code == 1 and "no such file" in result.output


def test_the_default_corpus_is_the_shared_voa_stories():
    from pathlib import Path

    from newswire.pipeline.bench import default_corpus

    shared = Path(__file__).resolve().parent.parent.parent / "shared"
    assert default_corpus() == shared / "data" / "voa" / "voa_stories.jsonl"
