"""The corpus commands, `ingest`, `query` and `export`: each opens the corpus,
calls one API function and turns newswire's errors into `Error: …` (exit 1).

`register(group)` adds them to the `newswire` click group."""
from __future__ import annotations

import functools
import os
import sys

import click

from ..corpus.query import FILTERS, QUERY_KINDS
from ..corpus.rows import cell, counted, write_csv, write_jsonl
from ..corpus.warning_kinds import summary_lines
from ..errors import NewswireError
from ..plover import STATUSES
from .options import jobs_option, model_option, timeout_option

FORMATS = ("table", "jsonl", "csv", "parquet")
EXPORT_FORMATS = ("parquet", "csv", "jsonl", "plover")
OPTIONS = ("actor", "country", "type", "since", "until", "place", "speaker", "words", "search", "status", "language")
# what a person sees in `--format table`; other formats carry every column
TABLE_COLUMNS = {
    "events": ["day", "type", "source_names", "target_names", "place", "status", "outlet", "article_id", "evidence"],
    "quotes": ["published", "speaker_name", "text", "outlet", "article_id"],
    "articles": ["published", "id", "title", "outlet", "language", "actors", "quotes", "events", "republishes",
                 "copy_kind"],
    "errors": ["id", "kind", "message"],
    "article_links": ["cluster_id", "article_id", "outlet", "kind", "score", "republishes", "republishes_outlet"],
    "article_clusters": ["cluster_id", "original_published", "original_outlet", "original_article_id", "title",
                         "copies"],
    "quote_clusters": ["cluster_id", "n_sources", "n_articles", "n_fragments", "speaker_name", "earliest_outlet",
                       "text"],
    "event_clusters": ["cluster_id", "day_start", "type", "source_names", "target_names", "n_articles",
                       "n_sources"],
}


def _fail(exc: Exception):
    raise click.ClickException(str(exc)) from None


def db_option(fn):
    return click.option("--db", "db", required=True, metavar="FILE", envvar="NEWSWIRE_DB",
                        type=click.Path(dir_okay=False),
                        help="The corpus database (DuckDB file); or set NEWSWIRE_DB.")(fn)


def format_options(choices, output_required=False):
    def decorator(fn):
        if output_required:
            fn = click.option("-o", "--output", metavar="PATH", required=True,
                              help="The file to write (a folder for `all`).")(fn)
        else:
            fn = click.option("-o", "--output", metavar="PATH", help="Write here instead of stdout.")(fn)
        return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                            help="Output format.")(fn)
    return decorator


def api_errors(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except NewswireError as exc:
            _fail(exc)
        except OSError as exc:
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}" if exc.filename else exc)
    return wrapper


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@jobs_option
@model_option
@click.option("--progress/--no-progress", default=True, help="Progress bar (only on a terminal).")
@timeout_option("the article is stored as an error")
@api_errors
def ingest_command(paths, db, jobs, model, progress, timeout):
    """Extract the articles in PATHS and store them in the --db corpus.

    PATHS are files (.txt .html .jsonl .jsonl.gz .warc .warc.gz), folders or
    glob patterns. Articles already stored (same id, or same text from the
    same outlet) are skipped, so an interrupted ingest is finished by running
    it again; a copy from another outlet is stored and linked. The exit status
    is 1 when any article failed (see `newswire query errors`).

    While an ingest writes the corpus, no other process can open it, not even
    to query it (DuckDB: one writer or many readers): query a copy meanwhile.

        newswire ingest stories/ --db news.duckdb --jobs 2
    """
    from ..corpus.ingest import ingest
    from ..pipeline.options import ExtractOptions

    try:
        summary = ingest(paths, db, ExtractOptions(model=model, timeout=timeout, jobs=jobs), progress=progress)
    except KeyboardInterrupt:
        click.echo("Interrupted: every article stored so far is kept; run the same command to finish.", err=True)
        sys.exit(130)
    click.echo(f"stored {summary.stored}, skipped {summary.skipped} (already there), failed {summary.failed} "
               f"in {summary.seconds:.1f} s ({summary.rate:.1f} articles/s)")
    lines = summary_lines(summary.warnings)
    if lines:  # stored, not failed, but not to pass in silence (each article's warnings are in the corpus)
        click.echo("warnings: " + "; ".join(lines) + f" (their warnings: newswire query articles --db {db} "
                   "--format jsonl)")
    if summary.failed:
        click.echo(f"{summary.failed} article(s) failed; see why: newswire query errors --db {db}", err=True)
        sys.exit(1)


TERMINAL_LIMIT = 50  # rows a table shows unless --limit says otherwise: a screen or two


@click.command("query")
@click.argument("what", type=click.Choice(QUERY_KINDS))
@db_option
@click.option("--actor", help="Events: an actor named so (the same person or body under any of its names, "
              "a spelling variant, or a name containing this, ignoring case and accents).")
@click.option("--country", metavar="ISO3", help="Events: an actor of this country (RUS), or the place is in it.")
@click.option("--type", "type_", metavar="PLOVER", help="Events: PLOVER type, e.g. CONSULT.")
@click.option("--since", metavar="DATE", callback=lambda ctx, param, value: _day(value, "--since"),
              help="On or after this day (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", callback=lambda ctx, param, value: _day(value, "--until"),
              help="On or before this day (YYYY-MM-DD).")
