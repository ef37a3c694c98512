"""Arranging organisations' data in tests: listings of a given organisation, revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.directory.models import Listing
from portal.directory.services import publish_listing
from portal.directory.snapshots import listing_to_dict
from portal.organisations.models import ListingRevision, Organisation, RevisionState
from tests.directory_helpers import LS6_1AN, place, weekly


def listing_data(name: str = "Tuesday Walk", **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "summary": f"{name}: a friendly group.",
        "description": "Everyone is welcome.",
        "categories": ["walking"],
        "attending_type": ["in_person"],
        "attending_access": "drop_in",
        "is_free": True,
        "languages": ["en"],
        "locations": [place(*LS6_1AN)],
        "schedules": [weekly()],
        **fields,
    }


def published_listing(
    db: Session, organisation: Organisation, name: str = "Tuesday Walk", checked: datetime | None = None, **fields: Any
) -> Listing:
    """A published listing with its first (approved) revision, as if a coordinator approved it."""
    data = listing_data(name, last_checked_at=(checked or utcnow()).isoformat(), **fields)
    listing = publish_listing(db, organisation.id, data)
    db.add(
        ListingRevision(
            organisation_id=organisation.id,
            listing_id=listing.id,
            snapshot=listing_to_dict(listing),
            state=RevisionState.APPROVED,
            decided_at=utcnow(),
        )
    )
    db.commit()
    return listing


def waiting_revision(db: Session, listing: Listing, **changes: Any) -> ListingRevision:
    revision = ListingRevision(
        organisation_id=listing.organisation_id,
        listing_id=listing.id,
        snapshot={**listing_to_dict(listing), **changes},
        state=RevisionState.WAITING,
    )
    db.add(revision)
    db.commit()
    return revision


def referral(db: Session, name: str = "Sam Jones") -> Any:
    from portal.referrals.models import Referral

    made = Referral(
        reference=f"R{abs(hash(name)) % 10**7:07d}",
        kind="self_referral",
        locale="en",
        submission_token=f"token-{name}",
        full_name=name,
        date_of_birth=None,
        contact_channel="phone",
        phone="+447911123456",
        phone_as_typed="07911 123456",
        language="en",
        what_matters="Private things the group must never see.",
        consent_to_share=True,
    )
    db.add(made)
    db.commit()
    return made


SECTIONS = ("about", "when", "where", "who", "contact")
NEW_LISTING = "/en/organisation/listings/new"


def fill_in_new_listing(client: Any, answers: dict[str, Any]) -> Any:
    """Walk a new listing's sections as an editor would, each taking only its own fields from
    `answers`, and end on the check-answers page."""
    page = client.get(NEW_LISTING)
    for section in SECTIONS:
        url = f"{NEW_LISTING}/{section}"
        page = client.follow(client.submit(page, url, answers, expected_status=303))
    return page


def send_new_listing(client: Any, answers: dict[str, Any]) -> Any:
    page = fill_in_new_listing(client, answers)
    return client.submit(page, NEW_LISTING, {}, expected_status=303)


def change_section(client: Any, listing_id: int, section: str, changes: dict[str, Any]) -> Any:
    """Change one section of a published listing from its page's current answers; back on the
    check-answers page."""
    url = f"/en/organisation/listings/{listing_id}/edit/{section}?return=check"
    page = client.get(url)
    return client.follow(client.submit(page, url, {**page.form_values(), **changes}, expected_status=303))


def change_and_send(client: Any, listing_id: int, section: str, changes: dict[str, Any]) -> Any:
    page = change_section(client, listing_id, section, changes)
    return client.submit(page, f"/en/organisation/listings/{listing_id}/edit", {}, expected_status=303)
