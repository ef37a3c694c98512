"""The directory search: nearest first, filtered inside the database, sub-linear in size.

Places are found ring by ring of grid cells around the person (`grid`), each ring a handful of
index range scans with every filter applied in SQL as bit tests, until enough results are
certain to be the nearest or the chosen distance is covered. Exact distances are computed in
Python for those few candidates only. Counts stop at `COUNT_CAP` ("more than 100") so a
search costs about the same with 10,000 or 100,000 listings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from math import ceil, cos, inf, pi, radians
from time import monotonic

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import BigInteger, ColumnElement, Integer, and_, column, func, literal_column, or_, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from portal.directory import changes
from portal.directory import vocabulary as v
from portal.directory.categories import current_categories
from portal.directory.grid import cell_of, circle_ranges, min_side_miles, ring_ranges
from portal.directory.indexing import FTS_TABLE, uses_fts5
from portal.directory.models import Listing, Schedule, SearchEntry
from portal.directory.schedules import meets_on
from portal.directory.synonyms import understand
from portal.geo.lookup import EARTH_RADIUS_MILES, miles_between

COUNT_CAP = 100
REMOTE_PREVIEW = 3


@dataclass(frozen=True)
class Criteria:
    words: str = ""
    category: str = ""
    days: frozenset[int] = frozenset()  # Monday 0
    on_today: bool = False
    free_only: bool = False
    delivery: frozenset[str] = frozenset()
    access: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()
    drop_in: bool = False
    miles: float = 5.0

    @property
    def wants_in_person(self) -> bool:
        return not self.delivery or "in_person" in self.delivery

    @property
    def remote_delivery(self) -> set[str]:
        chosen = set(self.delivery) & {"online", "phone"}
        return chosen or {"online", "phone"}


@dataclass(frozen=True)
class Hit:
    listing_id: int
    miles: float | None  # None: online or by phone


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    more_than_cap: bool = False
    has_more: bool = False
    remote: list[Hit] = field(default_factory=list)  # a few online and phone services alongside
    categories: tuple[str, ...] = ()  # found through the words typed


def _bits(col: ColumnElement[int] | InstrumentedAttribute[int], bits: int) -> ColumnElement[int]:
    return col.op("&", return_type=BigInteger)(bits)


def _text_match(db: Session, words: tuple[str, ...]) -> ColumnElement[bool]:
    if uses_fts5(db):
        query = " ".join(f'"{word}"*' for word in words)
        matching = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts").bindparams(fts=query)  # noqa: S608
        return SearchEntry.listing_id.in_(matching.columns(column("rowid", Integer)))
    query = " & ".join(f"{word}:*" for word in words)
    document = func.to_tsvector(literal_column("'simple'"), Listing.search_document)
    matching_ids = select(Listing.id).where(document.op("@@")(func.to_tsquery(literal_column("'simple'"), query)))
    return SearchEntry.listing_id.in_(matching_ids)


def conditions(db: Session, criteria: Criteria, today: date) -> tuple[list[ColumnElement[bool]], tuple[str, ...]]:
    """SQL conditions on `SearchEntry` for every filter, and the categories the words named."""
    vocabulary = current_categories(db)
    understood = understand(criteria.words, vocabulary)
    where: list[ColumnElement[bool]] = []
    if vocabulary.is_active(criteria.category):
        where.append(_bits(SearchEntry.category_mask, vocabulary.mask([criteria.category])) != 0)
    by_words = []
    if understood.categories:
        by_words.append(_bits(SearchEntry.category_mask, vocabulary.mask(understood.categories)) != 0)
    if understood.words:
        by_words.append(_text_match(db, understood.words))
    if by_words:
        where.append(or_(*by_words))
    if criteria.on_today:
        where.append(_bits(SearchEntry.day_mask, 1 << today.weekday()) != 0)
    if criteria.days:
        where.append(_bits(SearchEntry.day_mask, sum(1 << day for day in criteria.days)) != 0)
    for values, terms, col in (
        (criteria.languages, v.LANGUAGE_CODES, SearchEntry.language_mask),
        (criteria.audiences, v.AUDIENCES, SearchEntry.audience_mask),
    ):
        if values:
            where.append(_bits(col, v.mask(values, terms)) != 0)
    if criteria.access:
        needed = v.mask(criteria.access, v.ACCESS_FEATURES)
        where.append(_bits(SearchEntry.access_mask, needed) == needed)
    if criteria.free_only:
        where.append(SearchEntry.is_free.is_(True))
    if criteria.drop_in:
        where.append(SearchEntry.drop_in.is_(True))
    return where, understood.categories


def _meeting_today(db: Session, listing_ids: Iterable[int], today: date) -> set[int]:
    ids = list(listing_ids)
    by_listing: dict[int, list[Schedule]] = defaultdict(list)
    for schedule in db.scalars(select(Schedule).where(Schedule.listing_id.in_(ids))):
        by_listing[schedule.listing_id].append(schedule)
    return {listing_id for listing_id in ids if meets_on(by_listing[listing_id], today)}


_compiled_cache: dict[tuple[object, ...], tuple[str, tuple[str, ...]]] = {}


def compiled_conditions(db: Session, criteria: Criteria, today: date) -> tuple[str, tuple[str, ...]]:
    """`conditions` as SQL text, kept for reuse: the same search asked again (the same words,
    filters and day, in the same language, with the same categories) skips building and
    compiling the expression."""
    version = current_categories(db).version
    key = (db.get_bind().dialect.name, str(get_locale() or "en"), version, criteria, today)
    if key not in _compiled_cache:
        if len(_compiled_cache) > 4096:
            _compiled_cache.clear()
        where, categories = conditions(db, criteria, today)
        _compiled_cache[key] = (_compiled(db, where), categories)
    return _compiled_cache[key]


def _compiled(db: Session, where: list[ColumnElement[bool]]) -> str:
    """The filters as SQL text with their values inlined, compiled once per search: each ring
    of cells then costs one plain query instead of building and compiling a statement.
    Always one bracketed expression: a lone `a OR b` written after `... AND` would otherwise
    bind to the wrong side and let in places without coordinates."""
    if not where:
        return "(1 = 1)"
    condition = and_(*where).compile(dialect=db.get_bind().dialect, compile_kwargs={"literal_binds": True})
    return f"({condition})"


def _ring_sql(filters: str, ranges: list[tuple[int, int]], nearest: str = "", limit: int = 0) -> str:
    """One index range scan per range of cells, joined from a list of constant rows: the
    statement stays short however many ranges (a new one is parsed for every place searched
    from), and SQLite never answers `a OR b OR ...` on one column, which collects and
    de-duplicates row ids at twice the cost. With `nearest`, the nearest `limit` rows only."""
    cells = ", ".join(f"({int(low)}, {int(high)})" for low, high in ranges)
    sql = (
        f"SELECT listing_id, latitude, longitude FROM (VALUES {cells}) AS cells "  # noqa: S608 (numbers and compiled filters)
        f"JOIN search_entry ON search_entry.grid_cell BETWEEN cells.column1 AND cells.column2 WHERE {filters}"
    )
    return f"{sql} ORDER BY {nearest} LIMIT {int(limit)}" if nearest else sql


def _flat_distance(latitude: float, longitude: float) -> str:
    """Squared equirectangular distance in degrees of latitude: ranks places the way the
    exact distance does over a few miles, and costs the database almost nothing."""
    scale = cos(radians(latitude))
    dlat, dlon = f"(latitude - {latitude!r})", f"((longitude - {longitude!r}) * {scale!r})"
    return f"({dlat} * {dlat} + {dlon} * {dlon})"


def _ring_search(
    db: Session,
    filters: str,
    latitude: float,
    longitude: float,
    needed: int,
    max_miles: float,
    keep: Callable[[set[int]], set[int]] | None = None,
) -> tuple[dict[int, float], float]:
    """Nearest listings (id -> miles) and the radius within which the answer is complete.
    `keep` filters each ring's candidates further (the exact "on today" check)."""
    row, col = cell_of(latitude, longitude)
    side = min_side_miles(latitude)
    max_ring = ceil(max_miles / side) + 1
    connection, distance = db.connection(), _flat_distance(latitude, longitude)
    # Only the nearest few of each ring leave the database (a listing may meet in several places).
    per_ring = needed * 2 + 10
    nearest: dict[int, float] = {}
    first, last = 0, 1
    while True:
        found: dict[int, float] = {}
        ring = _ring_sql(filters, ring_ranges(row, col, first, last), distance, per_ring)
        for listing_id, lat, lon in connection.exec_driver_sql(ring):
            miles = miles_between(latitude, longitude, lat, lon)
            if miles <= max_miles and miles < found.get(listing_id, inf):
                found[listing_id] = miles
        kept = keep(set(found)) if keep and found else set(found)
        for listing_id in kept:
            nearest[listing_id] = min(found[listing_id], nearest.get(listing_id, inf))
        covered = min(max_miles, last * side)
        if last >= max_ring or covered >= max_miles or sum(m <= covered for m in nearest.values()) >= needed:
            return nearest, covered
        first, last = last + 1, min(max_ring, last * 2 + 1)


