"""Which referrals a queue page shows: the person's own teams, one team, or every team.

A link worker sees their own teams' referrals by default (and any routed to no team), and may
switch to another team's queue, read-only. A coordinator sees every team by default; so does
anyone who is in no team.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy.sql import ColumnElement

from portal.referrals.models import Referral
from portal.teams.access import TakeRights
from portal.teams.models import Team

MINE = "mine"
ALL = "all"


@dataclass(frozen=True)
class QueueScope:
    key: str  # MINE, ALL or a team's slug
    default_key: str
    team: Team | None = None  # when one team is shown
    team_ids: tuple[int, ...] | None = None  # None: every team, and referrals in none
    read_only: bool = False  # one team's queue, shown to someone not in it

    @property
    def query_value(self) -> str:
        """The `team` parameter of the queue's URL: empty for the default."""
        return "" if self.key == self.default_key else self.key

    def condition(self) -> ColumnElement[bool] | None:
        if self.team_ids is None:
            return None
        in_teams = Referral.team_id.in_(self.team_ids)
        return or_(in_teams, Referral.team_id.is_(None)) if self.key == MINE else in_teams


def queue_scope(key: str, rights: TakeRights, teams: Sequence[Team]) -> QueueScope:
    """An unknown key (a team since renamed, a mistyped link) shows the default."""
    default = MINE if rights.team_ids and not rights.coordinator else ALL
    chosen = next((team for team in teams if team.slug == key), None)
    if chosen is not None:
        read_only = not (rights.coordinator or rights.is_member(chosen.id))
        return QueueScope(chosen.slug, default, chosen, (chosen.id,), read_only)
    resolved = key if key in (MINE, ALL) else default
    if resolved == MINE and rights.team_ids:
        return QueueScope(MINE, default, team_ids=rights.team_ids)
    return QueueScope(ALL, default)
