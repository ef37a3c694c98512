"""Reading organisations, requests, listings and revisions for pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.db import session
from portal.directory.models import Listing, ListingStatus
from portal.organisations.models import (
    JoinRequest,
    ListingRevision,
    Organisation,
    OrganisationStatus,
    ProblemReport,
    RequestState,
    RevisionState,
)


@dataclass(frozen=True)
class DashboardRow:
    name: str
    state: str  # draft, waiting, sent_back, published, paused, closed
    last_checked: datetime | None
    listing_id: int | None
    revision_id: int | None
    needs_attention: bool


def waiting_requests() -> list[JoinRequest]:
    return list(
        session.scalars(select(JoinRequest).where(JoinRequest.state == RequestState.WAITING).order_by(JoinRequest.id))
    )


def waiting_request_for(organisation_id: int) -> JoinRequest | None:
    """The oldest request to join (or claim) the organisation that no coordinator has decided."""
    query = select(JoinRequest).where(
        JoinRequest.organisation_id == organisation_id, JoinRequest.state == RequestState.WAITING
    )
    return session.scalars(query.order_by(JoinRequest.id)).first()


def approved_organisations() -> list[Organisation]:
    query = select(Organisation).where(Organisation.status == OrganisationStatus.APPROVED).order_by(Organisation.name)
    return list(session.scalars(query))


def active_editors(organisation_id: int) -> list[User]:
    """Who hears about the organisation's listings and referrals: its editors still active."""
    query = select(User).where(User.organisation_id == organisation_id, User.role == Role.ORG_EDITOR, User.active)
    return list(session.scalars(query.order_by(User.id)))


def latest_unpublished(organisation_id: int, listing_id: int | None) -> ListingRevision | None:
    query = select(ListingRevision).where(
        ListingRevision.organisation_id == organisation_id,
        ListingRevision.listing_id == listing_id if listing_id else ListingRevision.listing_id.is_(None),
        ListingRevision.state.in_((RevisionState.WAITING, RevisionState.SENT_BACK)),
    )
    return session.scalars(query.order_by(ListingRevision.id.desc())).first()


def dashboard_rows(organisation_id: int, stale_before: datetime) -> list[DashboardRow]:
    """Every listing with its newest revision waiting or sent back, then the new listings not
    published yet: two statements however many listings the organisation has."""
    unpublished = session.scalars(
        select(ListingRevision)
        .where(
            ListingRevision.organisation_id == organisation_id,
            ListingRevision.state.in_((RevisionState.WAITING, RevisionState.SENT_BACK)),
        )
        .order_by(ListingRevision.id)
    ).all()
    newest_of = {revision.listing_id: revision for revision in unpublished if revision.listing_id is not None}
    listings = session.execute(
        select(Listing.id, Listing.name, Listing.status, Listing.last_checked_at)
        .where(Listing.organisation_id == organisation_id)
        .order_by(Listing.name)
    )
    rows = []
    for listing in listings:
        pending = newest_of.get(listing.id)
        state = pending.state if pending else ("published" if listing.status == "active" else listing.status)
        attention = listing.last_checked_at < stale_before or state == RevisionState.SENT_BACK
        rows.append(
            DashboardRow(
                listing.name,
                str(state),
                listing.last_checked_at,
                listing.id,
                pending.id if pending else None,
                attention,
            )
        )
    for revision in unpublished:
        if revision.listing_id is None:
            rows.append(
                DashboardRow(
                    revision.name,
                    str(revision.state),
                    None,
                    None,
                    revision.id,
                    revision.state == RevisionState.SENT_BACK,
                )
            )
    return rows


def count_waiting_revisions() -> int:
    return session.scalar(select(func.count()).where(ListingRevision.state == RevisionState.WAITING)) or 0


def count_open_problems() -> int:
    return session.scalar(select(func.count()).where(ProblemReport.resolved_at.is_(None))) or 0


def count_stale_listings(cutoff: datetime) -> int:
    return session.scalar(select(func.count()).where(Listing.last_checked_at <= cutoff)) or 0


def recent_moderation_decisions(limit: int = 50) -> list[ListingRevision]:
    query = select(ListingRevision).where(ListingRevision.decided_at.is_not(None))
    return list(session.scalars(query.order_by(ListingRevision.decided_at.desc()).limit(limit)))


def listings_checked_before(cutoff: datetime) -> list[Listing]:
    query = select(Listing).where(Listing.last_checked_at <= cutoff).order_by(Listing.last_checked_at)
    return list(session.scalars(query))


def listings_open_to_referrals() -> list[Listing]:
    """Active listings of organisations on the portal: the groups a link worker can refer to."""
    query = (
        select(Listing)
        .join(Organisation, Organisation.id == Listing.organisation_id)
        .where(Organisation.status == OrganisationStatus.APPROVED, Listing.status == ListingStatus.ACTIVE)
        .order_by(Listing.name)
    )
    return list(session.scalars(query))