def _count_within(db: Session, filters: str, latitude: float, longitude: float, max_miles: float) -> int:
    """How many listings lie within `max_miles`, counted inside the database and never past
    `COUNT_CAP` + 1 (an equirectangular distance: exact enough over a few miles)."""
    radius = max_miles / (EARTH_RADIUS_MILES * pi / 180)
    within = f"{_flat_distance(latitude, longitude)} <= {radius * radius!r}"
    inner = _ring_sql(f"{filters} AND {within}", circle_ranges(latitude, longitude, max_miles))
    sql = f"SELECT count(*) FROM ({inner} LIMIT {COUNT_CAP + 1}) AS capped"  # noqa: S608 (numbers only)
    return int(db.connection().exec_driver_sql(sql).scalar() or 0)


def search_near(
    db: Session, criteria: Criteria, latitude: float, longitude: float, today: date, offset: int, limit: int
) -> Results:
    filters, categories = compiled_conditions(db, criteria, today)
    keep = (lambda ids: _meeting_today(db, ids, today)) if criteria.on_today else None
    # With "on today" the count needs the exact check, so enough candidates are gathered for it.
    needed = (max(offset + limit, COUNT_CAP) if keep else offset + limit) + 1
    nearest, covered = _ring_search(db, filters, latitude, longitude, needed, criteria.miles, keep)
    complete = covered >= criteria.miles
    certain = sorted((miles, listing_id) for listing_id, miles in nearest.items() if complete or miles <= covered)
    hits = [Hit(listing_id, round(miles, 1)) for miles, listing_id in certain[offset : offset + limit]]
    found = len(certain) if keep else _count_within(db, filters, latitude, longitude, criteria.miles)
    remote = _remote_preview(db, filters, criteria, today) if offset == 0 else []
    return Results(hits, min(found, COUNT_CAP), found > COUNT_CAP, len(certain) > offset + limit, remote, categories)


