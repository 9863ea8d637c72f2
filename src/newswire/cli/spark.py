"""`newswire spark` (the extraction as a Spark job) and `newswire import` (a DuckDB
corpus from its Parquet output). newswire.spark is imported inside the commands
only, so that `newswire` works without the optional pyspark."""
from __future__ import annotations

import click

from .corpus import api_errors, db_option
from .options import model_option


@click.command("spark")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, metavar="DIR", help="Output folder: one Parquet dataset per table.")
@click.option("--master", metavar="URL", help="Spark master: local[2], yarn, spark://host:7077 (default: local[*]).")
@click.option("--partitions", type=click.IntRange(1), metavar="N",
              help="Extraction tasks (default: 12 per core of the cluster).")
@model_option
@click.option("--input-base-url", metavar="URL", help="Prefix for the relative paths in a manifest.")
@click.option("--overwrite", is_flag=True, help="Replace the tables already in --out.")
@click.option("--conf", "conf", multiple=True, metavar="KEY=VALUE", help="A Spark setting (repeatable).")
@api_errors
def spark_command(inputs, out, master, partitions, model, input_base_url, overwrite, conf):
    """Extract the articles in INPUTS with Apache Spark into Parquet under --out.

    INPUTS are JSON Lines (.jsonl, .jsonl.gz), WARC (.warc, .warc.gz, CC-NEWS),
    folders of them, or a manifest (.paths, .paths.gz: one path a line). Needs
    `pip install 'newswire[spark]'` and Java 17. Build a corpus from the output
    with `newswire import DIR --db FILE`, or query it with DuckDB directly.

        newswire spark stories.jsonl --out spark-out/ --master 'local[2]'
    """
    from ..spark.job import JobSettings, run

    config = dict(item.split("=", 1) for item in conf if "=" in item)
    bad = [item for item in conf if "=" not in item]
    if bad:
        raise click.BadParameter(f"{bad[0]!r} is not KEY=VALUE", param_hint="--conf")
    summary = run(JobSettings(inputs=list(inputs), out=out, master=master, partitions=partitions, model=model,
                              input_base_url=input_base_url, overwrite=overwrite, config=config))
    c = summary.counters
    click.echo(f"{c['articles']} articles, {c['errors']} errors, {c['duplicates']} duplicates dropped, "
               f"from {summary.files} files ({c['files_failed']} unreadable) in {summary.seconds:.1f} s "
               f"({summary.rate:.1f} articles/s) -> {out}")
    if c["errors"]:
        click.echo(f"see why: duckdb -c \"SELECT id, kind, message FROM '{out.rstrip('/')}/errors/*.parquet'\"",
                   err=True)


@click.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@db_option
@api_errors
def import_command(folder, db):
    """Add the Parquet output of `newswire spark` to the --db corpus, and link it.

    Articles the corpus already has (same id, or same text from the same
    outlet) are skipped; a copy from another outlet is imported and linked.

        newswire import spark-out/ --db news.duckdb
    """
    from ..spark.load import import_parquet

    summary = import_parquet(folder, db)
    click.echo(f"imported {summary.articles} articles, skipped {summary.skipped} (already there), "
               f"{summary.errors} errors; links: "
               + ", ".join(f"{k} {v}" for k, v in summary.links.items()))


def register(group: click.Group) -> None:
    """Add `spark` and `import` to the `newswire` command group."""
    group.add_command(spark_command)
    group.add_command(import_command)
