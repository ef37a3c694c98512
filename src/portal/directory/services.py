"""Changes to the directory: publishing a listing, the shortlist. (Searches are recorded by
`search_records`, in batches.)"""

from __future__ import annotations

from typing import Any

from flask import session as browser_session
from sqlalchemy.orm import Session

from portal.directory.indexing import refresh
from portal.directory.models import Listing
from portal.directory.snapshots import apply_dict

SHORTLIST_KEY = "shortlist"
SHORTLIST_LIMIT = 50


def publish_listing(db: Session, organisation_id: int, data: dict[str, Any], listing: Listing | None = None) -> Listing:
    """Create or replace a published listing from a snapshot dict, and index it."""
    listing = listing or Listing(organisation_id=organisation_id)
    listing.organisation_id = organisation_id
    apply_dict(listing, data)
    db.add(listing)
    db.flush()
    refresh(db, listing)
    return listing


def shortlist() -> list[int]:
    return [int(item) for item in browser_session.get(SHORTLIST_KEY, []) if isinstance(item, int)]


def add_to_shortlist(listing_id: int) -> None:
    saved = shortlist()
    if listing_id not in saved:
        browser_session[SHORTLIST_KEY] = [*saved, listing_id][-SHORTLIST_LIMIT:]


def remove_from_shortlist(listing_id: int) -> None:
    browser_session[SHORTLIST_KEY] = [item for item in shortlist() if item != listing_id]
