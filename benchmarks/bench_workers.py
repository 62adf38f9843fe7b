"""What a query worker costs when forked and when spawned (`graph.workers.start_method`).

Loads a generated graph shaped like ours, then for each start method starts one `serve`
worker over it and reports the seconds until it has answered its first query and the
memory the worker holds privately (not shared with the server: Linux's
`/proc/PID/smaps_rollup`). A forked worker shares the loaded store; a spawned one
unpickles a copy of it, as on macOS or when `serve` replaces a worker from a handler
thread.

Usage: python benchmarks/bench_workers.py [--documents 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import tempfile
import time
from pathlib import Path
from unittest import mock

from generate_graph import write_graph

from graph import workers
from graph.serve import answer_job
from graph.store import OxigraphStore, open_store

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def private_mb(pid: int) -> float:
    """Private (unshared) memory of a process in MB."""
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        fields = dict(line.split(":", 1) for line in rollup if ":" in line)
    kilobytes = sum(int(fields[name].split()[0]) for name in ("Private_Clean", "Private_Dirty"))
    return kilobytes / 1024


def measure(store: OxigraphStore, method: str) -> tuple[float, float]:
    """(seconds to the first answer, private MB) of one worker started by `method`."""
    handle = functools.partial(answer_job, store, max_bytes=2**30, allow_remote=False)
    with mock.patch.object(workers, "start_method", lambda: method):
        started = time.perf_counter()
        worker = workers.Worker(handle)
        worker.run((QUERY, None))
        seconds = time.perf_counter() - started
    try:
        return seconds, private_mb(worker.process.pid)
    finally:
        worker.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "graph.nt"
        write_graph(data, args.documents)
        store = open_store([data])
    print(f"{len(store):,} triples")
    for method in ("fork", "spawn"):
        runs = [measure(store, method) for _ in range(args.repeat)]  # type: ignore[arg-type]
        print(f"{method:5}  first answer {min(s for s, _ in runs):6.2f} s"
              f"  private memory {min(m for _, m in runs):7.1f} MB")


if __name__ == "__main__":
    main()
