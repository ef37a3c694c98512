"""Changes to the directory: publishing a listing, the shortlist. (Searches are recorded by
`search_records`, in batches.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import session as browser_session
from sqlalchemy.orm import Session

from portal.db import session, utcnow
from portal.directory.formatting import session_text
from portal.directory.indexing import refresh
from portal.directory.models import Listing
from portal.directory.queries import listings_by_id
from portal.directory.schedules import next_sessions
from portal.directory.snapshots import apply_dict
from portal.outbox.models import Channel
from portal.outbox.services import queue_message
from portal.web.forms import is_web_address, normalise_email, normalise_phone

SHORTLIST_KEY = "shortlist"
SHORTLIST_LIMIT = 50


def publish_listing(db: Session, organisation_id: int, data: dict[str, Any], listing: Listing | None = None) -> Listing:
    """Create or replace a published listing from a snapshot dict, and index it."""
    listing = listing or Listing(organisation_id=organisation_id)
    listing.organisation_id = organisation_id
    apply_dict(listing, data)
    listing.updated_at = utcnow()  # its places or sessions may be all that changed (ORUK `last_modified`)
    db.add(listing)
    db.flush()
    refresh(db, listing)
    return listing


def shortlist() -> list[int]:
    return [int(item) for item in browser_session.get(SHORTLIST_KEY, []) if isinstance(item, int)]


def shortlisted_listings() -> list[Listing]:
    """The listings in this browser's shortlist, in the order they were added."""
    return listings_by_id(session, shortlist())


def add_to_shortlist(listing_id: int) -> None:
    saved = shortlist()
    if listing_id not in saved:
        browser_session[SHORTLIST_KEY] = [*saved, listing_id][-SHORTLIST_LIMIT:]


def remove_from_shortlist(listing_id: int) -> None:
    browser_session[SHORTLIST_KEY] = [item for item in shortlist() if item != listing_id]


def send_shortlist(listings: list[Listing], contact: str, locale: str, now: datetime) -> Channel:
    """Queues the shortlist to the person by text or email. Nothing else about them is kept:
    the outbox clears the message's contents once it is sent."""
    channel = Channel.EMAIL if "@" in contact else Channel.SMS
    recipient = normalise_email(contact) if channel == Channel.EMAIL else normalise_phone(contact)
    queue_message(
        channel=channel,
        to=recipient,
        template="shortlist",
        locale=locale,
        context={"listings": [_for_message(listing, locale, now) for listing in listings]},
    )
    return channel


def _for_message(listing: Listing, locale: str, now: datetime) -> dict[str, str]:
    upcoming = next_sessions(listing.schedules, now, 1)
    return {
        "name": listing.translated("name", locale)[0],
        "phone": listing.phone or "",
        "where": listing.locations[0].address if listing.locations else "",
        "website": listing.url if is_web_address(listing.url) else "",
        "next_session": session_text(upcoming[0], locale) if upcoming else "",
    }
