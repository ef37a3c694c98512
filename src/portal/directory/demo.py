"""Demonstration listings across Leeds (`flask demo load`) and synthetic ones in bulk for
benchmarks (`flask demo listings --count N`). A fixed seed makes every run the same."""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from portal import clock
from portal.directory.categories import Vocabulary, current_categories
from portal.directory.demo_content import (
    AREAS,
    COMMUNITY_LANGUAGES,
    KINDS,
    ORGANISATION_DESCRIPTIONS,
    REMOTE_KINDS,
    Kind,
)
from portal.directory.indexing import entry_rows, search_document, sync_text_index_from
from portal.directory.models import Listing, Location, Schedule, SearchEntry
from portal.directory.services import publish_listing
from portal.directory.snapshots import LISTING_FIELDS, apply_dict
from portal.geo.demo import SHIPPED_CENTROIDS
from portal.geo.demo import load_demo as load_postcodes
from portal.organisations.models import Organisation

SEED = 20261121
PAUSED_MESSAGE = "We are taking a break over the summer and start again in September."
LOCATION_COLUMNS = ("name", "address_1", "city", "postal_code", "latitude", "longitude")
SCHEDULE_COLUMNS = ("kind", "freq", "interval", "byday", "dtstart", "until", "opens_at", "closes_at", "description")
DEMO_COUNT = 300
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA")
ACCESS_CHANCES = {"step_free": 0.65, "accessible_toilet": 0.5, "hearing_loop": 0.2, "bsl": 0.05, "quiet_space": 0.25,
                  "parking": 0.35, "near_bus_stop": 0.7, "large_print": 0.15}  # fmt: skip


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:70]


