"""Reads for the Unmet need report: the directory's search records (which hold no personal
data, no full postcodes, and of the words typed only those in our own vocabulary) and the
nearest listings of a kind to an area."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from portal.db import session
from portal.directory.models import Listing, ListingStatus, Location, SearchRecord
from portal.geo.models import OutwardCode

# A search "found little" when it found fewer listings than this (none included).
FEW_RESULTS = 3


@dataclass(frozen=True)
class SearchGroup:
    """Searches alike in everything the report breaks them down by, and how many found little."""

    categories: list[str]
    filters: dict[str, Any]
    locale: str
    outward_code: str | None
    searches: int
    found_little: int
    words: list[str] = field(default_factory=list)  # vocabulary words typed; none for "other words"


def search_group_rows(db: Session, start: datetime, end: datetime, area: str = "") -> list[tuple[Any, ...]]:
    """The searches between these moments grouped in the database (the JSON lists compared as
    text): kinds, filters, page language, outward code, vocabulary words typed, whether other
    words were, searches, and how many found little."""
    grouping = (
        cast(SearchRecord.categories, String), cast(SearchRecord.filters, String), SearchRecord.locale,
        SearchRecord.outward_code, cast(SearchRecord.known_words, String), SearchRecord.other_words,
    )  # fmt: skip
    little = func.sum(case((SearchRecord.result_count < FEW_RESULTS, 1), else_=0))
    query = (
        select(*grouping, func.count(), little)
        .where(SearchRecord.created_at >= start, SearchRecord.created_at < end)
        .group_by(*grouping)
    )
    if area:
        query = query.where(SearchRecord.outward_code == area)
    return [(kinds or "", chosen or "", locale, code, words or "", bool(other), count, int(few or 0))
            for kinds, chosen, locale, code, words, other, count, few in db.execute(query)]  # fmt: skip


KINDS, FILTERS, LOCALE, AREA, KINDS_IN_AREA = "kinds", "filters", "locale", "area", "kinds_in_area"
WORDS, OTHER_WORDS = "words", ""  # each vocabulary word typed; "" for other words
Dimensioned = dict[tuple[str, str], list[int]]  # (dimension, value): searches, found little


def words_of(known_words: str, other_words: bool) -> list[str]:
    """A search's words as counted: each vocabulary word, and `OTHER_WORDS` for any other."""
    words = json.loads(known_words) if known_words not in ("", "[]") else []
    return [*words, OTHER_WORDS] if other_words else words


def by_dimension(rows: list[tuple[Any, ...]], *, kinds_in_area: bool = True) -> Dimensioned:
    """`search_group_rows` one thing at a time, as `SearchGroupDayCount` counts them."""
    counts: Dimensioned = {}
    for kinds, chosen, locale, area, words, other, count, few in rows:
        keys = [(KINDS, kinds), (FILTERS, chosen), (LOCALE, locale), (AREA, area or "")]
        keys += [(WORDS, word) for word in words_of(words, other)]
        if kinds_in_area and area and few:
            keys.append((KINDS_IN_AREA, json.dumps([json.loads(kinds or "[]"), area])))
        for key in keys:
            sums = counts.setdefault(key, [0, 0])
            sums[0], sums[1] = sums[0] + count, sums[1] + few
    return counts


@dataclass(frozen=True)
class SearchCounts:
    """The period's searches by each thing the report breaks them down by."""

    kinds: list[SearchGroup]
    filters: list[SearchGroup]
    locales: list[SearchGroup]
    areas: list[SearchGroup]
    kinds_in_areas: list[SearchGroup]
    words: list[SearchGroup]  # one a vocabulary word, and one (no words) for other words


def search_counts(counts: Dimensioned, area: str = "") -> SearchCounts:
    found: dict[str, list[SearchGroup]] = {KINDS: [], FILTERS: [], LOCALE: [], AREA: [], KINDS_IN_AREA: [], WORDS: []}
    for (dimension, value), (count, few) in counts.items():
        kinds: list[str] = []
        chosen: dict[str, Any] = {}
        locale, code = "", None
        if dimension == WORDS:
            found[WORDS].append(SearchGroup([], {}, "", None, int(count), int(few), [value] if value else []))
            continue
        if dimension == KINDS:
            kinds = json.loads(value or "[]")
        elif dimension == KINDS_IN_AREA:
            kinds, code = json.loads(value)
        elif dimension == FILTERS:
            chosen = json.loads(value or "{}")
        elif dimension == LOCALE:
            locale = value
        else:
            code = value or None
        found[dimension].append(SearchGroup(kinds, chosen, locale, code, int(count), int(few)))
    if area:  # an area's own rows: the kinds in it are its kinds
        found[KINDS_IN_AREA] = [replace(group, outward_code=area) for group in found[KINDS] if group.found_little]
    return SearchCounts(found[KINDS], found[FILTERS], found[LOCALE], found[AREA], found[KINDS_IN_AREA], found[WORDS])


def area_centres(codes: set[str]) -> dict[str, tuple[float, float]]:
    query = select(OutwardCode.code, OutwardCode.latitude, OutwardCode.longitude).where(OutwardCode.code.in_(codes))
    return {code: (latitude, longitude) for code, latitude, longitude in session.execute(query)} if codes else {}


def places_of_kind(code: str) -> list[tuple[str, float, float]]:
    """Every place where a listing of this kind meets, among the listings people can find."""
    query = (
        select(Listing.name, Location.latitude, Location.longitude)
        .join(Location, Location.listing_id == Listing.id)
        .where(
            Listing.status == ListingStatus.ACTIVE,
            cast(Listing.categories, String).like(f'%"{code}"%'),
            Location.latitude.is_not(None),
            Location.longitude.is_not(None),
        )
    )
    return [(name, lat, lon) for name, lat, lon in session.execute(query) if lat is not None and lon is not None]
