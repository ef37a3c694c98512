"""Reading listings for pages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, lazyload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from portal.config import current_scheme
from portal.db import session
from portal.directory.models import Listing, ListingStatus
from portal.geo.lookup import nearest_outward_code


def _with_details(locale: str = "") -> tuple[_AbstractLoad, ...]:
    details = (joinedload(Listing.locations), joinedload(Listing.schedules))
    # English pages never show translations, so they are not loaded for them.
    return (*details, selectinload(Listing.translations)) if locale != "en" else details


def listings_by_id(db: Session, ids: list[int], locale: str = "") -> list[Listing]:
    """The listings in the order given (missing ones left out), without their organisation."""
    if not ids:
        return []
    query = select(Listing).where(Listing.id.in_(ids)).options(lazyload(Listing.organisation), *_with_details(locale))
    found = {listing.id: listing for listing in db.scalars(query).unique()}
    return [found[listing_id] for listing_id in ids if listing_id in found]


def public_listing(db: Session, listing_id: int) -> Listing | None:
    """A listing the public may see: active, paused or closed (with its message), never a draft."""
    listing = db.scalars(select(Listing).where(Listing.id == listing_id).options(*_with_details())).unique().first()
    return listing if listing is not None and listing.status in tuple(ListingStatus) else None


def active_listing_names(db: Session, limit: int) -> list[str]:
    """Names of listings people can find, for "Did you mean": at most `limit` of them."""
    query = select(Listing.name).where(Listing.status == ListingStatus.ACTIVE).distinct().limit(limit)
    return list(db.scalars(query))


def outward_code_near(latitude: float, longitude: float) -> str | None:
    """The scheme's outward code nearest a (rounded) position, for "Use my location"."""
    return nearest_outward_code(session, latitude, longitude, current_scheme().outward_codes)
