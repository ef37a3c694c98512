"""Reads for teams, memberships, rules and transfers, and the per-team counts of the queue."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, literal_column, select

from portal.accounts.models import STAFF_ROLES, User
from portal.db import session
from portal.referrals.models import OPEN_STATUSES, Referral, ReferralStatus
from portal.teams.models import ReferralTransfer, RoutingRule, Team, TeamMembership
from portal.teams.routing import in_order

# As `portal.triage.queries.OPEN`: a literal, so the partial indexes are seen to match.
OPEN = Referral.status.op("<>", is_comparison=True)(literal_column(f"'{ReferralStatus.CLOSED.value}'"))


def all_teams() -> Sequence[Team]:
    return session.scalars(select(Team).order_by(Team.name)).all()


def team_by_slug(slug: str) -> Team | None:
    return session.scalar(select(Team).where(Team.slug == slug))


def team_by_name(name: str) -> Team | None:
    """Case-insensitively, as a person types it on the command line."""
    return session.scalar(select(Team).where(func.lower(Team.name) == name.strip().lower()))


def memberships_of(user: User) -> Sequence[TeamMembership]:
    query = select(TeamMembership).join(Team).where(TeamMembership.user_id == user.id).order_by(Team.name)
    return session.scalars(query).all()


def members_of(team: Team) -> Sequence[TeamMembership]:
    query = select(TeamMembership).join(User).where(TeamMembership.team_id == team.id).order_by(User.name)
    return session.scalars(query).all()


def member_counts() -> dict[int, int]:
    query = select(TeamMembership.team_id, func.count()).group_by(TeamMembership.team_id)
    return {int(team_id): int(count) for team_id, count in session.execute(query)}


def rules_in_order() -> list[RoutingRule]:
    return in_order(session.scalars(select(RoutingRule)).all())


def rule_by_id(rule_id: int) -> RoutingRule | None:
    return session.get(RoutingRule, rule_id)


def urgent_inbox(team_id: int | None) -> str | None:
    if team_id is None:
        return None
    return session.scalar(select(Team.urgent_inbox).where(Team.id == team_id))


def promise_of(team_id: int | None) -> int | None:
    """The team's working days to first contact."""
    if team_id is None:
        return None
    return session.scalar(select(Team.first_contact_working_days).where(Team.id == team_id))


@dataclass(frozen=True)
class TeamCounts:
    open: int = 0
    urgent: int = 0
    overdue: int = 0


def open_counts_by_team(at: datetime) -> dict[int | None, TeamCounts]:
    """Open, urgent and overdue referrals per team (None: not routed to a team), in one read of
    the open referrals. Overdue as the queue's tag counts it: the clock is not paused."""
    running = Referral.status.in_([status for status in OPEN_STATUSES if status != ReferralStatus.CONTACT_ATTEMPTED])
    overdue = (Referral.due_at <= at) & Referral.paused_at.is_(None) & running
    query = (
        select(
            Referral.team_id,
            func.count(),
            func.sum(case((Referral.urgent.is_(True), 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
        )
        .where(OPEN)
        .group_by(Referral.team_id)
    )
    return {
        team_id: TeamCounts(int(count), int(urgent or 0), int(late or 0))
        for team_id, count, urgent, late in session.execute(query)
    }


def transfers_of(referral: Referral) -> Sequence[ReferralTransfer]:
    query = select(ReferralTransfer).where(ReferralTransfer.referral_id == referral.id)
    return session.scalars(query.order_by(ReferralTransfer.transferred_at, ReferralTransfer.id)).all()


def latest_transfers(referral_ids: Collection[int]) -> dict[int, ReferralTransfer]:
    """The last transfer of each of these referrals (a queue page's rows)."""
    if not referral_ids:
        return {}
    query = select(ReferralTransfer).where(ReferralTransfer.referral_id.in_(sorted(referral_ids)))
    return {transfer.referral_id: transfer for transfer in session.scalars(query.order_by(ReferralTransfer.id))}


def newest_transfer_id() -> int:
    return session.scalar(select(func.max(ReferralTransfer.id))) or 0


def transfers_to_since(team_ids: Collection[int] | None, seen: int) -> int:
    """Transfers into these teams (None: any team) after the one with the id `seen`."""
    query = select(func.count()).select_from(ReferralTransfer).where(ReferralTransfer.id > seen)
    if team_ids is not None:
        query = query.where(ReferralTransfer.to_team_id.in_(sorted(team_ids)))
    return session.scalar(query) or 0


def team_names() -> dict[int, str]:
    return {int(team_id): str(name) for team_id, name in session.execute(select(Team.id, Team.name))}


def staff_not_in(team: Team) -> Sequence[User]:
    """Active link workers and coordinators who could join the team."""
    members = select(TeamMembership.user_id).where(TeamMembership.team_id == team.id)
    query = select(User).where(
        User.role.in_([str(role) for role in STAFF_ROLES]), User.active.is_(True), User.id.not_in(members)
    )
    return session.scalars(query.order_by(User.name)).all()
