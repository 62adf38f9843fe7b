"""Extraction time of pages of odd shapes as they double: each should about double too.

`bench_ingest.py` grows a page of ordinary minutes; this grows one pattern repeated until
the page is all of that shape (every sentence on one line, one sentence of thousands of
clauses or figures, one judgement said again and again, ...), and times the extraction
of one document of each size in this process (CPU time, after a small page has loaded the
model). A ratio near 2 per doubling is linear; near 4 is a step that grows with the
square of the page.

    .venv/bin/python benchmarks/bench_shapes.py [--repeats 1000 2000 4000] [--shapes ...]

A run of this version and one of the code before this stop's changes, minutes apart
(2 cores, load average below 1), seconds at 1,000, 2,000 and 4,000 repeats:

    shape          this version            ratios     before                   ratios
    one-line       0.45   0.87   1.84      1.94 2.11  4.13  14.73  58.00       3.57 3.94
    wrapped        0.76   1.43   3.06      1.88 2.14  2.63   9.24  34.92       3.51 3.78
    and-clauses    0.41   0.81   1.63      1.96 2.01  1.10   3.36  11.36       3.06 3.38
    semicolons     0.39   0.76   1.56      1.93 2.05  1.44   5.06  19.49       3.50 3.86
    figures        0.05   0.08   0.15      1.78 1.93  0.78   2.96  11.38       3.77 3.85
    counted-areas  0.17   0.33   0.68      1.95 2.08  3.20  12.27  49.67       3.84 4.05
    bullets        0.25   0.49   0.94      1.94 1.91  0.28   0.51   1.02       1.82 2.02
    judgements     0.33   0.70   1.33      2.11 1.90  2.56   9.45  36.70       3.69 3.89
    agenda-items   0.77   1.55   3.09      2.00 2.00  0.88   1.77   3.49       2.01 1.97

What grew with the square of the page: each sentence's line found by scanning back to
the last line break, abbreviations searched for from the line's start, a wrapped
paragraph re-read for every line joined to it (now `graph.extract.sentences`' line
index); a sentence's clause breaks, its clause's words and quote, and everything since
the last count read again for every figure (`graph.extract.metrics`); whether a
sentence names a DfE review read again for each of its items; and an undated judgement
made a new inspection each time it was said.
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
    "counted-areas": lambda n: "Ofsted inspection 2019. The council should " + " and ".join(
        f"improve plans in area {i}" for i in range(n)) + ".",
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
