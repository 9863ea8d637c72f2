"""`newswire extract`: article records from files, folders or stdin."""
from __future__ import annotations

import json
import sys

import click

from ..errors import NewswireError
from ..pipeline.options import ExtractOptions
from ..pipeline.parallel import extract_many
from ..read.files import iter_inputs
from ..text.story import parse_published
from .options import batch_size_option, jobs_option, language_option, model_option, timeout_option


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Write JSON Lines here (default: stdout).")
@click.option("--pretty", is_flag=True, help="Indented JSON for a person to read.")
@click.option("--published", metavar="DATE", help="Publication date for every article (YYYY-MM-DD, or 28/05/2022, day first); overrides the input's.")
@model_option
@language_option
@jobs_option
@batch_size_option
@timeout_option("the article gets an error record")
def extract(paths, output, pretty, published, model, language, jobs, batch_size, timeout):
    """Extract the article record of each article in PATHS.

    PATHS are .txt, .html, .jsonl (.jsonl.gz, .warc) files, folders, or - for
    JSON Lines on stdin. Records come out in input order; an article that
    cannot be read gets a record with `error`, and the exit status is 1.

    Example:

        newswire extract --pretty --published 2022-05-28 story.txt
    """
    if published is not None and parse_published(published) is None:
        raise click.BadParameter(f"{published!r} is not a date: give YYYY-MM-DD, or 28 May 2022 "
                                 "(05/06/2022 is read day first)", param_hint="--published")
    options = ExtractOptions(model=model, batch_size=batch_size, published=published, timeout=timeout, jobs=jobs,
                             language=None if language == "auto" else language)
    try:
        failed = write_records(extract_many(iter_inputs(paths), options), output, pretty)
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


def register(group: click.Group) -> None:
    """Add `extract` to the `newswire` command group."""
    group.add_command(extract)