@click.option("--place", help="Events: the place name contains this.")
@click.option("--status", type=click.Choice(STATUSES), help="Events: status.")
@click.option("--speaker", help="Quotes: the speaker is named so (matched as --actor is).")
@click.option("--words", help="Quotes: the quote contains these words.")
@click.option("--search", metavar="TEXT", help="Text search (articles: every word; quotes, events: the phrase).")
@click.option("--language", metavar="CODE", help="Events, quotes, articles: of articles in this language (en, fr).")
@click.option("--limit", type=click.IntRange(min=0), metavar="N",
              help=f"At most N rows (0: all). Default: {TERMINAL_LIMIT} in a table, all in other formats.")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N", help="Skip the first N rows.")
@format_options(FORMATS)
@api_errors
def query_command(what, db, type_, fmt, output, limit, offset, **filters):
    """Events, quotes, articles, errors or clusters from the corpus, filtered.

    A table shows the first 50 rows and says how many more there are; --limit
    and --offset page through them, and the other formats write every row.

        newswire query events --db news.duckdb --actor Putin --type CONSULT --since 2022-05-01
    """
    from ..corpus.query import open_corpus

    filters["type"] = type_
    given = {k: v for k, v in filters.items() if v is not None}
    if limit is None and fmt == "table":
        limit = TERMINAL_LIMIT
    with open_corpus(db) as corpus:
        _check_filters(corpus, what, given)
        if fmt == "parquet":
            if not output:
                _fail("--format parquet needs -o FILE")
            corpus.relation(what, **given).write_parquet(output)
            return
        total, rows = corpus.query_page(what, limit or None, offset, **given)
    _write_rows(rows, what, fmt, output, total)
    left = total - offset - len(rows)
    if left > 0:
        click.echo(f"{left:,} more not shown: --offset {offset + len(rows)} for the next, --limit 0 for all",
                   err=True)


def _check_filters(corpus, what: str, given: dict) -> None:
    """An option that does not apply, or an unknown code, is a usage error naming the option."""
    accepted = set(FILTERS[what]) & set(OPTIONS)
    wrong = sorted(set(given) - accepted)
    if wrong:
        _fail(f"{what} cannot be filtered by {', '.join('--' + w for w in wrong)}"
              + (f"; use {', '.join('--' + a for a in sorted(accepted))}" if accepted else ""))
    for name in ("country", "type"):
        problems = corpus.filter_problems(what, {name: given[name]}) if name in given else []
        if problems:
            raise click.BadParameter(problems[0], param_hint=f"--{name}")


def _day(value: str | None, option: str) -> str | None:
    from ..corpus.query import iso_day

    if value is None:
        return None
    try:
        return iso_day(value, "")  # click names the option itself
    except NewswireError as exc:
        raise click.BadParameter(exc.message, param_hint=option) from None


@click.command("export")
@click.argument("table")
@db_option
@format_options(EXPORT_FORMATS, output_required=True)
@api_errors
def export_command(table, db, fmt, output):
    """Write a whole table (or `all` of them, into a folder) to files.

    TABLE is articles, actors, quotes, events, removed, errors, article_clusters,
    quote_clusters, event_clusters or all. `--format plover` writes the events
    that occurred as PLOVER JSON Lines.

        newswire export all --db news.duckdb --format parquet -o corpus/
    """
    from ..corpus.plover import export_plover
    from ..corpus.query import open_corpus

    with open_corpus(db) as corpus:
        if fmt == "plover":
            if table not in ("events", "all"):
                _fail("--format plover exports events only")
            path = os.path.join(output, "events.plover.jsonl") if table == "all" else output
            click.echo(f"wrote {export_plover(corpus, path)} PLOVER events to {path}", err=True)
            return
        for name in corpus.tables() if table == "all" else [table]:
            path = os.path.join(output, f"{name}.{fmt}") if table == "all" else output
            corpus.export(name, path, fmt)
            click.echo(f"wrote {name} to {path}", err=True)


def _write_rows(rows: list[dict], what: str, fmt: str, output: str | None, total: int) -> None:
    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "jsonl":
            write_jsonl(rows, stream)
        elif fmt == "csv":
            write_csv(rows, stream, TABLE_COLUMNS[what])
        else:
            _print_table(rows, what, stream, total)
    finally:
        if output:
            stream.close()


def _print_table(rows: list[dict], what: str, stream, total: int) -> None:
    from rich.console import Console
    from rich.table import Table

    columns = TABLE_COLUMNS[what]
    title = counted(total, what) if len(rows) == total else f"{len(rows):,} of {counted(total, what)}"
    table = Table(*columns, title=title, show_lines=False)
    for row in rows:
        table.add_row(*(", ".join(map(str, v)) if isinstance(v, list) else cell(v)[:200]
                        for v in (row.get(c) for c in columns)))
    Console(file=stream, width=None if stream.isatty() else 160).print(table)


def register(group: click.Group) -> None:
    """Add the corpus commands to the `newswire` click group."""
    for command in (ingest_command, query_command, export_command):
        group.add_command(command)
