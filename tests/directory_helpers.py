"""Arranging directory data in tests: listings placed near known Leeds postcodes."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from portal.directory.models import Listing
from portal.directory.services import publish_listing
from portal.geo.demo import load_demo as load_postcodes
from portal.organisations.models import Organisation

LS6_1AN = (53.8199, -1.5674)
_numbers = count(1)


def organisation(db: Session, name: str = "Leeds Test Charity") -> Organisation:
    found = db.query(Organisation).filter_by(name=name).first()
    if found:
        return found
    made = Organisation(slug=f"org-{next(_numbers)}", name=name)
    db.add(made)
    db.flush()
    return made


def weekly(byday: str = "TU", opens: str = "10:00", closes: str = "12:00", **more: Any) -> dict[str, Any]:
    return {
        "kind": "recurring",
        "freq": "WEEKLY",
        "interval": 1,
        "byday": byday,
        "opens_at": opens,
        "closes_at": closes,
        **more,
    }


def place(
    latitude: float, longitude: float, postcode: str = "LS6 1AN", name: str = "Community Centre"
) -> dict[str, Any]:
    return {"name": name, "address_1": "1 Test Street", "city": "Leeds", "postal_code": postcode,
            "latitude": latitude, "longitude": longitude}  # fmt: skip


def listing(
    db: Session,
    name: str = "Headingley Health Walk",
    *,
    miles_north: float = 0.0,
    at: tuple[float, float] = LS6_1AN,
    remote: bool = False,
    **fields: Any,
) -> Listing:
    """A published listing `miles_north` of LS6 1AN (or online/phone only when `remote`)."""
    latitude = at[0] + miles_north / 69.05
    data: dict[str, Any] = {
        "name": name,
        "summary": f"{name}: a friendly group.",
        "description": "Everyone is welcome.",
        "categories": ["walking"],
        "attending_type": ["phone"] if remote else ["in_person"],
        "attending_access": "drop_in",
        "is_free": True,
        "languages": ["en"],
        "last_checked_at": datetime(2026, 11, 1, tzinfo=UTC).isoformat(),
        "locations": [] if remote else [place(latitude, at[1])],
        "schedules": [weekly()],
        **fields,
    }
    made = publish_listing(db, organisation(db).id, data)
    db.commit()
    return made


def with_postcodes(db: Session) -> None:
    load_postcodes(db)
    db.commit()


def add_to_shortlist(client: Any, listing_id: int, search: str = "") -> Any:
    """As a person does it, from the listing's page: on a first visit (no session yet) its
    button asks first, on a page whose form has the token (`directory.confirm_add_to_shortlist`)."""
    page = client.get(f"/en/directory/listings/{listing_id}")
    if page.soup.select_one('input[name="csrf_token"]') is None:
        page = client.get(f"/en/directory/shortlist/add?listing_id={listing_id}")
    return client.submit(
        page, "/en/directory/shortlist", {"listing_id": listing_id, "search": search}, expected_status=303
    )


def add_to_shortlist_in_browser(page: Any) -> None:
    """Presses "Add to your shortlist" on a listing's page, and again on the page that asks
    first on a first visit (see `add_to_shortlist`)."""
    adding = "form[action$='/directory/shortlist'] button"
    page.locator(f"form[action$='/directory/shortlist/add'] button, {adding}").first.click()
    page.wait_for_load_state()
    if "/directory/shortlist/add" in page.url:
        page.locator(adding).click()
