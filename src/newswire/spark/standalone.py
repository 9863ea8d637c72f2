"""A standalone Spark cluster on this machine: one master and one worker on 127.0.0.1, started
from pyspark's own `bin/spark-class`, so that `newswire spark` runs beyond local mode
(`make spark-cluster`, tests/test_spark_cluster.py).

    python -m newswire.spark.standalone [--port 7077] -- newswire spark IN --out OUT --master spark://127.0.0.1:7077

Starts both, waits until the worker has registered with the master, runs the command with the
cluster's environment (`cluster_env`) and stops both whatever happens: the command fails, Ctrl-C,
SIGTERM; the daemons also get SIGTERM when the process that started them dies (Linux).
"""
from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .setup import SparkSetupError, check_java, check_pyspark

__all__ = ["Cluster", "cluster", "cluster_env", "free_port", "start_cluster", "stop_cluster"]

HOST = "127.0.0.1"
MASTER = "org.apache.spark.deploy.master.Master"
WORKER = "org.apache.spark.deploy.worker.Worker"
READY = {MASTER: "I have been elected leader", WORKER: "Successfully registered with master"}
START_SECONDS = 90.0  # two JVMs on a loaded 2-core machine
STOP_SECONDS = 15.0
# no REST submission server (a fixed port, 6066, that two clusters would fight over) and no retry on
# the next port: a master that cannot have its port fails instead of listening where nobody looks
DAEMON_OPTIONS = "-Dspark.master.rest.enabled=false -Dspark.port.maxRetries=0"


@dataclass
class Cluster:
    url: str  # spark://127.0.0.1:PORT
    folder: Path  # the daemons' logs and the worker's work folder (executors' stdout/stderr)
    master: subprocess.Popen
    worker: subprocess.Popen | None = None


def spark_class() -> str:
    check_pyspark()  # a clear error when the spark extra is missing
    import pyspark

    return str(Path(pyspark.__file__).parent / "bin" / "spark-class")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) == 0


def cluster_env() -> dict:
    """The daemons' and the driver's environment: everything binds 127.0.0.1 (not the host name's
    address), and executors run this Python, which has newswire and its model (a worker's
    executors inherit its environment, PYTHONPATH included: made absolute, as executors run in
    folders of their own and would import another newswire through a relative `src`)."""
    env = dict(os.environ, SPARK_LOCAL_IP=HOST, SPARK_MASTER_OPTS=DAEMON_OPTIONS, SPARK_WORKER_OPTS=DAEMON_OPTIONS)
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in env["PYTHONPATH"].split(os.pathsep) if p)
    env.setdefault("PYSPARK_PYTHON", sys.executable)
    return env


def _die_with_parent() -> None:
    # runs in the child before exec: SIGTERM when the parent goes, even by kill -9
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: stop_cluster is then the only clean-up


def launch(main_class: str, args: list[str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen([spark_class(), main_class, *args], stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=cluster_env(), start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)


def wait_ready(process: subprocess.Popen, log: Path, text: str, timeout: float) -> None:
    """Until `text` is in the daemon's log; SparkSetupError (with the log's end) if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.25)
    state = f"exited with {process.returncode}" if process.poll() is not None else f"not ready in {timeout:.0f} s"
    tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
    raise SparkSetupError(f"{log.stem} {state} (waiting for {text!r}); {log}:\n{tail}")


def start_cluster(folder: Path, port: int | None = None, cores: int = 2, memory: str = "2g",
                  timeout: float = START_SECONDS) -> Cluster:
    """A master on 127.0.0.1:`port` (a free one if None) and one worker of `cores` and `memory`,
    registered with it. Whatever was started is stopped again if the other fails."""
    check_java()
    port = port or free_port()
    if port_in_use(port):
        raise SparkSetupError(f"port {port} on {HOST} is in use (another Spark master?): stop it or pick --port")
    folder = Path(folder)
    (folder / "work").mkdir(parents=True, exist_ok=True)
    url = f"spark://{HOST}:{port}"
    master = launch(MASTER, ["--host", HOST, "--port", str(port), "--webui-port", str(free_port())],
                    folder / "master.log")
    cluster = Cluster(url, folder, master)
    try:
        wait_ready(master, folder / "master.log", READY[MASTER], timeout)
        cluster.worker = launch(WORKER, [url, "--host", HOST, "--cores", str(cores), "--memory", memory,
                                         "--webui-port", str(free_port()), "--work-dir", str(folder / "work")],
                                folder / "worker.log")
        wait_ready(cluster.worker, folder / "worker.log", READY[WORKER], timeout)
    except BaseException:
        stop_cluster(cluster)
        raise
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    """SIGTERM the worker (it ends its executors), then the master; SIGKILL what is left."""
    for process in (cluster.worker, cluster.master):
        if process is None or process.poll() is not None:
            continue
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def cluster(folder: Path, **given):
    started = start_cluster(folder, **given)
    try:
        yield started
    finally:
        stop_cluster(started)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through `cluster`'s finally, which stops the daemons


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newswire.spark.standalone", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=7077, help="the master's port (default 7077)")
    parser.add_argument("--cores", type=int, default=2, help="the worker's cores (default 2)")
    parser.add_argument("--memory", default="2g", help="the worker's memory for executors (default 2g)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND...: run while the cluster is up")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    signal.signal(signal.SIGTERM, _terminate)
    folder = Path(tempfile.mkdtemp(prefix="newswire-spark-cluster-"))
    started = time.perf_counter()
    try:
        with cluster(folder, port=args.port, cores=args.cores, memory=args.memory) as up:
            print(f"standalone: master {up.url} and 1 worker ({args.cores} cores, {args.memory}) up in "
                  f"{time.perf_counter() - started:.1f} s (logs: {folder})", file=sys.stderr, flush=True)
            code = subprocess.run(command, env=cluster_env()).returncode
    except SparkSetupError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"standalone: master and worker stopped; the command exited with {code}", file=sys.stderr)
    if code == 0:
        shutil.rmtree(folder, ignore_errors=True)  # kept when the command failed: executors' logs are there
    return code


if __name__ == "__main__":
    sys.exit(main())
