"""`newswire bench`: what newswire adds to bare spaCy parsing (the timing core is
newswire.pipeline.bench; benchmarks/bench_extract.py runs the same over the
repository's default corpus)."""
from __future__ import annotations

import click

from .options import batch_size_option, model_option

__all__ = ["bench", "register"]


@click.command()
@click.argument("path", type=click.Path(dir_okay=True))
@click.option("-j", "--jobs", type=click.IntRange(min=1), multiple=True,
              help="Processes to time; repeat the option for several (default: 1 and 2).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles.")
@model_option
@batch_size_option
@click.option("--repeat", default=1, show_default=True, type=click.IntRange(min=1), help="Runs of each; the fastest counts.")
@click.option("--profile", is_flag=True, help="Also cProfile the 1-process extraction and list newswire's hot spots.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def bench(path, jobs, limit, model, batch_size, repeat, profile, as_json):
    """Time bare spaCy parsing against newswire extraction, with 1 and 2 processes.

    PATH is a .jsonl file or a folder of articles (the 89 VOA stories of
    ../shared/data/voa in a checkout, as `make bench` runs). newswire's target:
    it adds under 25% to parsing.

    Example:

        newswire bench ../shared/data/voa/voa_stories.jsonl --limit 40 --jobs 1 --jobs 2
    """
    from ..errors import NewswireError
    from ..pipeline.bench import format_report, profile_extract, run_extract_bench

    try:
        result = run_extract_bench(path, jobs=jobs or (1, 2), limit=limit, model=model, batch_size=batch_size,
                                   repeat=repeat)
        hot = profile_extract(path, limit=limit, model=model, batch_size=batch_size) if profile else None
    except (NewswireError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_report(result, hot, as_json))


def register(group: click.Group) -> None:
    """Add `bench` to the `newswire` command group."""
    group.add_command(bench)
