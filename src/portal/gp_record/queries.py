"""Reads for the GP record: the person's NHS number, consent history, coded events, messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from portal.db import session
from portal.gp_record.models import (
    CaseIdentity,
    CaseReferrer,
    ClinicalCode,
    CodedEvent,
    GpConsent,
    GpMessage,
    MessageStatus,
)
from portal.practices.models import GpPractice


def identity_of(referral_id: int) -> CaseIdentity | None:
    return session.get(CaseIdentity, referral_id)


def referrer_of(referral_id: int) -> CaseReferrer | None:
    return session.get(CaseReferrer, referral_id)


def consents_of(referral_id: int) -> list[GpConsent]:
    """Newest first: the first is the person's answer now."""
    query = select(GpConsent).where(GpConsent.referral_id == referral_id)
    return list(session.scalars(query.order_by(GpConsent.recorded_at.desc(), GpConsent.id.desc())))


def code_for(event: str) -> ClinicalCode | None:
    return session.scalar(select(ClinicalCode).where(ClinicalCode.event == event))


def coded_events_of(referral_id: int) -> list[CodedEvent]:
    query = select(CodedEvent).where(CodedEvent.referral_id == referral_id)
    return list(session.scalars(query.order_by(CodedEvent.recorded_at, CodedEvent.id)))


def messages_of(referral_id: int) -> list[GpMessage]:
    query = select(GpMessage).where(GpMessage.referral_id == referral_id)
    return list(session.scalars(query.order_by(GpMessage.created_at.desc(), GpMessage.id.desc())))


def practice(ods_code: str | None) -> GpPractice | None:
    if not ods_code:
        return None
    return session.scalar(select(GpPractice).where(GpPractice.ods_code == ods_code))


def due_mesh_messages(now: datetime) -> list[GpMessage]:
    query = select(GpMessage).where(
        GpMessage.route == "mesh", GpMessage.status == MessageStatus.PENDING, GpMessage.next_attempt_at <= now
    )
    return list(session.scalars(query.order_by(GpMessage.id)))


def awaiting_acknowledgement() -> list[GpMessage]:
    query = select(GpMessage).where(GpMessage.route == "mesh", GpMessage.status == MessageStatus.SENT)
    return list(session.scalars(query.order_by(GpMessage.id)))


def events_sent_by_practice() -> list[tuple[str, str, str, int]]:
    """For reconciliation: practice, code, term and how many were sent."""
    query = (
        select(CodedEvent.sent_to_practice, ClinicalCode.code, ClinicalCode.term, func.count(CodedEvent.id))
        .join(ClinicalCode, ClinicalCode.code == CodedEvent.code)
        .where(CodedEvent.sent_to_practice.is_not(None))
        .group_by(CodedEvent.sent_to_practice, ClinicalCode.code, ClinicalCode.term)
        .order_by(CodedEvent.sent_to_practice, ClinicalCode.code)
    )
    return [(str(row[0]), row[1], row[2], int(row[3])) for row in session.execute(query)]


def ons4_scores(referral_id: int) -> dict[str, dict[str, int]]:
    """Stage: question: score."""
    from portal.triage.models import WellbeingScore

    found: dict[str, dict[str, int]] = {}
    for score in session.scalars(select(WellbeingScore).where(WellbeingScore.referral_id == referral_id)):
        found.setdefault(str(score.stage), {})[str(score.question)] = score.score
    return found


def group_referrals_of(referral_id: int) -> list[tuple[str, str]]:
    """Each group referred to (the listing's name) and what became of it."""
    from portal.directory.models import Listing
    from portal.organisations.models import GroupReferral

    query = (
        select(Listing.name, GroupReferral.status)
        .join(Listing, Listing.id == GroupReferral.listing_id)
        .where(GroupReferral.referral_id == referral_id)
        .order_by(GroupReferral.id)
    )
    return [(row[0], str(row[1])) for row in session.execute(query)]


def mailbox_of(ods_code: str) -> str | None:
    from portal.gp_record.models import PracticeMailbox

    found = session.get(PracticeMailbox, ods_code)
    return found.mailbox if found else None
