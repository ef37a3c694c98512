"""What matters to the person: the assessment, the wellbeing plan and ONS4 wellbeing scores.

Changes go through `services.check_version` like every other case change, and are audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal import clock
from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.db import session
from portal.referrals.models import Referral
from portal.triage.models import (
    Assessment,
    Ons4Question,
    PlanAction,
    WellbeingPlan,
    WellbeingScore,
    WellbeingStage,
)
from portal.triage.services import SUBJECT, check_version


@dataclass(frozen=True)
class AssessmentAnswers:
    needs: str
    strengths: str | None
    barriers: list[str]
    barriers_detail: str | None
    existing_support: str | None


def assessment_of(referral: Referral) -> Assessment | None:
    return session.scalar(select(Assessment).where(Assessment.referral_id == referral.id))


def plan_of(referral: Referral) -> WellbeingPlan | None:
    return session.scalar(select(WellbeingPlan).where(WellbeingPlan.referral_id == referral.id))


def actions_of(referral: Referral) -> Sequence[PlanAction]:
    query = select(PlanAction).where(PlanAction.referral_id == referral.id)
    return session.scalars(query.order_by(PlanAction.by_when.is_(None), PlanAction.by_when, PlanAction.id)).all()


def scores_of(referral: Referral) -> dict[tuple[WellbeingStage, Ons4Question], int]:
    rows = session.scalars(select(WellbeingScore).where(WellbeingScore.referral_id == referral.id))
    return {(WellbeingStage(row.stage), Ons4Question(row.question)): row.score for row in rows}


def save_assessment(referral: Referral, shown: int, answers: AssessmentAnswers, by: User) -> None:
    check_version(referral, shown)
    assessment = assessment_of(referral) or Assessment(referral_id=referral.id)
    assessment.needs = answers.needs
    assessment.strengths = answers.strengths
    assessment.barriers = list(answers.barriers)
    assessment.barriers_detail = answers.barriers_detail
    assessment.existing_support = answers.existing_support
    assessment.updated_by_id = by.id
    session.add(assessment)
    session.flush()
    record_event("triage.assessment_saved", SUBJECT, referral.reference, {"barriers": answers.barriers})


def save_plan(referral: Referral, shown: int, goals: str, review_on: date | None, by: User) -> None:
    """The plan's review date is also the case's next review, so the caseload shows it."""
    check_version(referral, shown)
    plan = plan_of(referral) or WellbeingPlan(referral_id=referral.id)
    plan.goals = goals
    plan.review_on = review_on
    plan.updated_by_id = by.id
    if review_on is not None:
        referral.next_review_on = review_on
    session.add(plan)
    session.flush()
    record_event("triage.plan_saved", SUBJECT, referral.reference, {"review_on": review_on and review_on.isoformat()})


def add_action(referral: Referral, shown: int, what: str, who: str, by_when: date | None, by: User) -> None:
    check_version(referral, shown)
    session.add(
        PlanAction(
            referral_id=referral.id, what=what, who=who, by_when=by_when, added_at=clock.now(), added_by_id=by.id
        )
    )
    session.flush()
    record_event("triage.plan_action_added", SUBJECT, referral.reference)


def record_scores(
    referral: Referral, shown: int, stage: WellbeingStage, scores: dict[Ons4Question, int], by: User
) -> None:
    """One row per answer; recording a stage again replaces that stage's answers."""
    check_version(referral, shown)
    kept = {
        Ons4Question(row.question): row
        for row in session.scalars(
            select(WellbeingScore).where(WellbeingScore.referral_id == referral.id, WellbeingScore.stage == stage)
        )
    }
    at = clock.now()
    for question, score in scores.items():
        row = kept.get(question) or WellbeingScore(referral_id=referral.id, stage=stage, question=question)
        row.score, row.recorded_at, row.recorded_by_id = score, at, by.id
        session.add(row)
    session.flush()
    detail = {"stage": stage, **{question.value: score for question, score in scores.items()}}
    record_event("triage.wellbeing_recorded", SUBJECT, referral.reference, detail)


@dataclass(frozen=True)
class ScoreLine:
    """One ONS4 question across the stages, and how it changed since the baseline."""

    question: Ons4Question
    by_stage: dict[WellbeingStage, int | None]

    @property
    def change(self) -> int | None:
        baseline = self.by_stage[WellbeingStage.BASELINE]
        latest = self.by_stage[WellbeingStage.CLOSE]
        if latest is None:
            latest = self.by_stage[WellbeingStage.FOLLOW_UP]
        if baseline is None or latest is None:
            return None
        return latest - baseline

    @property
    def direction(self) -> str:
        """better, worse or same: for anxiety a fall is better."""
        change = self.change
        if not change:
            return "same" if change == 0 else ""
        improved = change > 0 if self.question.higher_is_better else change < 0
        return "better" if improved else "worse"


def score_lines(scores: dict[tuple[WellbeingStage, Ons4Question], int]) -> list[ScoreLine]:
    return [
        ScoreLine(question, {stage: scores.get((stage, question)) for stage in WellbeingStage})
        for question in Ons4Question
    ]
