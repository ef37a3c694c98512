"""Reading what the API publishes: listings the public can see (published, and not hidden as
unchecked for too long) and the organisations that run them. A page of anything costs a
count and one query for its rows, however many rows it has; pages of services and places
select only the columns they show, as plain rows (`ServiceRow`, `PlaceRow`): building ORM
objects for them cost more than everything else a page does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import cos, pi, radians
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import ColumnElement, Select, String, cast, exists, func, select, true
from sqlalchemy.orm import joinedload

from portal.api.params import PageRequest
from portal.api.taxonomies import Taxonomy, Term
from portal.clock import now
from portal.db import session
from portal.directory.indexing import hidden_before
from portal.directory.models import Listing, Location, SearchEntry
from portal.directory.search import Criteria, conditions
from portal.geo.lookup import EARTH_RADIUS_MILES, Place, find_place
from portal.organisations.models import Organisation, OrganisationStatus

METRES_PER_DEGREE = EARTH_RADIUS_MILES * 1609.344 * pi / 180


@dataclass(frozen=True)
class ServiceFilters:
    """The standard's filters on services, combined as AND. Ids the API does not know were
    resolved to None by the caller and match nothing (`unknown`)."""

    search: str = ""
    term: Term | None = None
    taxonomy: Taxonomy | None = None
    organisation: UUID | None = None
    modified_after: datetime | None = None
    unknown: bool = False


class ServiceRow(NamedTuple):
    """A public listing's own fields, as a list of services shows them."""

    uuid: UUID
    organisation_uuid: UUID
    name: str
    summary: str
    description: str
    url: str | None
    email: str | None
    status: str
    fees_description: str
    minimum_age: int | None
    maximum_age: int | None
    last_checked_at: datetime
    status_message: str
    updated_at: datetime
    accessibility: list[str]

    @classmethod
    def of(cls, listing: Listing) -> ServiceRow:
        return cls._make(
            listing.organisation.uuid if name == "organisation_uuid" else getattr(listing, name) for name in cls._fields
        )


class PlaceRow(NamedTuple):
    uuid: UUID
    name: str
    address_1: str
    city: str
    postal_code: str
    latitude: float | None
    longitude: float | None


SERVICE_COLUMNS = tuple(
    Organisation.uuid if name == "organisation_uuid" else getattr(Listing, name) for name in ServiceRow._fields
)
PLACE_COLUMNS = tuple(getattr(Location, name) for name in PlaceRow._fields)


def _service_rows() -> Select[Any]:
    return select(*SERVICE_COLUMNS).join_from(Listing, Organisation, Listing.organisation_id == Organisation.id)


def _public() -> list[ColumnElement[bool]]:
    cutoff = hidden_before(now())
    return [Listing.last_checked_at > cutoff] if cutoff else []


def _json_text_has(column: ColumnElement[object], code: str) -> ColumnElement[bool]:
    """A JSON list of codes holds `code` (as text, so SQLite and PostgreSQL read it alike)."""
    escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(column, String).like(f'%"{escaped}"%', escape="\\")


def _has_term(term: Term) -> ColumnElement[bool]:
    column = getattr(Listing, term.taxonomy.listing_field)
    if term.taxonomy.listing_field == "attending_access":
        return column == term.code  # type: ignore[no-any-return]
    return _json_text_has(column, term.code)


def _has_taxonomy(taxonomy: Taxonomy) -> ColumnElement[bool]:
    if taxonomy.listing_field == "attending_access":
        return true()
    return cast(getattr(Listing, taxonomy.listing_field), String) != "[]"


def _conditions(filters: ServiceFilters) -> list[ColumnElement[bool]]:
    where = _public()
    if filters.unknown:
        where.append(Listing.id.is_(None))
    if filters.search:
        found, _categories = conditions(session, Criteria(words=filters.search), now().date())
        where.append(Listing.id.in_(select(SearchEntry.listing_id).where(*found)))
    if filters.term is not None:
        where.append(_has_term(filters.term))
    if filters.taxonomy is not None:
        where.append(_has_taxonomy(filters.taxonomy))
    if filters.organisation is not None:
        where.append(Listing.organisation.has(Organisation.uuid == filters.organisation))
    if filters.modified_after is not None:
        where.append(Listing.updated_at >= filters.modified_after)
    return where


def services(filters: ServiceFilters, page: PageRequest) -> tuple[int, list[ServiceRow]]:
    where = _conditions(filters)
    total = session.scalar(select(func.count()).select_from(Listing).where(*where)) or 0
    if page.offset >= total:
        return total, []
    # The page's ids first, from the listing table alone: the join is then made for its rows only.
    page_ids = select(Listing.id).where(*where).order_by(Listing.id).offset(page.offset).limit(page.size)
    query = _service_rows().where(Listing.id.in_(page_ids)).order_by(Listing.id)
    return total, [ServiceRow(*row) for row in session.execute(query)]


