"""Directory searches counted a day at a time for the unmet-need reports: how many searches
found nothing, a little or plenty, by area, page language, kind of activity, each filter, each
vocabulary word typed ("" for other words) and how the place was found, and the kind of
activity asked for in each area when little was found. Search records hold no full postcode
and, of the words typed, only those of our own vocabulary (`directory.search_words`), and so
do the counts."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import String, case, cast, func, literal, select
from sqlalchemy.orm import Session

from portal.directory.models import SearchRecord
from portal.reports.search_queries import words_of

RESULT_BANDS = ((0, "0"), (2, "1-2"), (9, "3-9"))  # and "10+"
FOUND_LITTLE = ("0", "1-2")


def result_band(found: Any) -> Any:
    return case(*((found <= most, label) for most, label in RESULT_BANDS), else_=literal("10+"))


def _first_category(categories: str | None) -> str:
    return next(iter(json.loads(categories or "[]")), "")


def _filters(filters: str | None) -> list[str]:
    """Each filter of a search as name=value."""
    chosen = sorted(json.loads(filters or "{}").items())
    return [f"{name}={value if isinstance(value, str) else json.dumps(value)}"[:100] for name, value in chosen]


def search_counts(db: Session, start: datetime, end: datetime) -> Counter[tuple[str, str, str]]:
    """(dimension, value, results band): searches. Each dimension grouped by the database, so
    a day of tens of thousands of searches is a few hundred rows read."""
    band = result_band(SearchRecord.result_count)
    categories, filters = cast(SearchRecord.categories, String), cast(SearchRecord.filters, String)

    def grouped(*columns: Any) -> Any:
        query = select(*columns, band, func.count()).where(
            SearchRecord.created_at >= start, SearchRecord.created_at < end
        )
        return db.execute(query.group_by(*columns, band))

    counts: Counter[tuple[str, str, str]] = Counter()
    for dimension, column in (
        ("area", SearchRecord.outward_code), ("locale", SearchRecord.locale), ("place", SearchRecord.place_outcome),
    ):  # fmt: skip
        for value, found, count in grouped(column):
            counts[dimension, value or "", found] += count
    for value, found, count in grouped(categories):
        counts["category", _first_category(value), found] += count
    for value, found, count in grouped(filters):
        for chosen in _filters(value):
            counts["filter", chosen, found] += count
    for value, other, found, count in grouped(cast(SearchRecord.known_words, String), SearchRecord.other_words):
        for word in words_of(value or "", bool(other)):
            counts["words", word[:100], found] += count
    for value, area, found, count in grouped(categories, SearchRecord.outward_code):
        if found in FOUND_LITTLE:
            counts["category_area", f"{_first_category(value)} {area or ''}", found] += count
    return counts
