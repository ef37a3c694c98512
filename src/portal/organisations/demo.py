"""Demo data: an organisation waiting for approval, a change waiting for review and a
reported problem, so the coordinators' pages have something to show."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.demo import DEMO_ORGANISATION
from portal.directory.models import Listing
from portal.directory.snapshots import listing_to_dict
from portal.organisations.models import (
    JoinRequest,
    ListingRevision,
    Organisation,
    OrganisationStatus,
    ProblemKind,
    ProblemReport,
    RevisionState,
)

DEMO_SLUG = "harehills-knit-and-natter"


def load_demo(db: Session) -> list[str]:
    if db.scalar(select(Organisation).where(Organisation.slug == DEMO_SLUG)) is not None:
        return []
    organisation = Organisation(slug=DEMO_SLUG, name="Harehills Knit and Natter", status=OrganisationStatus.PENDING)
    db.add(organisation)
    db.add(
        JoinRequest(
            organisation=organisation,
            organisation_name=organisation.name,
            contact_name="Amina Khan",
            email="amina@harehills-knitters.example",
            phone="07911 123456",
            what_they_do="A weekly knitting group with tea and a chat.",
            area="Harehills",
        )
    )
    lines = [f"Organisation asking to join: {organisation.name}"]
    listing = db.scalars(
        select(Listing).join(Organisation).where(Organisation.slug == DEMO_ORGANISATION[0]).order_by(Listing.id)
    ).first()
    if listing is not None:
        changed = {**listing_to_dict(listing), "summary": f"{listing.summary} Now also on Saturdays."}
        db.add(ListingRevision(organisation_id=listing.organisation_id, listing_id=listing.id, snapshot=changed,
                               state=RevisionState.WAITING))  # fmt: skip
        db.add(ProblemReport(listing_id=listing.id, kind=ProblemKind.WRONG_TIME, details="It starts at 10:30 now."))
        lines.append(f"A change and a reported problem for: {listing.name}")
    db.flush()
    return lines
