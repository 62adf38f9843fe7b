"""How many documents per second the build handles on one core.

Reads the example minutes (and the shared dev set when present), replicates them to
`--documents` files (500 by default) in a temporary folder, and times the full build:
reading, extraction and the RDF mapping (`graph.pipeline.build_graph`), then the
extraction alone. The target is at least 50 documents per second for the full build on
one core; it is judged on the process's CPU time, which other work on a busy machine
does not inflate, and the wall-clock rate is printed beside it.

    .venv/bin/python benchmarks/bench_extract.py [--documents 500] [--source DIR ...]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from graph.extract import extract
from graph.ingest import input_files, read_document
from graph.pipeline import build_graph, extract_in_batches

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (ROOT / "examples" / "minutes", ROOT.parent / "shared" / "eval" / "dev")
TARGET = 50.0


def replicate(sources: list[Path], count: int, into: Path) -> int:
    """Copy the minutes of `sources` round-robin into `into` until there are `count`."""
    originals = [path for path, _ in input_files(s for s in sources if s.is_dir())[0]]
    if not originals:
        raise SystemExit("no minutes found in " + ", ".join(map(str, sources)))
    for n in range(count):
        source = originals[n % len(originals)]
        shutil.copy(source, into / f"{n:05d}-{source.name}")
    return len(originals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--source", type=Path, action="append")
    args = parser.parse_args(argv)
    sources = args.source or list(DEFAULT_SOURCES)
    with tempfile.TemporaryDirectory(prefix="ofsted-kg-bench-") as folder:
        work = Path(folder)
        distinct = replicate(sources, args.documents, work)
        files = [path for path, _ in input_files([work])[0]]
        extract(read_document(files[0]))  # load lexicons once
        wall, cpu = time.perf_counter(), time.process_time()
        _graph, report = build_graph([work])
        build_wall, build_cpu = time.perf_counter() - wall, time.process_time() - cpu
        documents = [read_document(path) for path in files]
        wall, cpu = time.perf_counter(), time.process_time()
        extract_in_batches(documents)  # as a build's workers do
        extract_wall, extract_cpu = time.perf_counter() - wall, time.process_time() - cpu
    count = report.documents
    build_rate = count / build_cpu
    print(f"documents: {count} ({distinct} distinct), triples: {report.triples}")
    print(f"full build (read + extract + RDF): {build_rate:.1f} docs/s on CPU time "
          f"({build_cpu:.2f} s), {count / build_wall:.1f} docs/s wall clock")
    print(f"extraction only: {count / extract_cpu:.1f} docs/s on CPU time "
          f"({extract_cpu:.2f} s), {count / extract_wall:.1f} docs/s wall clock")
    print(f"target {TARGET:.0f} docs/s: {'met' if build_rate >= TARGET else 'NOT met'}")
    return 0 if build_rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
