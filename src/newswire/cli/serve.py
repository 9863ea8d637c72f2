"""`newswire serve`: the corpus in a web browser (newswire.web), on this machine."""
from __future__ import annotations

import click

from .corpus import api_errors, db_option


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@api_errors
def serve_command(db, host, port):
    """Explore the --db corpus in a web browser: timeline, network, map, quotes,
    articles with their evidence, and a JSON API (/docs). The database is opened
    read-only; nothing is fetched from outside. Ctrl-C stops it.

        newswire serve --db news.duckdb --port 8000
    """
    import uvicorn

    from ..web.app import create_app

    app = create_app(db)
    click.echo(f"newswire: {db} at http://{host}:{port}/ (API: /docs; Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(group: click.Group) -> None:
    group.add_command(serve_command)
