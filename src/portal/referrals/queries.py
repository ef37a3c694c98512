"""Reading referrals back: by the journey's one-time token, and by reference."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.referrals.models import Referral


def referral_sent_with(submission_token: str | None) -> Referral | None:
    if not submission_token:
        return None
    return session.scalar(select(Referral).where(Referral.submission_token == submission_token))


def referral_by_reference(reference: str | None) -> Referral | None:
    if not reference:
        return None
    return session.scalar(select(Referral).where(Referral.reference == reference))
