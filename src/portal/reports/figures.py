"""The arithmetic of the reports: small-number suppression, median, 90th percentile, shares.

Counts of 1 to 4 in a breakdown by area or person characteristic could point to a person, so
they are shown as "fewer than 5" (SUPPRESSED) in the page and in the CSV alike; 0 is shown,
as it points to nobody.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence

SMALLEST_SHOWN = 5
SUPPRESSED = "<5"


def suppressed(count: int) -> int | str:
    return SUPPRESSED if 0 < count < SMALLEST_SHOWN else count


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile_90(values: Sequence[float]) -> float | None:
    """The nearest-rank 90th percentile: 9 in 10 values are at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def share(part: int, whole: int) -> int | None:
    """A whole-number percentage, or None of nothing."""
    return round(100 * part / whole) if whole else None


def _nth(histogram: Counter[int], position: int) -> int:
    """The value at `position` (from 0) of the sorted values the histogram counts."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if position < seen:
            return value
    raise IndexError(position)


def histogram_median(histogram: Counter[int]) -> float | None:
    """As `median` of the values the histogram counts (their count per value)."""
    total = sum(histogram.values())
    if not total:
        return None
    if total % 2:
        return _nth(histogram, total // 2)
    return (_nth(histogram, total // 2 - 1) + _nth(histogram, total // 2)) / 2


def histogram_percentile_90(histogram: Counter[int]) -> float | None:
    total = sum(histogram.values())
    return _nth(histogram, math.ceil(0.9 * total) - 1) if total else None
