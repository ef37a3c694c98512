"""Reads: what the caseload and queue flag on each case, the cases at the top of the holder's
caseload, the people not heard from, and a listing's response figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect

from portal.accounts.models import User
from portal.db import session
from portal.directory.models import Listing
from portal.followups import clock
from portal.followups.models import FollowUp, ListingResponse
from portal.organisations.models import GroupReferral, Organisation
from portal.organisations.models import GroupReferralStatus as Status
from portal.referrals.models import Referral, ReferralStatus
from portal.triage.models import ContactAttempt, ContactOutcome


@dataclass(frozen=True)
class CaseFlags:
    no_group_answer: bool = False  # a group is past its deadline without answering
    talk_due_at: datetime | None = None  # they asked to talk to someone: call them by then


def waiting_to_talk() -> ColumnElement[bool]:
    """Asked to talk, and nobody has reached them since."""
    reached_since = exists().where(
        ContactAttempt.referral_id == FollowUp.referral_id,
        ContactAttempt.outcome == ContactOutcome.SPOKE,
        ContactAttempt.made_at >= FollowUp.answered_at,
    )
    return and_(FollowUp.contact_due_at.is_not(None), ~reached_since)


def talk_due(referral_id: ColumnElement[int] | InstrumentedAttribute[int]) -> ScalarSelect[datetime | None]:
    """For ordering a caseload: when the person is waiting to be called, else NULL."""
    query = select(func.min(FollowUp.contact_due_at)).where(FollowUp.referral_id == referral_id, waiting_to_talk())
    return query.scalar_subquery()


def case_flags(referral_ids: Collection[int], now: datetime) -> dict[int, CaseFlags]:
    if not referral_ids:
        return {}
    late = session.scalars(
        select(GroupReferral.referral_id).where(
            GroupReferral.referral_id.in_(referral_ids),
            GroupReferral.status == Status.SENT,
            GroupReferral.answer_due_at <= now,
        )
    )
    talk = session.execute(
        select(FollowUp.referral_id, func.min(FollowUp.contact_due_at))
        .where(FollowUp.referral_id.in_(referral_ids), waiting_to_talk())
        .group_by(FollowUp.referral_id)
    )
    no_answer = set(late)
    due = {referral_id: at for referral_id, at in talk}
    return {
        referral_id: CaseFlags(referral_id in no_answer, due.get(referral_id)) for referral_id in no_answer | set(due)
    }


def group_referral_or_none(group_referral_id: int) -> GroupReferral | None:
    return session.get(GroupReferral, group_referral_id)


def organisation_or_none(organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def follow_ups_of(referral_id: int) -> dict[int, FollowUp]:
    """Each of the referral's group referrals' follow-up, by group referral."""
    query = select(FollowUp).where(FollowUp.referral_id == referral_id)
    return {follow_up.group_referral_id: follow_up for follow_up in session.scalars(query)}


def response_of(listing: Listing) -> ListingResponse | None:
    """A listing's figures, only when there are enough referrals behind them to show."""
    found = session.scalar(select(ListingResponse).where(ListingResponse.listing_id == listing.id))
    return found if found is not None and found.referrals >= clock.setting("STATS_MINIMUM") else None


@dataclass(frozen=True)
class QuietCase:
    referral: Referral
    groups: list[str]
    last_heard: datetime  # the latest of: reached by the team, an answer, a referral to a group
    unanswered_since: datetime | None  # asked how it went then, no answer yet

    @property
    def reference(self) -> str:
        return self.referral.reference


def _referred_cases(holder: User | None) -> dict[Referral, list[GroupReferral]]:
    query = (
        select(Referral, GroupReferral)
        .join(GroupReferral, GroupReferral.referral_id == Referral.id)
        .where(
            Referral.status != ReferralStatus.CLOSED,
            Referral.holder_id.is_not(None),
            GroupReferral.status != Status.CANCELLED,
        )
        .order_by(Referral.id, GroupReferral.id)
    )
    if holder is not None:
        query = query.where(Referral.holder_id == holder.id)
    cases: dict[Referral, list[GroupReferral]] = defaultdict(list)
    for referral, group_referral in session.execute(query):
        cases[referral].append(group_referral)
    return cases


def _last_reached(referral_ids: list[int]) -> dict[int, datetime]:
    query = (
        select(ContactAttempt.referral_id, func.max(ContactAttempt.made_at))
        .where(ContactAttempt.referral_id.in_(referral_ids), ContactAttempt.outcome == ContactOutcome.SPOKE)
        .group_by(ContactAttempt.referral_id)
    )
    return {referral_id: at for referral_id, at in session.execute(query)}


def not_heard_from(holder: User | None, now: datetime) -> list[QuietCase]:
    """Open cases referred to a group whose person has not answered the follow-up after
    `FOLLOWUPS_NO_ANSWER_AFTER_DAYS`, or not been heard from in `FOLLOWUPS_QUIET_WEEKS`.
    `holder` None: the whole team's."""
    cases = _referred_cases(holder)
    ids = [referral.id for referral in cases]
    reached = _last_reached(ids) if ids else {}
    follow_ups: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in session.scalars(select(FollowUp).where(FollowUp.referral_id.in_(ids))) if ids else []:
        follow_ups[follow_up.referral_id].append(follow_up)
    quiet_before = now - timedelta(weeks=clock.setting("QUIET_WEEKS"))
    unanswered_before = now - timedelta(days=clock.setting("NO_ANSWER_AFTER_DAYS"))
    found = []
    for referral, group_referrals in cases.items():
        asked = follow_ups[referral.id]
        spoke = reached.get(referral.id)
        heard = [item.created_at for item in group_referrals] + [f.answered_at for f in asked if f.answered_at]
        last_heard = max([*heard, spoke or heard[0]])
        unanswered = [
            f.sent_at
            for f in asked
            if f.answered_at is None and f.sent_at <= unanswered_before and (spoke is None or spoke < f.sent_at)
        ]
        if unanswered or last_heard <= quiet_before:
            names = [item.listing.name for item in group_referrals]
            found.append(QuietCase(referral, names, last_heard, min(unanswered) if unanswered else None))
    return sorted(found, key=lambda case: case.last_heard)
