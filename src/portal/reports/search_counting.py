"""Directory searches counted a day at a time for the unmet-need reports: how many searches
found nothing, a little or plenty, by area, page language, kind of activity, each filter and
how the place was found, and the kind of activity asked for in each area when little was
found. Search records hold no words typed and no full postcode, and neither do the counts."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import String, case, cast, func, literal, select
from sqlalchemy.orm import Session

from portal.directory.models import SearchRecord

RESULT_BANDS = ((0, "0"), (2, "1-2"), (9, "3-9"))  # and "10+"
FOUND_LITTLE = ("0", "1-2")


def result_band(found: Any) -> Any:
    return case(*((found <= most, label) for most, label in RESULT_BANDS), else_=literal("10+"))


def _search_facts(area: str | None, locale: str, outcome: str, categories: str, filters: str) -> list[tuple[str, str]]:
    """The (dimension, value) pairs one search is counted under."""
    facts = [("area", area or ""), ("locale", locale), ("place", outcome)]
    facts += [("category", category) for category in json.loads(categories or "[]")[:1]] or [("category", "")]
    for name, value in sorted(json.loads(filters or "{}").items()):
        facts.append(("filter", f"{name}={json.dumps(value) if not isinstance(value, str) else value}"[:100]))
    return facts


def search_counts(db: Session, start: datetime, end: datetime) -> Counter[tuple[str, str, str]]:
    """(dimension, value, results band): searches. Grouped by the database first."""
    band = result_band(SearchRecord.result_count)
    columns = (
        SearchRecord.outward_code, SearchRecord.locale, SearchRecord.place_outcome,
        cast(SearchRecord.categories, String), cast(SearchRecord.filters, String), band,
    )  # fmt: skip
    query = (
        select(*columns, func.count())
        .where(SearchRecord.created_at >= start, SearchRecord.created_at < end)
        .group_by(*columns)
    )
    counts: Counter[tuple[str, str, str]] = Counter()
    for area, locale, outcome, categories, filters, found, count in db.execute(query):
        facts = _search_facts(area, locale, outcome, categories, filters)
        for dimension, value in facts:
            counts[dimension, value, found] += count
        if found in FOUND_LITTLE:
            counts["category_area", f"{facts[3][1]} {area or ''}", found] += count
    return counts
