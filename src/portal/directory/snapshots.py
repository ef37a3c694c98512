"""A listing as a plain, JSON-ready dict and back: what revisions, moderation diffs, restores
and an ORUK export build on. Locations are referred to by position, so a snapshot restores
into fresh rows; each keeps its `uuid` (its public id), so the fresh row is the same place."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from portal.directory.models import Listing, ListingTranslation, Location, Schedule, ScheduleKind

LISTING_FIELDS = (
    "name", "summary", "description", "categories", "audiences", "minimum_age", "maximum_age", "is_free",
    "fees_description", "attending_access", "attending_type", "accessibility", "languages", "email", "phone",
    "url", "capacity", "status", "status_message",
)  # fmt: skip
LOCATION_FIELDS = ("name", "address_1", "city", "postal_code", "latitude", "longitude")
SCHEDULE_FIELDS = ("kind", "freq", "interval", "byday", "description", "capacity")


def _iso(value: date | time | None) -> str | None:
    """Times to the minute, as the listing editor writes them, so an unchanged session is no change."""
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    return value.isoformat() if value is not None else None


def listing_to_dict(listing: Listing) -> dict[str, Any]:
    positions = {location.id: index for index, location in enumerate(listing.locations)}
    data: dict[str, Any] = {name: _plain(getattr(listing, name)) for name in LISTING_FIELDS}
    data["last_checked_at"] = listing.last_checked_at.isoformat() if listing.last_checked_at else None
    data["locations"] = [
        {"uuid": str(loc.uuid) if loc.uuid else None, **{name: getattr(loc, name) for name in LOCATION_FIELDS}}
        for loc in listing.locations
    ]
    data["schedules"] = [
        {
            **{name: _plain(getattr(schedule, name)) for name in SCHEDULE_FIELDS},
            "location": positions.get(schedule.location_id) if schedule.location_id else None,
            "dtstart": _iso(schedule.dtstart),
            "until": _iso(schedule.until),
            "opens_at": _iso(schedule.opens_at),
            "closes_at": _iso(schedule.closes_at),
        }
        for schedule in listing.schedules
    ]
    data["translations"] = [{"locale": t.locale, "name": t.name, "summary": t.summary} for t in listing.translations]
    return data


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else (str(value) if isinstance(value, str) else value)


def apply_dict(listing: Listing, data: dict[str, Any]) -> None:
    """Make `listing` say exactly what `data` says: its sessions and translations are
    replaced, its places updated (a place keeps its row while it keeps its id)."""
    for name in LISTING_FIELDS:
        if name in data:
            setattr(listing, name, data[name])
    if data.get("last_checked_at"):
        listing.last_checked_at = datetime.fromisoformat(data["last_checked_at"])
    listing.locations = _places(listing, data.get("locations", []))
    listing.schedules = [schedule_from_dict(item, listing.locations) for item in data.get("schedules", [])]
    listing.translations = [ListingTranslation(**item) for item in data.get("translations", [])]


def _places(listing: Listing, places: list[dict[str, Any]]) -> list[Location]:
    """The snapshot's places as rows. A place keeps its row, updated in place, when it keeps its
    id or, without one, its postcode: the same place keeps its public id (and a new row with the
    same id would be written before the old one is deleted)."""
    unused = list(listing.locations)
    result: list[Location] = []
    for place in places:
        place_id = _uuid(place.get("uuid"))
        location = next((row for row in unused if place_id and row.uuid == place_id), None) or next(
            (row for row in unused if not place_id and row.postal_code == place.get("postal_code")), None
        )
        if location is not None:
            unused.remove(location)
        elif place_id and all(row.uuid != place_id for row in (*result, *unused)):
            location = Location(uuid=place_id)
        else:
            location = Location()
        for name in LOCATION_FIELDS:
            setattr(location, name, place.get(name))
        result.append(location)
    return result


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def schedule_from_dict(item: dict[str, Any], locations: list[Location]) -> Schedule:
    schedule = Schedule(**{name: item.get(name) for name in SCHEDULE_FIELDS})
    schedule.kind = ScheduleKind(item.get("kind") or ScheduleKind.RECURRING)
    schedule.interval = int(item.get("interval") or 1)
    schedule.byday = item.get("byday") or ""
    schedule.description = item.get("description") or ""
    schedule.dtstart = date.fromisoformat(item["dtstart"]) if item.get("dtstart") else None
    schedule.until = date.fromisoformat(item["until"]) if item.get("until") else None
    schedule.opens_at = time.fromisoformat(item["opens_at"]) if item.get("opens_at") else None
    schedule.closes_at = time.fromisoformat(item["closes_at"]) if item.get("closes_at") else None
    position = item.get("location")
    if position is not None and 0 <= position < len(locations):
        schedule.location = locations[position]
    return schedule
