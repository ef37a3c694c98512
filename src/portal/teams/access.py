"""Who may take which referral: the rights of one person, worked out once per request.

A coordinator may take any referral. Anyone else may take a referral of a team they are in,
unless it was routed to a role in that team they do not have; a referral not routed to any team
(there is no default rule, or it came before the teams) is anyone's to take.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy.sql import ColumnElement

from portal.accounts.models import Role, User
from portal.referrals.models import Referral
from portal.teams.queries import memberships_of


@dataclass(frozen=True)
class TakeRights:
    coordinator: bool
    roles_by_team: dict[int, str]  # team id: my role in it

    @property
    def team_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.roles_by_team))

    def is_member(self, team_id: int | None) -> bool:
        return team_id is not None and team_id in self.roles_by_team

    def may_take(self, referral: Referral) -> bool:
        if self.coordinator or referral.team_id is None:
            return True
        role = self.roles_by_team.get(referral.team_id)
        return role is not None and referral.care_role in (None, role)

    def takeable(self) -> ColumnElement[bool] | None:
        """`may_take` as a condition for Take next (None: no limit)."""
        if self.coordinator:
            return None
        mine = [
            (Referral.team_id == team_id) & (Referral.care_role.is_(None) | (Referral.care_role == role))
            for team_id, role in sorted(self.roles_by_team.items())
        ]
        return or_(Referral.team_id.is_(None), *mine)


def rights_of(user: User) -> TakeRights:
    return TakeRights(
        coordinator=Role(user.role) == Role.COORDINATOR,
        roles_by_team={membership.team_id: str(membership.care_role) for membership in memberships_of(user)},
    )
