"""The organisations feature's object lookups: the record or a 404, and, for organisation
editors, only their own organisation's records (another organisation's also gives 404)."""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from sqlalchemy import select

from portal.accounts.access import refuse_access, require_same_organisation
from portal.db import Base, session
from portal.directory.models import Listing
from portal.organisations.models import (
    GroupReferral,
    JoinRequest,
    ListingRevision,
    Organisation,
    OrganisationStatus,
    ProblemReport,
)
from portal.referrals.models import Referral

Record = TypeVar("Record", bound=Base)


def found_or_404(model: type[Record], record_id: int) -> Record:
    found = session.get(model, record_id)
    if found is None:
        abort(404)
    return found


def approved_organisation_or_404(slug: str) -> Organisation:
    query = select(Organisation).where(Organisation.slug == slug, Organisation.status == OrganisationStatus.APPROVED)
    found = session.scalars(query).first()
    if found is None:
        abort(404)
    return found


def request_or_404(request_id: int) -> JoinRequest:
    return found_or_404(JoinRequest, request_id)


def revision_or_404(revision_id: int) -> ListingRevision:
    return found_or_404(ListingRevision, revision_id)


def organisation_or_404(organisation_id: int) -> Organisation:
    return found_or_404(Organisation, organisation_id)


def referral_or_404(referral_id: int) -> Referral:
    return found_or_404(Referral, referral_id)


def own_listing_or_404(listing_id: int) -> Listing:
    """A published listing the signed-in person may edit."""
    listing = found_or_404(Listing, listing_id)
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
    revision = revision_or_404(revision_id)
    require_same_organisation(revision.organisation_id)
    return revision


def own_problem_or_404(problem_id: int) -> ProblemReport:
    """A reported problem with one of the signed-in editor's listings (coordinators: any)."""
    problem = found_or_404(ProblemReport, problem_id)
    require_same_organisation(problem.listing.organisation_id)
    return problem


def own_group_referral_or_404(group_referral_id: int) -> GroupReferral:
    found = found_or_404(GroupReferral, group_referral_id)
    require_same_organisation(found.organisation_id)
    return found
