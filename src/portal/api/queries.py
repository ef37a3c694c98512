"""Reading what the API publishes: listings the public can see (published, and not hidden as
unchecked for too long) and the organisations that run them. A page of anything costs a
count and one query for its rows, however many rows it has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import cos, pi, radians
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, String, cast, exists, func, select, true
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


def services(filters: ServiceFilters, page: PageRequest) -> tuple[int, list[Listing]]:
    where = _conditions(filters)
    total = session.scalar(select(func.count()).select_from(Listing).where(*where)) or 0
    if page.offset >= total:
        return total, []
    query = select(Listing).where(*where).order_by(Listing.id).offset(page.offset).limit(page.size)
    return total, list(session.scalars(query))


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
) -> tuple[int, list[tuple[Listing, Location]]]:
    """Places of public listings, nearest first when `near` is given (within `near.metres`)."""
    where = [*_conditions(filters), Location.listing_id == Listing.id]
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
    total = session.scalar(select(func.count()).select_from(Location).join(Listing).where(*where)) or 0
    if page.offset >= total:
        return total, []
    rows = session.execute(
        select(Location, Listing).join(Listing).where(*where).order_by(*order).offset(page.offset).limit(page.size)
    ).all()
    return total, [(listing, place) for place, listing in rows]


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


def services_of(organisation_id: int) -> list[Listing]:
    where = [Listing.organisation_id == organisation_id, *_public()]
    return list(session.scalars(select(Listing).where(*where).order_by(Listing.id)))
