"""Whose referrals a report counts: a coordinator's choice of team and area over the whole
scheme; a link worker only ever their own caseload (the referrals they hold)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.accounts.models import Role, User


@dataclass(frozen=True)
class Scope:
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    team_id: int | None = None
    area: str = ""
    holder_id: int | None = None  # a link worker's own caseload


def scope_for(user: User, start: datetime, end: datetime, team_id: int | None, area: str) -> Scope:
    holder = None if Role(user.role) == Role.COORDINATOR else user.id
    return Scope(start, end, team_id, area, holder)
