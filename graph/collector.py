"""Python's cyclic garbage collector, paused while one document is extracted or mapped.

Extracting a document and mapping it to triples make millions of small objects on a long
page (spans, candidates, rows, rdflib's containers for each triple), all kept until the
document is done, and none of them in reference cycles. The collector nonetheless runs
again and again while they are made, each full run over everything alive: an eighth of
the CPU time of a 2 MB document's build, a seventh of a 20 MB one's (25 s of 164), more
per MB the larger the document. With it paused, objects freed by reference counting go at
once as ever, and the few cycles left are collected when it runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the body runs, and on again after if it
    was on (usable as a decorator)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
