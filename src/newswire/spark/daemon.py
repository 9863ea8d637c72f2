"""PySpark's worker daemon, with newswire's model loaded before it forks the workers.

The job sets `spark.python.daemon.module=newswire.spark.daemon`: each executor's
daemon loads the spaCy pipeline once and every Python worker it forks shares
those pages (copy-on-write), as `ingest --jobs N` shares one loaded model; the
workers start extracting at once instead of each loading the model. If the
model cannot be loaded here, workers load it themselves (and say why it fails).
Nothing may be printed to stdout before `manager()`: the daemon reports its port there.
"""
import os
import sys

from pyspark import daemon

if __name__ == "__main__":
    try:
        from newswire.spark.partition import preload

        preload(os.environ.get("NEWSWIRE_MODEL") or None)
    except Exception as exc:  # noqa: BLE001 — the daemon must start; workers will report it
        print(f"newswire: the daemon could not preload the model ({type(exc).__name__}: {exc})", file=sys.stderr)
    daemon.manager()
