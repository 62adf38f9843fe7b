"""Compare the local stores on a graph of about a million triples shaped like ours.

For each store (pyoxigraph, rdflib's memory store) a fresh Python process loads the
graph, runs every named query of the library (and the trace for a few parameters), and
reports load time, each query's latency and the process's peak memory. Latency is the
best of --repeat, twice: the answer (`run_query`, rows counted), then the answer with
every row read as rdflib terms, as `ofsted-kg query` and `trace` do (pyoxigraph's rows
are converted on first use, so the two differ there). One process per store so that
one store's memory does not count against the other.

Usage: python benchmarks/bench_query.py [--data GRAPH.nt] [--documents 5025] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate_graph import write_graph

from graph.query import load_library, run_query
from graph.store import ENGINES, open_store

QUERIES = ("trace", "findings-without-response", "inspection-timeline", "responses-by-theme",
           "metrics", "recommendations", "search")
CASES = [(name, {}) for name in QUERIES] + [
    ("trace", {"authority": "Authority 7"}),
    ("trace", {"theme": "workforce"}),
    ("trace", {"type": "focused-visit"}),
    ("trace", {"since": "2020-01"}),
    ("search", {"words": "recruitment"}),
]
"""(named query, parameters): every query unfiltered, then a few typical filtered calls."""


class QueryTimeout(Exception):
    pass


def on_alarm(signum: int, frame: object) -> None:
    raise QueryTimeout


def measure(engine: str, data: Path, repeat: int, timeout: int) -> dict[str, object]:
    """Load and query in this process; the figures as a dict (run in a child process)."""
    library = load_library()
    started = time.perf_counter()
    store = open_store([data], engine)
    report: dict[str, object] = {"engine": engine, "triples": len(store),
                                 "load_s": time.perf_counter() - started, "queries": []}
    signal.signal(signal.SIGALRM, on_alarm)
    for name, values in CASES:
        timings, read_timings, rows = [], [], None
        for _ in range(repeat):
            signal.alarm(timeout)
            try:
                started = time.perf_counter()
                result = run_query(library[name], values, store=store)
                rows = len(result.rows)
                timings.append(time.perf_counter() - started)
                sum(1 for row in result.rows if row)
                read_timings.append(time.perf_counter() - started)
            except QueryTimeout:
                break
            finally:
                signal.alarm(0)
        report["queries"].append({"query": label(name, values), "rows": rows,  # type: ignore[union-attr]
                                  "seconds": min(timings) if timings else None,
                                  "read_seconds": min(read_timings) if read_timings else None})
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def label(name: str, values: dict[str, str]) -> str:
    return name + "".join(f" {key}={value}" for key, value in values.items())


def run_child(engine: str, data: Path, repeat: int, timeout: int) -> dict[str, object]:
    command = [sys.executable, __file__, "--worker", engine, "--data", str(data),
               "--repeat", str(repeat), "--timeout", str(timeout)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def seconds(value: float | None, timeout: int) -> str:
    return f"> {timeout} s" if value is None else f"{value * 1000:,.0f} ms"


def print_table(reports: list[dict[str, object]], timeout: int) -> None:
    engines = [str(r["engine"]) for r in reports]
    rows = [["", *engines],
            ["triples", *[f"{r['triples']:,}" for r in reports]],
            ["load", *[f"{r['load_s']:.1f} s" for r in reports]],
            ["peak memory", *[f"{r['peak_mb']:,.0f} MB" for r in reports]]]
    for i, (name, values) in enumerate(CASES):
        cells = []
        for report in reports:
            query = report["queries"][i]  # type: ignore[index]
            rows_note = "" if query["rows"] is None else f" ({query['rows']} rows)"
            read = query.get("read_seconds")
            read_note = "" if read is None else f" / {seconds(read, timeout)} read"
            cells.append(seconds(query["seconds"], timeout) + read_note + rows_note)
        rows.append([label(name, values), *cells])
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="an N-Triples graph (generated when absent)")
    parser.add_argument("--documents", type=int, default=5025)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per query")
    parser.add_argument("--stores", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.data, args.repeat, args.timeout)))
        return
    with tempfile.TemporaryDirectory() as folder:
        data = args.data
        if data is None:
            data = Path(folder) / "graph.nt"
            print(f"generated {data}: {write_graph(data, args.documents):,} triples", flush=True)
        reports = [run_child(engine, data, args.repeat, args.timeout) for engine in args.stores]
    print_table(reports, args.timeout)


if __name__ == "__main__":
    main()
