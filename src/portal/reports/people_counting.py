"""The Needs and Who we reach figures of referrals, counted per team and area: by the daily
counting for a day's referrals, and by the reports for what is not counted yet. Both count
with the same queries, so the counts and the live tables give the same numbers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from portal.data_protection.sources import age_band
from portal.referrals import choices
from portal.referrals.models import Referral
from portal.reports import people_queries
from portal.triage.models import Assessment
from portal.triage.what_matters_forms import BARRIERS

NEED_CODES = [str(choice.value) for choice in choices.NEEDS]
BARRIER_CODES = [str(choice.value) for choice in BARRIERS]
NEED, UNREFERRED_NEED, BARRIER = "need", "unreferred_need", "barrier"
AGE, GENDER, ETHNIC_GROUP, AREA, DECILE = "age", "gender", "ethnic_group", "outward_code", "decile"
PersonKey = tuple[int | None, str | None, str, str]  # team, area, dimension, value ("" for all or not known)


def _sums(db: Session, dimension: str, codes: list[str], query: Any) -> Counter[PersonKey]:
    counts: Counter[PersonKey] = Counter()
    for team, area, total, *numbers in db.execute(query.group_by(Referral.team_id, Referral.outward_code)):
        counts[team, area, dimension, ""] += total
        for code, number in zip(codes, numbers, strict=True):
            if number:
                counts[team, area, dimension, code] += number
    return counts


def _coded(db: Session, dimension: str, conditions: Sequence[ColumnElement[bool]]) -> Counter[PersonKey]:
    codes, count = people_queries.coded_counts(NEED_CODES, without_group_referral=dimension == UNREFERRED_NEED)
    query = select(Referral.team_id, Referral.outward_code, func.count(), *count).where(*conditions, *codes)
    return _sums(db, dimension, NEED_CODES, query)


def _barriers(db: Session, conditions: Sequence[ColumnElement[bool]]) -> Counter[PersonKey]:
    query = (
        select(Referral.team_id, Referral.outward_code, func.count(), *people_queries.barrier_sums(BARRIER_CODES))
        .select_from(Assessment)
        .join(Referral, Referral.id == Assessment.referral_id)
        .where(*conditions)
    )
    return _sums(db, BARRIER, BARRIER_CODES, query)


def _characteristics(db: Session, conditions: Sequence[ColumnElement[bool]]) -> Counter[PersonKey]:
    counts: Counter[PersonKey] = Counter()
    for row in db.execute(people_queries.characteristics(conditions)):
        team, area = row.team_id, row.outward_code
        band = row.age_band or age_band(row.date_of_birth, row.submitted_at.date())
        for dimension, value in (
            (AGE, band), (GENDER, row.gender), (ETHNIC_GROUP, row.ethnic_group), (AREA, area), (DECILE, row.decile),
        ):  # fmt: skip
            counts[team, area, dimension, "" if value is None else str(value)] += 1
    return counts


def person_counts(db: Session, conditions: Sequence[ColumnElement[bool]]) -> Counter[PersonKey]:
    """Every figure of the referrals these conditions choose."""
    return (
        _coded(db, NEED, conditions)
        + _coded(db, UNREFERRED_NEED, conditions)
        + _barriers(db, conditions)
        + _characteristics(db, conditions)
    )
