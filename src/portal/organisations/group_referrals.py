"""Closed-loop referrals to groups. A link worker refers a person to a listing, with the
person's consent, sharing only their name, their preferred contact and a note; the
organisation accepts, declines (with a reason), and says whether they came. Every change is
audited, and the triage case page shows it (`for_referral`)."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.clock import now as time_now
from portal.db import session, utcnow
from portal.directory.models import Listing
from portal.directory.space import is_full
from portal.followups import clock
from portal.organisations.models import GroupReferral
from portal.organisations.models import GroupReferralStatus as Status
from portal.referrals.models import Referral

# What an organisation may do next, from each status.
NEXT = {
    Status.SENT: (Status.ACCEPTED, Status.DECLINED),
    Status.ACCEPTED: (Status.ATTENDED, Status.DID_NOT_ATTEND),
}


class GroupReferralProblem(Exception):
    pass


def preferred_contact(referral: Referral) -> str:
    """The one way to reach the person that they chose, as they typed it."""
    if referral.contact_channel == "email":
        return referral.email_as_typed or referral.email or ""
    return referral.phone_as_typed or referral.phone or ""


def refer_to_group(
    referral: Referral,
    listing: Listing,
    *,
    note: str,
    contact: str,
    consent: bool,
    by: User,
    knowing_it_is_full: bool = False,
) -> GroupReferral:
    """Sent with a deadline for the group's answer; a full group only when the link worker
    chose to send it anyway."""
    if not consent:
        raise GroupReferralProblem("the person has not agreed")
    if is_full(listing) and not knowing_it_is_full:
        raise GroupReferralProblem("the group is full")
    now = time_now()  # the group's answer time is counted from here
    group_referral = GroupReferral(
        referral_id=referral.id,
        listing_id=listing.id,
        organisation_id=listing.organisation_id,
        person_name=referral.full_name or "",
        preferred_contact=contact,
        note=note,
        consent_recorded_at=utcnow(),
        referred_by_id=by.id,
        sent_while_full=is_full(listing),
        created_at=now,
    )
    clock.start_clock(group_referral, clock.answer_working_days(listing.organisation), now)
    session.add(group_referral)
    session.flush()
    record_event(
        "group_referral.sent",
        "group_referral",
        group_referral.id,
        {"referral": referral.reference, "listing_id": listing.id},
    )
    return group_referral


def change_status(group_referral: GroupReferral, status: Status, reason: str = "") -> None:
    if status not in NEXT.get(group_referral.status, ()):
        raise GroupReferralProblem(f"cannot go from {group_referral.status} to {status}")
    now = time_now()
    if group_referral.status == Status.SENT:
        group_referral.answered_at = group_referral.answered_at or now
    if status == Status.ACCEPTED:
        group_referral.first_session_at = clock.first_session_after(group_referral.listing, now)
    group_referral.status, group_referral.status_changed_at = status, utcnow()
    group_referral.decline_reason = reason if status == Status.DECLINED else ""
    record_event(f"group_referral.{status}", "group_referral", group_referral.id, {"reason": reason})


def inbox(organisation_id: int) -> list[GroupReferral]:
    query = select(GroupReferral).where(GroupReferral.organisation_id == organisation_id)
    return list(session.scalars(query.order_by(GroupReferral.created_at.desc())))


def waiting_for_an_answer(organisation_id: int) -> int:
    query = select(func.count()).where(
        GroupReferral.organisation_id == organisation_id, GroupReferral.status == Status.SENT
    )
    return session.scalar(query) or 0


def for_referral(referral_id: int) -> list[GroupReferral]:
    query = select(GroupReferral).where(GroupReferral.referral_id == referral_id)
    return list(session.scalars(query.order_by(GroupReferral.id)))
