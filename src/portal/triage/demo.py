"""Demonstration case work: the demo link worker holds a few of the demo referrals, with
contact attempts, notes, and for one of them an assessment, a plan and baseline wellbeing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.db import utcnow
from portal.referrals.models import Referral, ReferralStatus
from portal.triage.models import (
    Assessment,
    CaseNote,
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    Ons4Question,
    PlanAction,
    WellbeingPlan,
    WellbeingScore,
    WellbeingStage,
)

LINK_WORKER = "link.worker@demo.example"
# Demo referral token: (status, contact outcomes, note)
CASES = {
    "demo-referral-1": (ReferralStatus.CONTACT_ATTEMPTED, [ContactOutcome.NO_ANSWER], "Texted to arrange a call."),
    "demo-referral-4": (ReferralStatus.IN_TRIAGE, [], "Read the referral; will call her daughter tomorrow."),
    "demo-referral-5": (
        ReferralStatus.IN_SUPPORT,
        [ContactOutcome.VOICEMAIL, ContactOutcome.SPOKE],
        "Spoke for 30 minutes. Keen to get walking again; would like Welsh-speaking groups.",
    ),
}
BASELINE = {
    Ons4Question.LIFE_SATISFACTION: 4,
    Ons4Question.WORTHWHILE: 5,
    Ons4Question.HAPPINESS: 4,
    Ons4Question.ANXIETY: 7,
}


def load_demo(db: Session) -> list[str]:
    worker = db.scalar(select(User).where(User.email == LINK_WORKER))
    if worker is None:
        return ["Triage: no demo link worker, so no demo case work."]
    referrals = db.scalars(select(Referral).where(Referral.submission_token.in_(CASES))).all()
    taken = [referral for referral in referrals if referral.holder_id is None]
    for referral in taken:
        _work(db, referral, worker)
    return [f"Triage: {len(taken)} demo referrals taken by {LINK_WORKER}, with contact attempts and notes."]


def _work(db: Session, referral: Referral, worker: User) -> None:
    status, outcomes, note = CASES[referral.submission_token]
    now = utcnow()
    referral.holder_id, referral.claimed_at, referral.status = worker.id, now - timedelta(hours=1), status
    if status == ReferralStatus.CONTACT_ATTEMPTED:
        referral.paused_at = now
    for number, outcome in enumerate(outcomes):
        made_at = now - timedelta(minutes=50 - 10 * number)
        method = ContactMethod.SMS if outcome == ContactOutcome.TEXT_SENT else ContactMethod.PHONE
        db.add(ContactAttempt(referral_id=referral.id, made_by_id=worker.id, made_at=made_at, method=method,
                              outcome=outcome))  # fmt: skip
    db.add(CaseNote(referral_id=referral.id, author_id=worker.id, written_at=now, body=note))
    if status == ReferralStatus.IN_SUPPORT:
        _what_matters(db, referral, worker)
    db.flush()


def _what_matters(db: Session, referral: Referral, worker: User) -> None:
    review_on = (utcnow() + timedelta(weeks=6)).date()
    referral.next_review_on = review_on
    db.add(Assessment(referral_id=referral.id, needs="Getting active again after a knee operation; meeting people.",
                      strengths="Used to run; knows the area well.", barriers=["confidence", "transport"],
                      existing_support="Neighbour checks in weekly.", updated_by_id=worker.id))  # fmt: skip
    db.add(WellbeingPlan(referral_id=referral.id, goals="Walk with a group once a week.", review_on=review_on,
                         updated_by_id=worker.id))  # fmt: skip
    db.add(PlanAction(referral_id=referral.id, what="Try the Tuesday health walk", who="Dafydd",
                      by_when=review_on - timedelta(weeks=4), added_by_id=worker.id))  # fmt: skip
    for question, score in BASELINE.items():
        db.add(WellbeingScore(referral_id=referral.id, stage=WellbeingStage.BASELINE, question=question, score=score,
                              recorded_by_id=worker.id))  # fmt: skip
