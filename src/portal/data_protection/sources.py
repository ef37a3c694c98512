"""The record sources the portal's own features hold about a person (see `registry`).

Anonymising keeps what reports count (dates, route, team, area outward code, status, closing
reason, scores, contact attempts' method and outcome, age band, the postcode's deprivation
decile) and removes names, contact details, answers and what staff wrote. Gender and ethnic
group go too: they are special category data, and reports about periods that old do without
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask import Flask
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.data_protection.registry import RecordSource, add_record_source
from portal.db import utcnow
from portal.followups.models import FollowUp
from portal.geo.models import Postcode
from portal.organisations.records import GroupReferral
from portal.outbox.models import OutboxMessage
from portal.referrals.models import Referral
from portal.triage.models import Assessment, CaseNote, PlanAction, WellbeingPlan

AGE_BANDS = ((18, "under_18"), (25, "18_24"), (35, "25_34"), (50, "35_49"), (65, "50_64"), (75, "65_74"))


def age_band(born: date | None, on: date) -> str | None:
    """The band reports count by, worked out before the date of birth goes."""
    if born is None:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next((band for below, band in AGE_BANDS if age < below), "75_and_over")


def _ids(referrals: Sequence[Referral]) -> list[int]:
    return [referral.id for referral in referrals]


def _deprivation_deciles(db: Session, referrals: Sequence[Referral]) -> dict[str, int]:
    postcodes = {referral.postcode for referral in referrals if referral.postcode}
    query = select(Postcode.postcode, Postcode.imd_decile).where(
        Postcode.postcode.in_(postcodes), Postcode.imd_decile.is_not(None)
    )
    return {postcode: decile for postcode, decile in db.execute(query) if decile is not None} if postcodes else {}


def anonymise_referrals(db: Session, referrals: Sequence[Referral]) -> None:
    now = utcnow()
    deciles = _deprivation_deciles(db, referrals)
    for referral in referrals:
        referral.age_band = referral.age_band or age_band(referral.date_of_birth, referral.submitted_at.date())
        referral.deprivation_decile = referral.deprivation_decile or deciles.get(referral.postcode or "")
        referral.erase_personal_details(now)
        referral.version += 1
    db.flush()


def anonymise_case_work(db: Session, referrals: Sequence[Referral]) -> None:
    ids = _ids(referrals)
    for model, values in (
        (CaseNote, {"body": "", "escalated_to": None}),
        (Assessment, {"needs": "", "strengths": None, "barriers_detail": None, "existing_support": None}),
        (WellbeingPlan, {"goals": ""}),
        (PlanAction, {"what": "", "who": ""}),
    ):
        db.execute(update(model).where(model.referral_id.in_(ids)).values(**values))


def anonymise_group_referrals(db: Session, referrals: Sequence[Referral]) -> None:
    ids = _ids(referrals)
    db.execute(
        update(GroupReferral)
        .where(GroupReferral.referral_id.in_(ids))
        .values(person_name="", preferred_contact="", note="", decline_reason="")
    )


def anonymise_messages(db: Session, referrals: Sequence[Referral]) -> None:
    """Messages to the person are found by the keys they were queued with (one per referral)."""
    prefixes = [OutboxMessage.dedupe_key.startswith(f"referral-{r.reference}-") for r in referrals]
    group_ids = db.scalars(select(FollowUp.group_referral_id).where(FollowUp.referral_id.in_(_ids(referrals)))).all()
    follow_ups = OutboxMessage.dedupe_key.in_([f"how-did-it-go:{group_id}" for group_id in group_ids])
    if prefixes or group_ids:
        db.execute(
            update(OutboxMessage)
            .where(or_(*prefixes, follow_ups))
            .values(recipient="", context={})
            .execution_options(synchronize_session=False)
        )


BUILT_IN = (
    RecordSource("referral", anonymise_referrals, order=0),
    RecordSource("case_work", anonymise_case_work, order=10),
    RecordSource("group_referrals", anonymise_group_referrals, order=20),
    RecordSource("messages", anonymise_messages, order=30),
)


def init_app(app: Flask) -> None:
    for source in BUILT_IN:
        add_record_source(app, source)
