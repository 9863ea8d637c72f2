"""One exception tree for newswire, each error with a code (as spaCy's
`[E090]`) so that a message can be searched for. Every exception class of the
package is here (tests/test_layers.py checks it), so that `except` clauses and
the codes have one home and no module shadows another's class."""


class NewswireError(Exception):
    """Base class of every error newswire raises on purpose."""

    code = "NW000"
    kind = "error"

    def __init__(self, message: str, article_id: str | None = None):
        self.article_id = article_id
        where = f"article {article_id!r}: " if article_id else ""
        super().__init__(f"[{self.code}] {where}{message}")
        self.message = message


class InputError(NewswireError):
    """The article cannot be read: empty, binary, not UTF-8, malformed JSON."""

    code = "NW100"
    kind = "bad_input"


class EmptyArticle(InputError):
    code = "NW101"
    kind = "empty"


class NotText(InputError):
    code = "NW102"
    kind = "not_text"


class TooLarge(InputError):
    code = "NW103"
    kind = "too_large"


class MalformedRecord(InputError):
    code = "NW104"
    kind = "malformed"


class NoArticle(InputError):
    """An HTML page in which no article body could be found."""

    code = "NW105"
    kind = "no_article"


class Timeout(NewswireError):
    """An article ran past its time budget (`--timeout`)."""

    code = "NW107"
    kind = "timeout"


class BadDate(InputError):
    """A date given by the caller (`--published`, `--since`) that cannot be read."""

    code = "NW108"
    kind = "bad_date"


class InternalError(NewswireError):
    """newswire failed on one article (a bug in a stage, or its worker process died): that
    article gets an error record of this kind, and the batch goes on."""

    code = "NW900"
    kind = "internal"


class ModelError(NewswireError):
    """The spaCy pipeline asked for is not installed."""

    code = "NW200"
    kind = "model"


class StoreError(NewswireError):
    """The database cannot be opened, read or written."""

    code = "NW300"
    kind = "store"


class IngestError(NewswireError):
    """`newswire ingest` cannot go on: no input files, a dead worker, a backend
    that returns the wrong number of records."""

    code = "NW310"
    kind = "ingest"


class SparkSetupError(NewswireError):
    """Spark cannot start here: pyspark or Java is missing."""

    code = "NW400"
    kind = "spark"
