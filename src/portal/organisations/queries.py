"""Reading organisations, requests, listings and revisions for pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import func, select

from portal.accounts.access import refuse_access, require_same_organisation
from portal.accounts.models import Role, User
from portal.db import session
from portal.directory.models import Listing
from portal.organisations.models import Organisation, OrganisationStatus
from portal.organisations.records import JoinRequest, ListingRevision, ProblemReport, RequestState, RevisionState


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


def request_or_404(request_id: int) -> JoinRequest:
    found = session.get(JoinRequest, request_id)
    if found is None:
        abort(404)
    return found


def approved_organisations() -> list[Organisation]:
    query = select(Organisation).where(Organisation.status == OrganisationStatus.APPROVED).order_by(Organisation.name)
    return list(session.scalars(query))


def active_editors(organisation_id: int) -> list[User]:
    """Who hears about the organisation's listings and referrals: its editors still active."""
    query = select(User).where(User.organisation_id == organisation_id, User.role == Role.ORG_EDITOR, User.active)
    return list(session.scalars(query.order_by(User.id)))


def own_listing_or_404(listing_id: int) -> Listing:
    """A published listing the signed-in person may edit (editors of another organisation get 404)."""
    listing = session.get(Listing, listing_id)
    if listing is None:
        abort(404)
    require_same_organisation(listing.organisation_id)
    return listing


def editable_listing_or_404(listing_id: int) -> Listing:
    """A listing the signed-in person may change. An imported listing belongs to the directory
    it came from until a coordinator takes it over (`flask directory take-over`): until then
    nobody changes it here, as the next import would undo the change."""
    listing = own_listing_or_404(listing_id)
    if listing.source is not None and listing.taken_over_at is None:
        refuse_access(403)
    return listing


def own_revision_or_404(revision_id: int) -> ListingRevision:
    revision = session.get(ListingRevision, revision_id)
    if revision is None:
        abort(404)
    require_same_organisation(revision.organisation_id)
    return revision


def own_problem_or_404(problem_id: int) -> ProblemReport:
    """A reported problem with one of the signed-in editor's listings (coordinators: any)."""
    problem = session.get(ProblemReport, problem_id)
    if problem is None:
        abort(404)
    require_same_organisation(problem.listing.organisation_id)
    return problem


def latest_unpublished(organisation_id: int, listing_id: int | None) -> ListingRevision | None:
    query = select(ListingRevision).where(
        ListingRevision.organisation_id == organisation_id,
        ListingRevision.listing_id == listing_id if listing_id else ListingRevision.listing_id.is_(None),
        ListingRevision.state.in_((RevisionState.WAITING, RevisionState.SENT_BACK)),
    )
    return session.scalars(query.order_by(ListingRevision.id.desc())).first()


def dashboard_rows(organisation_id: int, stale_before: datetime) -> list[DashboardRow]:
    listings = session.scalars(select(Listing).where(Listing.organisation_id == organisation_id).order_by(Listing.name))
    rows = []
    for listing in listings:
        pending = latest_unpublished(organisation_id, listing.id)
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
    new = session.scalars(
        select(ListingRevision).where(
            ListingRevision.organisation_id == organisation_id,
            ListingRevision.listing_id.is_(None),
            ListingRevision.state.in_((RevisionState.WAITING, RevisionState.SENT_BACK)),
        )
    )
    for revision in new:
        rows.append(
            DashboardRow(
                revision.name, str(revision.state), None, None, revision.id, revision.state == RevisionState.SENT_BACK
            )
        )
    return rows


def count_waiting_revisions() -> int:
    return session.scalar(select(func.count()).where(ListingRevision.state == RevisionState.WAITING)) or 0


def count_open_problems() -> int:
    return session.scalar(select(func.count()).where(ProblemReport.resolved_at.is_(None))) or 0


def count_stale_listings(cutoff: datetime) -> int:
    return session.scalar(select(func.count()).where(Listing.last_checked_at <= cutoff)) or 0
