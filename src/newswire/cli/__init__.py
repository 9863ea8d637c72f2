"""The `newswire` command: a thin layer over the Python API, one module per
command group (extract, corpus, bench, serve, spark).

Each command opens what it needs, calls one library function, and turns
newswire's errors into `Error: …` with exit status 1."""
from __future__ import annotations

import click

from .. import __version__
from . import bench, corpus, extract, serve, spark


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newswire")
def cli():
    """Read news; write down, with proof, who said what and who did what to whom."""


for _group in (extract, corpus, bench, serve, spark):
    _group.register(cli)