def shipped_postcodes() -> dict[str, list[tuple[str, float, float]]]:
    by_area: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    with open(SHIPPED_CENTROIDS, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if " " in row["postcode"]:
                outward = row["postcode"].split(" ")[0]
                by_area[outward].append((row["postcode"], float(row["latitude"]), float(row["longitude"])))
    return by_area


def _schedule(rule: str, times: str, rng: random.Random, today: date, named: tuple[str, ...] = ()) -> dict[str, Any]:
    """One schedule by `rule`, on the `named` days where the listing's words name them. The
    random draws are the same either way, so the rest of the demo stays as it was."""
    opens, _, closes = times.partition("-")
    common = {"opens_at": opens or None, "closes_at": closes or None, "location": 0, "description": ""}
    day = rng.choice(WEEKDAYS)
    day = named[0] if named else day
    if rule == "appointment":
        return {"kind": "by_appointment", "location": None, "description": ""}
    if rule == "any_time":
        return {"kind": "any_time", "location": None, "description": ""}
    if rule == "fortnightly":
        start = today - timedelta(days=today.weekday()) + timedelta(days=WEEKDAYS.index(day) - 7 * rng.randint(1, 20))
        return {
            **common,
            "kind": "recurring",
            "freq": "WEEKLY",
            "interval": 2,
            "byday": day,
            "dtstart": start.isoformat(),
        }
    if rule == "monthly":
        return {
            **common,
            "kind": "recurring",
            "freq": "MONTHLY",
            "interval": 1,
            "byday": f"{rng.choice((1, 2, 3, -1))}{day}",
        }
    days = [day] if rng.random() < 0.85 else sorted({day, rng.choice(WEEKDAYS)}, key=WEEKDAYS.index)
    return {**common, "kind": "recurring", "freq": "WEEKLY", "interval": 1, "byday": ",".join(named or days)}


def listing_data(
    kind: Kind, outward: str, rng: random.Random, now: datetime, postcodes: list[tuple[str, float, float]],
    spread: float = 1.0,
) -> dict[str, Any]:  # fmt: skip
    area, venues = AREAS[outward]
    venue = rng.choice(venues)
    venue_name, _, street = venue.partition(", ")
    short_area = area.split(" and ")[0]
    name = kind.name.format(area=short_area, venue=venue_name)
    is_free = rng.random() < kind.free
    languages = ["en"]
    if outward in COMMUNITY_LANGUAGES and rng.random() < 0.4:
        languages += rng.sample(COMMUNITY_LANGUAGES[outward], k=min(2, len(COMMUNITY_LANGUAGES[outward])))
    access_features = [code for code, chance in ACCESS_CHANCES.items() if rng.random() < chance]
    roll = rng.random()
    status = "paused" if roll < 0.03 else "closed" if roll < 0.04 else "active"
    domain = slugify(kind.organisation.format(area=short_area)).replace("-", "")
    data: dict[str, Any] = {
        "name": name, "summary": kind.summary, "description": kind.description, "categories": list(kind.categories),
        "audiences": list(kind.audiences), "minimum_age": kind.ages[0], "maximum_age": kind.ages[1], "is_free": is_free,
        "fees_description": "" if is_free else kind.fee, "attending_access": kind.access,
        "attending_type": list(kind.delivery), "accessibility": [] if kind.remote_only else access_features,
        "languages": languages, "email": f"hello@{domain}.example.org", "phone": f"0113 496 0{rng.randint(100, 999)}",
        "url": f"https://{domain}.example.org", "status": status,
        "capacity": _capacity(kind, rng),
        "status_message": PAUSED_MESSAGE if status == "paused" else "",
        "last_checked_at": (now - timedelta(days=rng.choice((rng.randint(2, 150), rng.randint(150, 350))))).isoformat(),
        "translations": [{"locale": loc, "name": n, "summary": s} for loc, (n, s) in kind.translations.items()],
    }  # fmt: skip
    data["schedules"] = [_schedule(rng.choice(kind.rules), rng.choice(kind.times), rng, now.date(), kind.days)]
    data["locations"] = [] if kind.remote_only else [_location(venue_name, street, postcodes, rng, spread)]
    return data


def _capacity(kind: Kind, rng: random.Random) -> str:
    """Only groups you book or are referred to keep a waiting list: "Drop in" means just turn up."""
    capacity = rng.choices(("open", "waiting_list", "full"), (88, 8, 4))[0]
    return "open" if kind.access == "drop_in" else capacity


def _location(
    venue: str, street: str, postcodes: list[tuple[str, float, float]], rng: random.Random, spread: float
) -> dict[str, Any]:
    postcode, latitude, longitude = rng.choice(postcodes)
    return {"name": venue, "address_1": street, "city": "Leeds", "postal_code": postcode,
            "latitude": round(latitude + rng.uniform(-0.002, 0.002) * spread, 6),
            "longitude": round(longitude + rng.uniform(-0.003, 0.003) * spread, 6)}  # fmt: skip


def organisation_for(db: Session, name: str, cache: dict[str, Organisation]) -> Organisation:
    slug = "demo-" + slugify(name)
    if slug not in cache:
        found = db.scalar(select(Organisation).where(Organisation.slug == slug))
        cache[slug] = found or Organisation(slug=slug, name=name, description=ORGANISATION_DESCRIPTIONS)
        db.add(cache[slug])
    return cache[slug]


def demo_plan(rng: random.Random) -> list[tuple[Kind, str]]:
    """Which kind of group in which area: every kind somewhere, busier areas get more."""
    codes = list(AREAS)
    weights = [3 if code in ("LS6", "LS7", "LS8", "LS11", "LS12", "LS9", "LS1") else 1 for code in codes]
    plan: list[tuple[Kind, str]] = [(kind, "LS6") for kind in KINDS[:12]]
    seen = {kind.name.format(area=AREAS[code][0].split(" and ")[0], venue="") for kind, code in plan}
    while len(plan) < DEMO_COUNT - len(REMOTE_KINDS):
        kind, code = rng.choice(KINDS), rng.choices(codes, weights)[0]
        key = kind.name.format(area=AREAS[code][0].split(" and ")[0], venue="")
        if key not in seen or "{venue}" in kind.name:
            seen.add(key)
            plan.append((kind, code))
    return plan + [(kind, "LS1") for kind in REMOTE_KINDS]


def load_demo(db: Session) -> list[str]:
    """About 300 listings across Leeds; adds nothing when they are already there."""
    lines = load_postcodes(db)
    if db.scalar(select(func.count()).select_from(Listing).join(Organisation).where(Organisation.slug.like("demo-%"))):
        return lines
    rng, now, postcodes = random.Random(SEED), clock.now(), shipped_postcodes()
    organisations: dict[str, Organisation] = {}
    plan = demo_plan(rng)
    for kind, code in plan:
        organisation = organisation_for(
            db, kind.organisation.format(area=AREAS[code][0].split(" and ")[0]), organisations
        )
        db.flush()
        publish_listing(db, organisation.id, listing_data(kind, code, rng, now, postcodes[code]))
    return [*lines, f"Directory: {len(plan)} listings from {len(organisations)} organisations"]


def add_synthetic_listings(db: Session, count: int, seed: int = SEED) -> int:
    """Bulk insert for benchmarks: the same index rows as `publish_listing`, without the ORM's
    per-object cost. Returns the first new listing id."""
    load_postcodes(db)
    rng, now, postcodes = random.Random(seed + count), clock.now(), shipped_postcodes()
    organisations: dict[str, Organisation] = {}
    for kind in (*KINDS, *REMOTE_KINDS):
        organisation_for(db, kind.organisation.format(area="Leeds"), organisations)
    db.flush()
    first_id = (db.scalar(select(func.max(Listing.id))) or 0) + 1
    codes, vocabulary = list(AREAS), current_categories(db)
    for start in range(0, count, 2000):
        batch = [
            _synthetic(first_id + n, rng, now, postcodes, codes, organisations)
            for n in range(start, min(count, start + 2000))
        ]
        _bulk_insert(db, batch, vocabulary)
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT setval(pg_get_serial_sequence('listing', 'id'), (SELECT max(id) FROM listing))"))
    sync_text_index_from(db, first_id)
    db.flush()
    return first_id


def _synthetic(listing_id: int, rng: random.Random, now: datetime, postcodes: dict[str, list[tuple[str, float, float]]],
               codes: list[str], organisations: dict[str, Organisation]) -> Listing:  # fmt: skip
    kind = rng.choice(REMOTE_KINDS) if rng.random() < 0.03 else rng.choice(KINDS)
    code = rng.choice(codes)
    # Spread over the whole area (not only beside the shipped postcodes), as real places are.
    data = listing_data(kind, code, rng, now, postcodes[code], spread=7.0)
    data["status"] = "active"
    listing = Listing(id=listing_id)
    listing.organisation = organisations["demo-" + slugify(kind.organisation.format(area="Leeds"))]
    listing.organisation_id = listing.organisation.id
    apply_dict(listing, data)
    return listing


def _columns(listing_id: int, item: object, columns: tuple[str, ...]) -> dict[str, Any]:
    return {"listing_id": listing_id, **{column: getattr(item, column) for column in columns}}


def _bulk_insert(db: Session, listings: list[Listing], vocabulary: Vocabulary) -> None:
    created = clock.now()
    listing_rows, location_rows, schedule_rows, entry_rows_all = [], [], [], []
    for listing in listings:
        row = {name: getattr(listing, name) for name in LISTING_FIELDS}
        row.update(id=listing.id, organisation_id=listing.organisation_id, last_checked_at=listing.last_checked_at,
                   search_document=search_document(listing, vocabulary),
                   created_at=created, updated_at=created)  # fmt: skip
        listing_rows.append(row)
        location_rows += [_columns(listing.id, place, LOCATION_COLUMNS) for place in listing.locations]
        schedule_rows += [_columns(listing.id, schedule, SCHEDULE_COLUMNS) for schedule in listing.schedules]
        entry_rows_all += entry_rows(listing, vocabulary)
    db.execute(insert(cast(Table, Listing.__table__)), listing_rows)
    for table, rows in (
        (Location.__table__, location_rows),
        (Schedule.__table__, schedule_rows),
        (SearchEntry.__table__, entry_rows_all),
    ):
        if rows:
            db.execute(insert(cast(Table, table)), rows)
