"""The arithmetic of the reports: small-number suppression, median, 90th percentile, shares.

Counts of 1 to 4 in a breakdown by area or person characteristic could point to a person, so
they are shown as "fewer than 5" (SUPPRESSED) in the page and in the CSV alike; 0 is shown,
as it points to nobody.
"""

from __future__ import annotations

import math
import statistics
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
