"""Build time per MB of one document, from 0.1 MB to 20 MB: it should stay flat.

Makes a plain-text, an HTML and a one-line document of each size from the example minutes
(their paragraphs repeated, each copy numbered; the one-line document is the plain text
with its line breaks taken out, as a page copied without them) and times, per document:

- ingest alone (`graph.ingest.read_document`: decoding, front matter, HTML to text), in
  this process;
- the whole build (`graph.pipeline.build_graph`: ingest, extraction, RDF), in a child
  process stopped after `--timeout` seconds, so a stage that is not linear shows as
  "stopped" instead of hanging the benchmark. The child first builds one small example
  page, which loads the model and compiles the lexicons (printed as "loading"): a cost
  once a process, not a document's, that would swamp the 0.1 MB figure.

    .venv/bin/python benchmarks/bench_ingest.py [--sizes 0.1 1 5 20] [--timeout 600]
        [--kinds txt html line]

A run of this version (load average about 1): the whole build at 0.1, 1, 5 and 20 MB,
text 6.54, 6.52, 6.30 and 6.59 s/MB, HTML 6.24, 6.31, 6.19 and 6.44; on one line 6.30
and 6.54 s/MB at 0.1 and 1 MB and 8.65 at 5 MB. A page on one line is one item of the
page for the links (no heading divides it), so its whole-plan and same-theme links grow
with the square of its items, and the graph with them: 2 MB on one line give 379,487
triples where the same text with its line breaks gives 126,848; per triple the build
stays flat. Before the line index of `graph.extract.sentences` (each sentence's line
found by scanning back to the last line break, and the line's abbreviations searched from
its start), the one-line page took 30.1, 118 and 220 s/MB at 0.1, 0.5 and 1 MB, and more
than 600 s at 2 MB.

Earlier, on the shared 2-core machine (load average about 1 unless said), ingest stays flat: text
0.002-0.006 s/MB and HTML 0.03 s/MB from 0.1 to 20 MB (a 20 MB page in 0.6 s). The
whole build, after the extractor's character 4-grams and the inspection rules of issue
10: text 7.90, 8.13, 8.13 and 8.61 s/MB at 0.1, 1, 5 and 20 MB (the 20 MB document in
172 s; 8.77 in another run, 9.74 while tests ran beside it), HTML 7.83, 7.97, 7.81 and
8.50 s/MB; loading 0.8-1.0 s. 20 MB costs about 6% more per MB than 1 to 5 MB, spread
over every stage rather than in one step: most likely the cost of working in a heap of
over 3 GB. The run before those changes (load 1-2, loading inside the timed build): text
8.4-8.5, 6.8-6.9, 6.7-6.8 and 6.9-7.1 s/MB, the 20 MB document in 137-143 s.

Before the quadratic steps were mended, text took 9.3-9.8, 7.9-9.5, 9.4-12.1 and
14.9-15.0 s/MB (the 20 MB document in 297-300 s) and HTML 9.0, 7.4, 8.6 and 13.8 s/MB: a
few steps grew with the square of the page (each sentence tested against every item of
the page; the rest of the page copied for every list introduction; an inspection's best
date read again from all its dates, and its evidence scanned, for every mention and
judgement), and Python's cyclic garbage collector ran again and again over everything a
document had made so far, though none of it was garbage (`graph.collector`).
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph.ingest import input_files, read_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "minutes"
MB = 1_000_000
KINDS = ("txt", "html", "line")

BUILD = """
import sys, time
from pathlib import Path
from graph.pipeline import build_graph
started = time.perf_counter()
build_graph([Path(sys.argv[2])])
loaded = time.perf_counter()
build_graph([Path(sys.argv[1])], max_bytes=10**9)
print(loaded - started, time.perf_counter() - loaded)
"""
"""A child's build of one document (`argv[1]`), timed after a build of one small example
(`argv[2]`) has loaded the model and compiled the lexicons, once a process: that one-off
cost, printed first, is not the document's, and would swamp a small one's per MB."""


def paragraphs() -> list[str]:
    """The paragraphs of the example minutes, front matter left out."""
    found = []
    for path, _ in input_files([EXAMPLES])[0]:
        found += [p.strip() for p in read_document(path).body.split("\n\n") if p.strip()]
    return found


def document(size: int, kind: str, source: list[str]) -> str:
    """About `size` bytes of minutes: the paragraphs again and again, each copy numbered;
    for `line`, all on one line, as a page copied without its line breaks."""
    parts, total, n = [], 0, 0
    while total < size:
        text = f"{n // len(source) + 1}.{n % len(source) + 1} {source[n % len(source)]}"
        part = (f"<p>{html.escape(text)}</p>\n" if kind == "html"
                else " ".join(text.split()) + " " if kind == "line" else text + "\n\n")
        parts.append(part)
        total += len(part.encode())
        n += 1
    body = "".join(parts)
    if kind == "html":
        return f"<html><head><title>Minutes</title></head><body>\n{body}</body></html>\n"
    return body


def build_seconds(path: Path, timeout: float) -> tuple[float, float] | None:
    """Wall-clock seconds of (loading, then a whole build of `path`), or None when stopped
    at `timeout`."""
    warm_up = sorted(EXAMPLES.glob("*.txt"))[0]
    try:
        done = subprocess.run([sys.executable, "-c", BUILD, str(path), str(warm_up)],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode:
        raise SystemExit(f"the build of {path} failed: {done.stderr.strip().splitlines()[-1]}")
    loading, build = done.stdout.strip().splitlines()[-1].split()
    return float(loading), float(build)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1, 5, 20],
                        help="document sizes in MB")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="seconds before a whole build is stopped")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS),
                        help="plain text, HTML, or plain text on one line")
    args = parser.parse_args(argv)
    source = paragraphs()
    print(f"{'kind':<5} {'size':>8} {'ingest s':>9} {'s/MB':>7} {'build s':>9} {'s/MB':>7} "
          f"{'loading s':>10}")
    with tempfile.TemporaryDirectory(prefix="ofsted-kg-bench-") as folder:
        for kind in args.kinds:
            for size_mb in args.sizes:
                suffix = "html" if kind == "html" else "txt"
                path = Path(folder) / f"minutes-{size_mb}-{kind}.{suffix}"
                path.write_text(document(int(size_mb * MB), kind, source), encoding="utf-8")
                megabytes = path.stat().st_size / MB
                started = time.perf_counter()
                read_document(path, max_bytes=10**9)
                ingest = time.perf_counter() - started
                timed = build_seconds(path, args.timeout)
                build_text = (f"{timed[1]:9.2f} {timed[1] / megabytes:7.2f} {timed[0]:10.2f}"
                              if timed is not None
                              else f"{'>' + format(args.timeout, 'g'):>9} {'stopped':>7}")
                print(f"{kind:<5} {megabytes:6.2f}MB {ingest:9.3f} {ingest / megabytes:7.3f} "
                      f"{build_text}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
