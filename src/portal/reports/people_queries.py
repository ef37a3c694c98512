"""Reads for the reports about people: what they asked for help with, what could get in the way,
and who the scheme reaches. Counts only, never a person's details."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, case, cast, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import ColumnElement

from portal.db import session
from portal.geo.models import Postcode
from portal.organisations.models import GroupReferral
from portal.referrals.models import Referral
from portal.triage.models import Assessment


def _has(column: InstrumentedAttribute[list[str]], code: str) -> ColumnElement[bool]:
    """A JSON list column holds `code` (the list is stored as text on both databases)."""
    return cast(column, String).like(f'%"{code}"%')


def coded_counts(codes: list[str], *, without_group_referral: bool = False) -> tuple[list[Any], list[Any]]:
    """The conditions and the sums of referrals asking for help with each need; optionally
    only those no group referral was made for (so far)."""
    conditions = [~exists().where(GroupReferral.referral_id == Referral.id)] if without_group_referral else []
    return conditions, [func.coalesce(func.sum(case((_has(Referral.needs, code), 1), else_=0)), 0) for code in codes]


def barrier_sums(codes: list[str]) -> list[Any]:
    """How many assessments named each barrier."""
    return [func.coalesce(func.sum(case((_has(Assessment.barriers, code), 1), else_=0)), 0) for code in codes]


def characteristics(conditions: Sequence[ColumnElement[bool]]) -> Any:
    """Each referral's team, area, kept age band (or date of birth and when it came), gender,
    ethnic group and deprivation decile: the one kept when the postcode went, else the
    postcode's own."""
    decile = func.coalesce(Referral.deprivation_decile, Postcode.imd_decile).label("decile")
    return (
        select(
            Referral.team_id, Referral.outward_code, Referral.age_band, Referral.date_of_birth, Referral.submitted_at,
            Referral.gender, Referral.ethnic_group, decile,
        )
        .outerjoin(Postcode, Postcode.postcode == Referral.postcode)
        .where(*conditions)
    )  # fmt: skip


def deciles_loaded() -> bool:
    return session.scalar(select(exists().where(Postcode.imd_decile.is_not(None)))) or False
