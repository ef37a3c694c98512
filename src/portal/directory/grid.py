"""A fixed grid of cells about a third of a mile square: the spatial index.

Each place is stored with its cell id; a search reads the cells in rings around the person,
nearest first, so it touches a few hundred rows however many listings there are."""

from __future__ import annotations

from math import ceil, cos, floor, radians, sqrt

LAT_STEP = 0.005  # degrees: about 0.35 miles
LON_STEP = 0.008  # degrees: about 0.33 miles at Leeds' latitude
ROW_FACTOR = 100_000  # more columns than 360 / LON_STEP
MILES_PER_DEGREE = 69.05


def cell_of(latitude: float, longitude: float) -> tuple[int, int]:
    return floor((latitude + 90) / LAT_STEP), floor((longitude + 180) / LON_STEP)


def cell_id(row: int, column: int) -> int:
    return row * ROW_FACTOR + column


def cell_for(latitude: float, longitude: float) -> int:
    return cell_id(*cell_of(latitude, longitude))


def min_side_miles(latitude: float) -> float:
    """The shorter side of a cell near this latitude (columns narrow towards the poles)."""
    poleward = min(89.0, abs(latitude) + LAT_STEP * 4)
    return min(LAT_STEP * MILES_PER_DEGREE, LON_STEP * MILES_PER_DEGREE * cos(radians(poleward)))


def ring_ranges(row: int, column: int, first_ring: int, last_ring: int) -> list[tuple[int, int]]:
    """Cell id ranges covering rings `first_ring`..`last_ring` (Chebyshev distance) around a
    cell: one contiguous range per grid row, or two where the row crosses the inner hole."""
    ranges = []
    for r in range(row - last_ring, row + last_ring + 1):
        left, right = column - last_ring, column + last_ring
        if abs(r - row) < first_ring:
            ranges.append((cell_id(r, left), cell_id(r, column - first_ring)))
            ranges.append((cell_id(r, column + first_ring), cell_id(r, right)))
        else:
            ranges.append((cell_id(r, left), cell_id(r, right)))
    return ranges


def circle_ranges(latitude: float, longitude: float, miles: float) -> list[tuple[int, int]]:
    """Cell id ranges covering a circle, one per grid row clipped to the circle, nearest rows
    first: a count that stops early has then seen the nearest places."""
    row, column = cell_of(latitude, longitude)
    lat_side = LAT_STEP * MILES_PER_DEGREE
    lon_side = min_side_miles(latitude)
    rows = ceil(miles / lat_side) + 1
    ranges = []
    for offset in sorted(range(-rows, rows + 1), key=abs):
        gap = max(0, abs(offset) - 1) * lat_side  # the nearest this row can be to the point
        if gap > miles:
            continue
        half_width = ceil(sqrt(miles * miles - gap * gap) / lon_side) + 1
        ranges.append((cell_id(row + offset, column - half_width), cell_id(row + offset, column + half_width)))
    return ranges
