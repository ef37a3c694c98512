"""Listings as a spreadsheet (CSV): export every listing, and import a file with a report on
every row. Nothing is imported from a file with problems unless the coordinator chooses to
import only the rows without problems."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.models import User
from portal.db import session, utcnow
from portal.directory import vocabulary as v
from portal.directory.categories import current as current_categories
from portal.directory.models import Listing
from portal.directory.services import publish_listing
from portal.directory.snapshots import listing_to_dict
from portal.geo.lookup import Place, find_place
from portal.i18n import _l
from portal.organisations.forms import DAYS, parse_time
from portal.organisations.models import Organisation, OrganisationStatus
from portal.organisations.records import ListingRevision, RevisionState
from portal.web.csv_files import restored
from portal.web.forms import (
    clean_text,
    is_full_postcode,
    is_web_address,
    normalise_email,
    normalise_postcode,
    normalise_web_address,
    parse_uk_phone,
)
from portal.web.numbers import record_id

COLUMNS = (
    "listing_id", "organisation", "name", "summary", "description", "categories", "attending_type",
    "attending_access", "is_free", "fees_description", "email", "phone", "url", "capacity", "place_name",
    "address", "city", "postcode", "sessions",
)  # fmt: skip
DAY_CODES = {code for code, _label in DAYS}
MAX_ROWS = 5000


def _codes(values: list[str]) -> str:
    return " ".join(values)


def _sessions(schedules: list[dict[str, Any]]) -> str:
    """`WE 10:00-12:00; FR 14:00-16:00`; fortnightly sessions say `/2` after the day."""
    parts = []
    for item in schedules:
        every = "" if int(item.get("interval") or 1) == 1 else "/2"
        times = f"{(item.get('opens_at') or '')[:5]}-{(item.get('closes_at') or '')[:5]}".strip("-")
        parts.append(f"{item.get('byday', '')}{every} {times}".strip())
    return "; ".join(parts)


def export_rows() -> Iterator[list[object]]:
    for listing in session.scalars(select(Listing).order_by(Listing.id)):
        data, place = listing_to_dict(listing), (listing.locations[0] if listing.locations else None)
        yield [
            listing.id, listing.organisation.slug, data["name"], data["summary"], data["description"],
            _codes(data["categories"]), _codes(data["attending_type"]), data["attending_access"],
            "yes" if data["is_free"] else "no", data["fees_description"], data["email"] or "", data["phone"] or "",
            data["url"] or "", data["capacity"], place.name if place else "", place.address_1 if place else "",
            place.city if place else "", place.postal_code if place else "", _sessions(data["schedules"]),
        ]  # fmt: skip


@dataclass
class RowReport:
    number: int  # as a spreadsheet counts: the header is row 1
    name: str
    problems: list[str] = field(default_factory=list)
    snapshot: dict[str, Any] = field(default_factory=dict)
    organisation_id: int = 0
    listing_id: int | None = None


def read_file(content: bytes) -> list[dict[str, str]] | str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return str(_("The file must be a CSV file saved as UTF-8"))
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in ("organisation", "name", "summary") if name not in (reader.fieldnames or [])]
    if missing:
        return str(_("The first row must name the columns, including %(columns)s", columns=", ".join(missing)))
    rows = list(reader)
    if not rows:
        return str(_("The file has no listings in it"))
    if len(rows) > MAX_ROWS:
        return str(_("The file can have up to %(count)d listings", count=MAX_ROWS))
    return rows


def check_rows(rows: list[dict[str, str]], outward_codes: tuple[str, ...]) -> list[RowReport]:
    organisations = {o.slug: o for o in session.scalars(select(Organisation))}
    return [_check(number, row, organisations, outward_codes) for number, row in enumerate(rows, start=2)]


def _check(
    number: int, raw: dict[str, str], organisations: dict[str, Organisation], outward: tuple[str, ...]
) -> RowReport:
    row = {key: clean_text(restored(value or "")) for key, value in raw.items() if key}
    row["url"] = normalise_web_address(row.get("url", ""))
    report = RowReport(number, row.get("name", ""))
    problems = report.problems
    organisation = organisations.get(row.get("organisation", ""))
    if organisation is None or organisation.status != OrganisationStatus.APPROVED:
        problems.append(_("No approved organisation has the short name “%(slug)s”", slug=row.get("organisation", "")))
    else:
        report.organisation_id = organisation.id
    _check_text(row, problems)
    categories = row.get("categories", "").split()
    # Retired codes are accepted, so a listing exported with one is imported with it kept.
    known = current_categories().by_code
    if not categories or any(code not in known for code in categories):
        problems.append(_("Give kinds of activity from the list, like walking social"))
    delivery = row.get("attending_type", "").split() or ["in_person"]
    if any(code not in v.DELIVERY_BY_CODE for code in delivery):
        problems.append(_("How people take part must be in_person, online or phone"))
    if row.get("email") and not normalise_email(row["email"]):
        problems.append(_("Enter an email address in the correct format, like name@example.com"))
    if row.get("phone") and parse_uk_phone(row["phone"]) is None:
        problems.append(_("Enter a phone number, like 01632 960 001 or 07700 900 982"))
    place = _place(row, "in_person" in delivery, outward, problems)
    schedules = _parse_sessions(row.get("sessions", ""), problems)
    report.listing_id = _listing_id(row.get("listing_id", ""), report.organisation_id, problems)
    if not problems:
        report.snapshot = _snapshot(row, categories, delivery, place, schedules)
    return report


# The longest each column may be (the database's limits), with what to tell the coordinator.
LONGEST = {
    "name": (200, _l("Name must be 200 characters or fewer")),
    "summary": (300, _l("Summary must be 300 characters or fewer")),
    "fees_description": (300, _l("Cost must be 300 characters or fewer")),
    "phone": (40, _l("Phone number must be 40 characters or fewer")),
    "url": (500, _l("Website address must be 500 characters or fewer")),
    "place_name": (200, _l("Place name must be 200 characters or fewer")),
    "address": (200, _l("Address must be 200 characters or fewer")),
    "city": (100, _l("Town or city must be 100 characters or fewer")),
}


def _check_text(row: dict[str, str], problems: list[str]) -> None:
    if not row.get("name"):
        problems.append(_("Enter the name of the group or service"))
    if not row.get("summary"):
        problems.append(_("Enter a short summary"))
    problems.extend(str(message) for column, (limit, message) in LONGEST.items() if len(row.get(column, "")) > limit)
    if row.get("url") and not is_web_address(row["url"]):
        problems.append(_("Enter a website address in the correct format, like https://www.example.org"))


def _place(
    row: dict[str, str], in_person: bool, outward: tuple[str, ...], problems: list[str]
) -> dict[str, Any] | None:
    postcode = normalise_postcode(row.get("postcode", ""))
    if not postcode:
        if in_person:
            problems.append(_("Enter the postcode of the place people go to, or choose online or by phone only"))
        return None
    if not is_full_postcode(postcode):
        problems.append(_("Enter a real postcode, like LS6 1AN"))
        return None
    found = find_place(session, postcode, outward)
    located = found if isinstance(found, Place) else None
    return {"name": row.get("place_name", ""), "address_1": row.get("address", ""), "city": row.get("city", ""),
            "postal_code": postcode, "latitude": located.latitude if located else None,
            "longitude": located.longitude if located else None}  # fmt: skip


def _parse_sessions(text: str, problems: list[str]) -> list[dict[str, Any]]:
    schedules = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        day, _space, times = part.partition(" ")
        code, _slash, every = day.upper().partition("/")
        opens, _dash, closes = times.partition("-")
        start, end = parse_time(opens) if opens else None, parse_time(closes) if closes else None
        if code not in DAY_CODES or every not in ("", "2") or (opens and not start) or (closes and not end):
            problems.append(_("Write sessions like WE 10:00-12:00; FR/2 14:00-16:00"))
            return []
        schedules.append({"kind": "recurring", "freq": "WEEKLY", "interval": int(every or 1), "byday": code,
                          "opens_at": start, "closes_at": end, "location": 0, "description": ""})  # fmt: skip
    return schedules


def _listing_id(text: str, organisation_id: int, problems: list[str]) -> int | None:
    if not text:
        return None
    listing_id = record_id(text)
    listing = session.get(Listing, listing_id) if listing_id is not None else None
    if listing is None or listing.organisation_id != organisation_id:
        problems.append(_("Listing %(id)s does not exist for this organisation", id=text))
        return None
    return listing.id


def _snapshot(row: dict[str, str], categories: list[str], delivery: list[str], place: dict[str, Any] | None,
              schedules: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    access = row.get("attending_access", "")
    capacity = row.get("capacity", "")
    return {
        "name": row["name"], "summary": row["summary"], "description": row.get("description", ""),
        "categories": categories, "audiences": [], "minimum_age": None, "maximum_age": None,
        "is_free": row.get("is_free", "yes").lower() not in ("no", "n", "false"),
        "fees_description": row.get("fees_description", ""),
        "attending_access": access if access in v.ATTENDING_ACCESS_BY_CODE else "drop_in",
        "attending_type": delivery, "accessibility": [], "languages": ["en"],
        "email": row.get("email") or None, "phone": row.get("phone") or None, "url": row.get("url") or None,
        "capacity": capacity if capacity in v.CAPACITY_BY_CODE else "open", "status": "active",
        "status_message": "", "locations": [place] if place else [], "schedules": schedules, "translations": [],
    }  # fmt: skip


def import_rows(reports: list[RowReport], coordinator: User) -> int:
    """Publish the rows without problems (the coordinator is the moderator), each with a revision."""
    imported = 0
    for report in reports:
        if report.problems:
            continue
        existing = session.get(Listing, report.listing_id) if report.listing_id else None
        snapshot = {**report.snapshot, "last_checked_at": utcnow().isoformat()}
        listing = publish_listing(session, report.organisation_id, snapshot, existing)
        session.add(
            ListingRevision(
                organisation_id=report.organisation_id,
                listing_id=listing.id,
                snapshot=listing_to_dict(listing),
                author_id=coordinator.id,
                state=RevisionState.APPROVED,
                decided_by_id=coordinator.id,
                decided_at=utcnow(),
            )
        )
        imported += 1
    return imported