def service(uuid: UUID) -> Listing | None:
    query = (
        select(Listing)
        .where(Listing.uuid == uuid, *_public())
        .options(joinedload(Listing.locations), joinedload(Listing.schedules))
    )
    return session.scalars(query).unique().first()


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    metres: int | None


def place_of(postcode: str) -> tuple[float, float] | None:
    """Where a postcode or outward code is, from our own postcode table, anywhere in the UK."""
    found = find_place(session, postcode, None)
    return (found.latitude, found.longitude) if isinstance(found, Place) else None


def _flat_distance(near: Near) -> ColumnElement[float | None]:
    """Squared equirectangular distance in degrees: ranks places as the exact distance does
    over the few miles a scheme covers, and the database computes it for nothing."""
    scale = cos(radians(near.latitude))
    north = Location.latitude - near.latitude
    east = (Location.longitude - near.longitude) * scale
    return north * north + east * east


def service_at_locations(
    filters: ServiceFilters, near: Near | None, page: PageRequest
) -> tuple[int, list[tuple[ServiceRow, PlaceRow]]]:
    """Places of public listings, nearest first when `near` is given (within `near.metres`).

    The page's places are found in the location table alone, each asking whether its listing
    is public (joined the other way, a database visits every listing's places to find the few
    nearby), with the count in the same query; then the page's rows are read by id."""
    where: list[ColumnElement[bool]] = []
    order: tuple[Any, ...] = (Location.id,)
    if near is not None:
        distance = _flat_distance(near)
        where += [Location.latitude.is_not(None), Location.longitude.is_not(None)]
        if near.metres is not None:
            degrees = near.metres / METRES_PER_DEGREE
            east = degrees / max(cos(radians(near.latitude)), 0.01)
            # The box first: a cheap test that spares most rows the arithmetic.
            where += [
                Location.latitude.between(near.latitude - degrees, near.latitude + degrees),
                Location.longitude.between(near.longitude - east, near.longitude + east),
                distance <= degrees**2,
            ]
        order = (distance, Location.id)
    # OFFSET 0 keeps PostgreSQL from turning the test into a join that reads every listing:
    # it looks up the listing of each place in the box instead, as SQLite does anyway.
    listed = select(Listing.id).where(Listing.id == Location.listing_id, *_conditions(filters)).offset(0)
    where.append(exists(listed))
    query = select(Location.id, func.count().over()).where(*where).order_by(*order)
    found = session.execute(query.offset(page.offset).limit(page.size)).all()
    if not found:  # past the end: the count needs a query of its own
        return session.scalar(select(func.count()).select_from(Location).where(*where)) or 0, []
    return found[0][1], _places([place_id for place_id, _total in found])


def _places(place_ids: list[int]) -> list[tuple[ServiceRow, PlaceRow]]:
    """These places with their listings, in this order."""
    query = (
        _service_rows()
        .add_columns(Location.id, *PLACE_COLUMNS)
        .join(Location, Location.listing_id == Listing.id)
        .where(Location.id.in_(place_ids))
    )
    split = len(SERVICE_COLUMNS)
    by_id = {row[split]: (ServiceRow(*row[:split]), PlaceRow(*row[split + 1 :])) for row in session.execute(query)}
    return [by_id[place_id] for place_id in place_ids]


def service_at_location(uuid: UUID) -> tuple[Listing, Location] | None:
    place = session.scalars(select(Location).where(Location.uuid == uuid)).first()
    if place is None:
        return None
    listing = service(place.listing.uuid)
    return (listing, place) if listing is not None else None


def _public_organisation() -> list[ColumnElement[bool]]:
    runs_public = exists(select(Listing.id).where(Listing.organisation_id == Organisation.id, *_public()))
    return [Organisation.status == OrganisationStatus.APPROVED, runs_public]


def organisations(search: str, page: PageRequest) -> tuple[int, list[Organisation]]:
    where = _public_organisation()
    if search:
        where.append(func.lower(Organisation.name).contains(search.lower(), autoescape=True))
    total = session.scalar(select(func.count()).select_from(Organisation).where(*where)) or 0
    query = select(Organisation).where(*where).order_by(Organisation.id).offset(page.offset).limit(page.size)
    return total, list(session.scalars(query)) if page.offset < total else []


def organisation(uuid: UUID) -> Organisation | None:
    return session.scalars(select(Organisation).where(Organisation.uuid == uuid, *_public_organisation())).first()


def services_of(organisation_id: int) -> list[ServiceRow]:
    where = [Listing.organisation_id == organisation_id, *_public()]
    return [ServiceRow(*row) for row in session.execute(_service_rows().where(*where).order_by(Listing.id))]
