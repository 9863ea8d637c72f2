"""`newswire bench` through click's runner, on two short articles; the timing core
(newswire.pipeline.bench) and the benchmark script (benchmarks/bench_extract.py)."""
import importlib.util
import json
from pathlib import Path

import click
from click.testing import CliRunner

from newswire.cli import bench as cli_bench


ROOT = Path(__file__).resolve().parent.parent


def two_articles(tmp_path):
    path = tmp_path / "two.jsonl"
    rows = [{"id": "b1", "published": "2023-03-15",
             "text": "The European Union on Tuesday condemned the attack. \"Stop it now,\" the spokesman said."},
            {"id": "b2", "published": "2023-03-15", "text": "Macron spoke on the phone with Pashinyan on Tuesday."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_bench_json(tmp_path):
    path = two_articles(tmp_path)

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


def test_bench_needs_a_path():
    result = CliRunner().invoke(cli_bench.bench, [])
    assert result.exit_code == 2 and "PATH" in result.output


def test_the_core_names_a_missing_corpus(tmp_path):
    import pytest

    from newswire.pipeline.bench import load_inputs, run_extract_bench

    missing = tmp_path / "nothing.jsonl"
    for call in (load_inputs, run_extract_bench):
        with pytest.raises(FileNotFoundError, match=str(missing)):
            call(missing)


def test_the_profile_lists_newswire_functions_outside_the_pipeline(tmp_path):
    from newswire.pipeline.bench import format_report, profile_extract

    profile = profile_extract(two_articles(tmp_path), top=40)
    places = {row["where"].split(":")[0] for row in profile["hot_spots"]}
    assert any(p.startswith("coding/") for p in places), places
    assert not any(p in ("pipeline/bench.py", "pipeline/parallel.py") for p in places)
    assert "newswire function" in format_report({"articles": 0, "characters": 0, "corpus": "-", "model": "m",
                                                 "spacy": "3", "cpus": 1, "batch_size": 1, "repeat": 1,
                                                 "target_overhead": 0.25, "runs": []}, profile)


def bench_script():
    spec = importlib.util.spec_from_file_location("bench_extract", ROOT / "benchmarks" / "bench_extract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_defaults_to_the_shared_voa_stories_beside_the_checkout():
    script = bench_script()
    assert script.DEFAULT_CORPUS == ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"
    assert script.arguments([]).path == str(script.DEFAULT_CORPUS)


def test_the_script_fails_naming_a_missing_corpus(tmp_path, capsys):
    missing = tmp_path / "nothing.jsonl"
    assert bench_script().main([str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err


def test_the_script_runs_the_core(tmp_path, capsys):
    assert bench_script().main([str(two_articles(tmp_path)), "--jobs", "1", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["articles"] == 2 and [r["processes"] for r in figures["runs"]] == [1]
