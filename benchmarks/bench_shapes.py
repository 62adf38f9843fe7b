"""Extraction time of pages of odd shapes as they double: each should about double too.

`bench_ingest.py` grows a page of ordinary minutes; this grows one pattern repeated until
the page is all of that shape (every sentence on one line, one sentence of thousands of
clauses or figures, one judgement said again and again, ...), and times the extraction
of one document of each size in this process (CPU time, after a small page has loaded the
model). A ratio near 2 per doubling is linear; near 4 is a step that grows with the
square of the page.

    .venv/bin/python benchmarks/bench_shapes.py [--repeats 1000 2000 4000] [--shapes ...]

A run of this version (2 cores, load average below 1), seconds at 1,000, 2,000 and 4,000
repeats: every shape's ratio per doubling was 1.9 to 2.2 but `figures` (2.5 to 2.9:
the metric rules read the text on either side of each figure). Before the line index
of `graph.extract.sentences`, the review cue read once a sentence, the clause breaks of
`graph.extract.metrics` read once a sentence and a repeated judgement kept as one
inspection, `one-line`, `and-clauses`, `figures` and `judgements` grew by 3 to 4 per
doubling (the one-line page of 4,000 sentences took seconds where it now takes
tenths).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

from graph.extract import extract
from graph.model import Document

SHAPES: dict[str, Callable[[int], str]] = {
    "one-line": lambda n: " ".join(
        f"Ofsted found that practice in area {i} was good. The council will recruit staff."
        for i in range(n)),
    "wrapped": lambda n: "Ofsted found that\n" + "\n".join(
        f"the service in area {i} was good and the staff were kind and" for i in range(n)),
    "and-clauses": lambda n: "Ofsted found that " + " and ".join(
        f"the service in area {i} was good" for i in range(n)) + ".",
    "semicolons": lambda n: "Ofsted found " + "; ".join(
        f"the service in area {i} was good" for i in range(n)) + ".",
    "figures": lambda n: "Ofsted inspection 2019. Caseloads were " + ", ".join(
        f"{i % 90 + 1}%" for i in range(n)) + ".",
    "bullets": lambda n: "Ofsted inspection areas for improvement:\n" + "\n".join(
        f"• improve the quality of plans in area {i}" for i in range(n)),
    "judgements": lambda n: "\n".join(
        f"Services were judged good by Ofsted in area {i}." for i in range(n)),
    "agenda-items": lambda n: "\n".join(
        f"{i}. Ofsted monitoring visit\nMinutes:\nOfsted found that practice in area {i} "
        "was strong.\nRESOLVED: That the report be noted." for i in range(n)),
}


def extraction_seconds(body: str) -> float:
    """CPU seconds to extract one document holding `body`."""
    document = Document(identifier="shape.txt", path=Path("shape.txt"), body=body)
    started = time.process_time()
    extract(document)
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    args = parser.parse_args(argv)
    extraction_seconds(SHAPES["agenda-items"](3))  # load the model and the lexicons
    print(f"{'shape':<14}" + "".join(f"{n:>10,}" for n in args.repeats) + "   ratios")
    for name in args.shapes:
        seconds = [extraction_seconds(SHAPES[name](n)) for n in args.repeats]
        ratios = [later / max(earlier, 1e-6) for earlier, later in itertools.pairwise(seconds)]
        print(f"{name:<14}" + "".join(f"{s:>9.2f}s" for s in seconds) + "   "
              + " ".join(f"{r:.2f}" for r in ratios), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
