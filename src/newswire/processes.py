"""The processes newswire runs: a worker that dies with its parent, one core per worker, and how
many processes may parse the parts of one long text. Every pool (extract --jobs, ingest, Spark
tasks, part parsers) sets itself up through here, so the rules are written once."""
from __future__ import annotations

import multiprocessing
import os
import threading
import time

WATCH_SECONDS = 0.5  # how often a worker checks that its parent is still there
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

# How many processes parse the parts of one long text: None lets part_processes() decide (all the
# cores this process may use, when it is a main process). A worker of a pool (ingest, extract
# --jobs, Spark) sets 1: its siblings already keep the other cores busy.
_part_processes: int | None = None


def die_with_parent() -> None:
    """End this worker process when its parent goes, even by `kill -9` (which runs no
    clean-up in the parent): a daemon thread polls the parent's pid."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent:  # reparented: the parent is gone
                os._exit(1)
    threading.Thread(target=watch, name="newswire-parent-watch", daemon=True).start()


def one_core_per_worker() -> None:
    """A pool worker: no BLAS or OpenMP threads (its siblings have the other cores, and threads
    would fight), and one process for a long text's parts."""
    for var in THREAD_VARIABLES:
        os.environ.setdefault(var, "1")
    set_part_processes(1)


def set_part_processes(count: int | None) -> None:
    """Processes that parse the parts of one long text (1: this one; None: all cores)."""
    global _part_processes
    _part_processes = count


def part_processes() -> int:
    if _part_processes is not None:
        return max(1, _part_processes)
    if multiprocessing.current_process().daemon or threading.current_thread() is not threading.main_thread() \
            or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
