"""Reads for the reports about people: what they asked for help with, what could get in the way,
and who the scheme reaches. Counts only, never a person's details."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String, case, cast, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import ColumnElement

from portal.db import session
from portal.geo.models import Postcode
from portal.organisations.models import GroupReferral
from portal.referrals.models import Referral
from portal.reports.access import Scope
from portal.reports.queries import _in_scope
from portal.triage.models import Assessment


def _has(column: InstrumentedAttribute[list[str]], code: str) -> ColumnElement[bool]:
    """A JSON list column holds `code` (the list is stored as text on both databases)."""
    return cast(column, String).like(f'%"{code}"%')


def need_counts(scope: Scope, codes: list[str], *, without_group_referral: bool = False) -> dict[str, int]:
    """Referrals received in the period asking for help with each need; optionally only those
    no group referral was made for (so far)."""
    conditions = _in_scope(scope)
    if without_group_referral:
        conditions.append(~exists().where(GroupReferral.referral_id == Referral.id))
    sums = [func.coalesce(func.sum(case((_has(Referral.needs, code), 1), else_=0)), 0) for code in codes]
    row = session.execute(select(func.count(), *sums).where(*conditions)).one()
    return {"": row[0], **dict(zip(codes, row[1:], strict=True))}


def barrier_counts(scope: Scope, codes: list[str]) -> dict[str, int]:
    """Assessments of the referrals received in the period, and how many named each barrier."""
    sums = [func.coalesce(func.sum(case((_has(Assessment.barriers, code), 1), else_=0)), 0) for code in codes]
    query = select(func.count(), *sums).join(Referral, Referral.id == Assessment.referral_id).where(*_in_scope(scope))
    row = session.execute(query).one()
    return {"": row[0], **dict(zip(codes, row[1:], strict=True))}


def referral_ages(scope: Scope) -> list[tuple[str | None, date | None, datetime]]:
    """Each referral's kept age band, or its date of birth and when it came."""
    query = select(Referral.age_band, Referral.date_of_birth, Referral.submitted_at).where(*_in_scope(scope))
    return [(band, born, at) for band, born, at in session.execute(query)]


COUNTED_BY = {"gender": Referral.gender, "ethnic_group": Referral.ethnic_group, "outward_code": Referral.outward_code}


def counts_by(scope: Scope, name: str) -> dict[str | None, int]:
    """Referrals received in the period by one of `COUNTED_BY`'s columns."""
    column = COUNTED_BY[name]
    query = select(column, func.count()).where(*_in_scope(scope)).group_by(column)
    return {value: count for value, count in session.execute(query)}


def deprivation_deciles(scope: Scope) -> dict[int | None, int]:
    """By the decile kept when the postcode went, else the postcode's own."""
    decile = func.coalesce(Referral.deprivation_decile, Postcode.imd_decile)
    query = (
        select(decile, func.count())
        .outerjoin(Postcode, Postcode.postcode == Referral.postcode)
        .where(*_in_scope(scope))
        .group_by(decile)
    )
    return {value: count for value, count in session.execute(query)}


def deciles_loaded() -> bool:
    return session.scalar(select(exists().where(Postcode.imd_decile.is_not(None)))) or False
