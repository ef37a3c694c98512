"""Reads of the practice list."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import cast

from flask import g
from sqlalchemy import select

from portal.config import current_scheme
from portal.db import session
from portal.practices.models import GpPractice, PracticeStatus


def practices_in(outward_codes: Collection[str]) -> Sequence[GpPractice]:
    """The open practices of an area, by name: what a person chooses from."""
    query = select(GpPractice).where(
        GpPractice.status == PracticeStatus.ACTIVE, GpPractice.outward_code.in_(sorted(outward_codes))
    )
    return session.scalars(query.order_by(GpPractice.name, GpPractice.ods_code)).all()


def area_practices() -> Sequence[GpPractice]:
    """The practices of the scheme's area, read once per request (the journey asks often)."""
    if "area_practices" not in g:
        g.area_practices = practices_in(current_scheme().outward_codes)
    return cast(Sequence[GpPractice], g.area_practices)


def practice_by_code(ods_code: str) -> GpPractice | None:
    return session.scalar(select(GpPractice).where(GpPractice.ods_code == ods_code.strip().upper()))


def practices_by_codes(ods_codes: Collection[str]) -> Sequence[GpPractice]:
    if not ods_codes:
        return []
    query = select(GpPractice).where(GpPractice.ods_code.in_(sorted(ods_codes)))
    return session.scalars(query.order_by(GpPractice.name)).all()


def all_practices() -> Sequence[GpPractice]:
    return session.scalars(select(GpPractice).order_by(GpPractice.outward_code, GpPractice.name)).all()
