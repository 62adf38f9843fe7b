"""Spans of a page already taken, asked about in logarithmic time: a long page has many,
and checking each new one against all of them made reading it quadratic."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Intervals:
    """Half-open intervals [start, end), merged where they overlap, kept in order."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        """Take [start, end), merging it with the intervals it overlaps or touches."""
        first = bisect.bisect_left(self.ends, start)
        last = bisect.bisect_right(self.starts, end)
        if first < last:
            start = min(start, self.starts[first])
            end = max(end, self.ends[last - 1])
        self.starts[first:last] = [start]
        self.ends[first:last] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a position with an interval taken."""
        index = bisect.bisect_left(self.starts, end) - 1
        return index >= 0 and self.ends[index] > start

    def __contains__(self, position: int) -> bool:
        return self.overlaps(position, position + 1)