def _remote_where(where: list[ColumnElement[bool]], criteria: Criteria) -> list[ColumnElement[bool]]:
    delivery = v.mask(criteria.remote_delivery, v.DELIVERY)
    return [SearchEntry.grid_cell.is_(None), _bits(SearchEntry.delivery_mask, delivery) != 0, *where]


REMOTE_PREVIEWS = "directory_remote_previews"


def _remote_preview(db: Session, filters: str, criteria: Criteria, today: date) -> list[Hit]:
    """A few online and phone services beside the places nearby. They do not depend on the
    place, so the same filters searched from another postcode reuse them, kept like a card
    (`kept_cards`: `DIRECTORY_CACHE_SECONDS`, until a listing changes here, for the day);
    never for words a person typed, which are never kept."""
    seconds = current_app.config["SETTINGS"].directory_cache_seconds
    if criteria.words or seconds <= 0:
        return _find_remote_preview(db, filters, criteria, today)
    kept: dict[tuple[object, ...], tuple[float, int, list[Hit]]] = current_app.extensions.setdefault(
        REMOTE_PREVIEWS, {}
    )
    key = (db.get_bind().dialect.name, filters, criteria.on_today, *sorted(criteria.remote_delivery), today)
    generation, found = changes.generation(), kept.get(key)
    if found is not None and found[0] > monotonic() and found[1] == generation:
        return found[2]
    hits = _find_remote_preview(db, filters, criteria, today)
    if len(kept) >= 1024:
        kept.clear()
    kept[key] = (monotonic() + seconds, generation, hits)
    return hits


def _find_remote_preview(db: Session, filters: str, criteria: Criteria, today: date) -> list[Hit]:
    """In the index's order: sorting every matching service would cost more the more there are."""
    delivery = v.mask(criteria.remote_delivery, v.DELIVERY)
    sql = (
        "SELECT listing_id FROM search_entry WHERE grid_cell IS NULL "  # noqa: S608 (numbers and compiled filters)
        f"AND (delivery_mask & {delivery}) != 0 AND {filters} LIMIT {REMOTE_PREVIEW * 3}"
    )
    ids = [int(row[0]) for row in db.connection().exec_driver_sql(sql)]
    if criteria.on_today:
        meeting = _meeting_today(db, ids, today)
        ids = [listing_id for listing_id in ids if listing_id in meeting]
    return [Hit(listing_id, None) for listing_id in ids[:REMOTE_PREVIEW]]


def search_remote(db: Session, criteria: Criteria, today: date, offset: int, limit: int) -> Results:
    """Online and phone services only, by name: when there is no place to search from, or the
    person chose only online or phone."""
    where, categories = conditions(db, criteria, today)
    matching = select(SearchEntry.listing_id).where(*_remote_where(where, criteria))
    statement = (
        select(Listing.id)
        .where(Listing.id.in_(matching))
        .order_by(Listing.name, Listing.id)
        .offset(offset)
        .limit(limit + 1)
    )
    ids = list(db.scalars(statement))
    if criteria.on_today:
        meeting = _meeting_today(db, ids, today)
        ids = [listing_id for listing_id in ids if listing_id in meeting]
    capped = select(func.count()).select_from(matching.limit(COUNT_CAP + 1).subquery())
    total = db.scalar(capped) or 0
    hits = [Hit(listing_id, None) for listing_id in ids[:limit]]
    return Results(hits, min(total, COUNT_CAP), total > COUNT_CAP, len(ids) > limit, [], categories)
