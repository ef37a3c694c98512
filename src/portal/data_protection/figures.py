"""The counts the scheme's reports are built from, worked out only from what anonymising keeps:
retention must leave every one of them as it was."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.data_protection.sources import age_band
from portal.organisations.models import GroupReferral
from portal.referrals.models import Referral
from portal.triage.models import ContactAttempt, WellbeingScore


def reporting_totals(db: Session) -> dict[str, Any]:
    referrals: Counter[tuple[Any, ...]] = Counter()
    for referral in db.scalars(select(Referral)):
        band = referral.age_band or age_band(referral.date_of_birth, referral.submitted_at.date())
        referrals[
            (
                referral.submitted_at.year,
                referral.kind,
                referral.source,
                referral.team_id,
                referral.outward_code,
                referral.status,
                referral.closing_reason,
                band,
                tuple(referral.needs or ()),
            )
        ] += 1
    return {
        "referrals": referrals,
        "contact_attempts": dict(db.execute(select(ContactAttempt.outcome, func.count()).group_by("outcome")).all()),
        "scores": dict(
            db.execute(select(WellbeingScore.stage, func.sum(WellbeingScore.score)).group_by("stage")).all()
        ),
        "group_referrals": dict(db.execute(select(GroupReferral.status, func.count()).group_by("status")).all()),
    }
