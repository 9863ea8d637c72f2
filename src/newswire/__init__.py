"""newswire: who said what, and who did what to whom, when and where.

    >>> import newswire
    >>> record = newswire.extract(text, published="2022-05-28")
    >>> for record in newswire.extract_many(inputs, newswire.ExtractOptions(jobs=2)): ...
"""
import os as _os

# One BLAS thread, set before numpy loads: newswire parallelises by processes (--jobs, the
# parts of a long text, Spark tasks), and OpenBLAS threads in each would fight over the
# cores; on one process a second thread gained nothing measurable either (the matrices are
# a few thousand rows). A value the user set is kept.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .pipeline.extract import extract, load_model  # noqa: E402 (after the BLAS setting)
from .pipeline.options import ExtractOptions  # noqa: E402
from .pipeline.parallel import extract_many  # noqa: E402
from .errors import InputError, ModelError, NewswireError  # noqa: E402

__version__ = "0.1.0"
__all__ = ["extract", "extract_many", "ExtractOptions", "load_model", "open", "NewswireError", "InputError",
           "ModelError", "__version__"]


def open(path: str):  # noqa: A001 — mirrors sqlite_utils.Database(path) / duckdb.connect
    """Open a newswire corpus database (see `newswire ingest`)."""
    from .corpus.query import open_corpus

    return open_corpus(path)
