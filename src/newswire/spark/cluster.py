"""A Spark standalone cluster on this machine: one master and one worker on 127.0.0.1,
started from pyspark's own `bin/spark-class`, for running `newswire spark` beyond local
mode (executors in their own JVM and folders, tasks shipped over the network).

    python -m newswire.spark.cluster ../shared/data/voa/voa_stories.jsonl --out spark-cluster-out

starts both, waits until the worker has registered, runs the job against
spark://127.0.0.1:PORT, prints a summary and always stops both (`make spark-cluster`).
Tests use `standalone()` as a context manager on free ports."""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Iterator

from .setup import check_java, check_pyspark

__all__ = ["Cluster", "standalone", "free_port", "executor_config", "main"]

HOST = "127.0.0.1"
START_TIMEOUT = 90.0  # seconds for the master to answer and the worker to register


@dataclass
class Cluster:
    master_url: str          # spark://127.0.0.1:PORT, what `--master` takes
    web_url: str             # the master's web UI, whose /json/ lists the workers
    processes: list = field(default_factory=list)
    logs: str = ""

    def alive_workers(self) -> int:
        try:
            with urllib.request.urlopen(self.web_url + "/json/", timeout=2) as answer:
                state = json.load(answer)
        except (OSError, ValueError):
            return 0
        return sum(1 for w in state.get("workers", []) if w.get("state") == "ALIVE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def spark_class() -> list[str]:
    """pyspark's launcher: bin/spark-class of the installed pyspark (its jars are there too)."""
    import pyspark

    home = os.path.dirname(pyspark.__file__)
    return [os.path.join(home, "bin", "spark-class")]


def _start(command: list[str], log_path: str, env: dict) -> subprocess.Popen:
    log = open(log_path, "wb")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)


@contextlib.contextmanager
def standalone(cores: int = 2, memory: str = "2g") -> Iterator[Cluster]:
    """A master and one worker on free ports of 127.0.0.1; stopped on exit, however it exits."""
    check_pyspark()
    check_java()
    ports = {name: free_port() for name in ("master", "master_web", "worker", "worker_web")}
    logs = tempfile.mkdtemp(prefix="newswire-spark-cluster-")
    env = {**os.environ, "SPARK_LOCAL_IP": HOST, "SPARK_MASTER_HOST": HOST, "SPARK_WORKER_DIR": logs,
           "PYSPARK_PYTHON": sys.executable}
    cluster = Cluster(f"spark://{HOST}:{ports['master']}", f"http://{HOST}:{ports['master_web']}", logs=logs)
    launcher = spark_class()
    try:
        cluster.processes.append(_start(launcher + [
            "org.apache.spark.deploy.master.Master", "--host", HOST, "--port", str(ports["master"]),
            "--webui-port", str(ports["master_web"])], os.path.join(logs, "master.log"), env))
        cluster.processes.append(_start(launcher + [
            "org.apache.spark.deploy.worker.Worker", "--host", HOST, "--port", str(ports["worker"]),
            "--webui-port", str(ports["worker_web"]), "--cores", str(cores), "--memory", memory,
            cluster.master_url], os.path.join(logs, "worker.log"), env))
        wait_for_worker(cluster)
        yield cluster
    finally:
        stop(cluster)


def wait_for_worker(cluster: Cluster, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in cluster.processes):
            raise RuntimeError(f"the Spark master or worker exited at start: see {cluster.logs}")
        if cluster.alive_workers() >= 1:
            return
        time.sleep(0.5)
    raise RuntimeError(f"no Spark worker registered within {timeout:.0f} s: see {cluster.logs}")


def stop(cluster: Cluster) -> None:
    """Stop the worker, then the master: SIGTERM to each process group, SIGKILL after 10 s."""
    for process in reversed(cluster.processes):
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 15)
    for process in reversed(cluster.processes):
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 9)
            process.wait()


def executor_config() -> dict:
    """Executors run this Python, the one with newswire and its model (PySpark's driver sends
    PYSPARK_PYTHON to them), in 1 GiB each."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    return {"spark.executor.memory": "1g"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newswire.spark.cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args(argv)
    from .job import JobSettings, run

    started = time.monotonic()
    with standalone(cores=args.cores) as cluster:
        print(f"master {cluster.master_url} and 1 worker ({args.cores} cores) up in "
              f"{time.monotonic() - started:.1f} s", flush=True)
        summary = run(JobSettings(inputs=args.inputs, out=args.out, master=cluster.master_url, overwrite=True,
                                  config=executor_config()))
    counters = summary.counters
    print(f"{counters.get('articles', 0)} articles, {summary.rows.get('events', 0)} events, "
          f"{summary.rows.get('quotes', 0)} quotes in {summary.seconds:.1f} s -> {args.out}", flush=True)
    print("master and worker stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
