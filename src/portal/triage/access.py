"""The triage feature's guards: who may change a case, and finding a referral or 404. Other
features that act on a case (referring the person to a group, chasing that group) use these."""

from __future__ import annotations

from flask import abort

from portal.accounts.access import refuse_access, signed_in
from portal.accounts.models import Role, User
from portal.referrals.models import Referral, ReferralStatus
from portal.triage import queries

REFERENCE_LENGTH = 8


def referral_or_404(reference: str) -> Referral:
    referral = queries.referral_by_reference(reference) if len(reference) <= REFERENCE_LENGTH else None
    if referral is None:
        abort(404)
    return referral


def _holds_or_coordinates(referral: Referral, user: User) -> bool:
    return Role(user.role) == Role.COORDINATOR or referral.holder_id == user.id


def may_change(referral: Referral, user: User) -> bool:
    """Only the link worker holding an open referral, or a coordinator, changes it (or refers
    the person on); any link worker may read it."""
    return referral.status != ReferralStatus.CLOSED and _holds_or_coordinates(referral, user)


def require_may_change(referral: Referral) -> None:
    """`may_change` for a request: 403 for someone else's referral, 409 once it is closed."""
    if not _holds_or_coordinates(referral, signed_in()):
        refuse_access()
    if referral.status == ReferralStatus.CLOSED:
        refuse_access(409)


def changeable_referral_or_404(reference: str) -> Referral:
    """The referral a change is about, once `require_may_change` lets this person make it."""
    referral = referral_or_404(reference)
    require_may_change(referral)
    return referral
