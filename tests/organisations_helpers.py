"""Arranging organisations' data in tests: listings of a given organisation, revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.directory.models import Listing
from portal.directory.services import publish_listing
from portal.directory.snapshots import listing_to_dict
from portal.organisations.models import Organisation
from portal.organisations.records import ListingRevision, RevisionState
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
