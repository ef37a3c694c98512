"""Erasing a person on request: the same anonymising as retention, now rather than later.

Never while a safeguarding concern is open on one of their referrals (a referral flagged for
safeguarding and not closed): the record may be needed to keep someone safe, and the law allows
keeping it. Erasing an open referral closes it, as the person no longer wants support.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from portal import clock
from portal.accounts.audit.record import record_event
from portal.data_protection.retention import anonymise
from portal.db import session
from portal.i18n import _l
from portal.referrals.models import Referral, ReferralStatus

DECLINED = "declined"  # the triage closing reason: the person no longer wants support


SAFEGUARDING_OPEN = _l("It cannot be erased while a safeguarding concern is open on it.")


@dataclass(frozen=True)
class ErasureBlocked(Exception):
    reference: str
    reason: Any  # a lazy string, in the words of the page that shows it


def blocked_because(referral: Referral) -> Any:
    """Why the referral cannot be erased now (a lazy string for the coordinator); None: it can."""
    if referral.safeguarding and referral.status != ReferralStatus.CLOSED:
        return SAFEGUARDING_OPEN
    return None


def erase(references: Sequence[str]) -> list[str]:
    """Erases every referral named, or none (ErasureBlocked); the references erased. Added to
    the current session with their audit events: the caller commits."""
    referrals = session.scalars(select(Referral).where(Referral.reference.in_(references))).all()
    for referral in referrals:
        if (reason := blocked_because(referral)) is not None:
            raise ErasureBlocked(referral.reference, reason)
    waiting = [referral for referral in referrals if referral.personal_details_erased_at is None]
    now = clock.now()
    for referral in waiting:
        if referral.status != ReferralStatus.CLOSED:
            referral.status, referral.closing_reason, referral.closed_at = ReferralStatus.CLOSED, DECLINED, now
            referral.holder_id = None
    anonymise(session, waiting)
    for referral in waiting:
        record_event("data_protection.person_erased", "referral", referral.reference)
    return [referral.reference for referral in waiting]
