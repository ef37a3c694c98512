"""Pause, mark as full or close a listing, with a message for the public, and say how much
space it and each session has. These publish at once (they only tell people what is
happening) and are kept in the revision history."""

from __future__ import annotations

from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.db import session
from portal.directory.indexing import refresh
from portal.directory.models import Listing, ListingStatus
from portal.organisations import revisions


def change_status(listing: Listing, choice: str, message: str, author: User) -> None:
    if choice == "full":
        listing.status, listing.capacity = ListingStatus.ACTIVE, "full"
    else:
        listing.status = ListingStatus(choice)
        if listing.capacity == "full" and choice == "active":
            listing.capacity = "open"
    listing.status_message = message if choice != "active" else ""
    _publish_now(listing, author)
    record_event("listing.status_changed", "listing", listing.id, {"status": choice})


def set_space(listing: Listing, capacity: str, sessions: dict[int, str | None], author: User) -> None:
    """The listing's space, and each session's own (None: as the listing)."""
    listing.capacity = capacity
    for schedule in listing.schedules:
        if schedule.id in sessions:
            schedule.capacity = sessions[schedule.id]
    _publish_now(listing, author)
    record_event("listing.space_changed", "listing", listing.id, {"capacity": capacity})


def _publish_now(listing: Listing, author: User) -> None:
    refresh(session, listing)
    revisions.record_published(listing, author)
