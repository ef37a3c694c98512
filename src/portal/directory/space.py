"""How much space a group has: the listing says it (taking new people, waiting list, full),
and a session may say otherwise for itself. A listing whose every session is full is full."""

from __future__ import annotations

from portal.directory import vocabulary as v
from portal.directory.models import Listing, Schedule, ScheduleKind

OPEN = "open"
FULL = "full"


def session_space(schedule: Schedule, listing: Listing) -> str:
    return schedule.capacity or listing.capacity


def listing_space(listing: Listing) -> str:
    if listing.capacity != OPEN:
        return listing.capacity
    sessions = [schedule for schedule in listing.schedules if schedule.kind == ScheduleKind.RECURRING]
    if sessions and all(schedule.capacity == FULL for schedule in sessions):
        return FULL
    return OPEN


def is_full(listing: Listing) -> bool:
    return listing_space(listing) == FULL


def space_label(code: str, quiet_when_open: bool = True) -> str:
    """The space in the reader's words; nothing for a group taking new people, unless asked."""
    return "" if code == OPEN and quiet_when_open else v.term_label(v.CAPACITY_BY_CODE, code)


def name_with_space(listing: Listing) -> str:
    """ "Tuesday Walk (Full at the moment)": for lists link workers choose groups from."""
    label = space_label(listing_space(listing))
    return f"{listing.name} ({label})" if label else listing.name
