"""Changes to teams, their members and the routing rules; each one audited. Add and flush
only: the request (or the command) commits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from portal.accounts.audit.record import record_event
from portal.accounts.models import STAFF_ROLES, Role, User
from portal.db import session
from portal.teams import queries
from portal.teams.models import CareRole, RoutingRule, RuleKind, Team, TeamMembership
from portal.web.forms import is_outward_code, normalise_email


class TeamProblem(ValueError):
    """A change that cannot be made, with a short reason for the command line."""


@dataclass(frozen=True)
class TeamDetails:
    name: str
    practice_codes: list[str] = field(default_factory=list)
    outward_codes: list[str] = field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    roles: list[str] = field(default_factory=lambda: [CareRole.LINK_WORKER.value])
    first_contact_working_days: int = 3
    urgent_inbox: str | None = None
    transfers_restart_promise: bool = False


def _checked(details: TeamDetails, team: Team | None) -> TeamDetails:
    """The command line's checks; the staff pages' forms check the same with their own words."""
    name = " ".join(details.name.split())
    other = queries.team_by_name(name) if name else None
    if not name or len(name) > 100:
        raise TeamProblem("a team needs a name of 100 characters or fewer")
    if other is not None and other is not team:
        raise TeamProblem(f"there is already a team called {other.name}")
    if bad := [code for code in details.outward_codes if not is_outward_code(code)]:
        raise TeamProblem(f"not outward codes: {', '.join(bad)}")
    if details.min_age is not None and details.max_age is not None and details.min_age > details.max_age:
        raise TeamProblem("the youngest age must not be more than the oldest")
    if not details.roles or not set(details.roles) <= {role.value for role in CareRole}:
        raise TeamProblem("a team needs at least one role, from: " + ", ".join(CareRole))
    if not 1 <= details.first_contact_working_days <= 20:
        raise TeamProblem("the promise must be 1 to 20 working days")
    inbox = normalise_email(details.urgent_inbox) if details.urgent_inbox else None
    if details.urgent_inbox and not inbox:
        raise TeamProblem(f"{details.urgent_inbox} is not an email address")
    return TeamDetails(**{**details.__dict__, "name": name, "urgent_inbox": inbox})


def slug_for(name: str, team: Team | None = None) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "team"
    slug, number = base, 2
    while (found := queries.team_by_slug(slug)) is not None and found is not team:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(team: Team, details: TeamDetails) -> None:
    team.name, team.slug = details.name, slug_for(details.name, team)
    team.practice_codes = sorted({code.strip().upper() for code in details.practice_codes if code.strip()})
    team.outward_codes = sorted({code.strip().upper() for code in details.outward_codes if code.strip()})
    team.min_age, team.max_age = details.min_age, details.max_age
    team.roles = [role.value for role in CareRole if role.value in details.roles]
    team.first_contact_working_days = details.first_contact_working_days
    team.urgent_inbox, team.transfers_restart_promise = details.urgent_inbox, details.transfers_restart_promise


def create_team(details: TeamDetails) -> Team:
    team = Team()
    _apply(team, _checked(details, None))
    session.add(team)
    session.flush()
    record_event("teams.team_created", "team", team.id, {"name": team.name})
    return team


def update_team(team: Team, details: TeamDetails) -> None:
    _apply(team, _checked(details, team))
    session.flush()
    record_event("teams.team_changed", "team", team.id, {"name": team.name})


def add_member(team: Team, user: User, role: str) -> TeamMembership:
    """Adding someone already in the team changes their role in it."""
    if Role(user.role) not in STAFF_ROLES:
        raise TeamProblem("only link workers and coordinators can be in a team")
    if role not in team.roles:
        raise TeamProblem(f"{team.name} has no {role.replace('_', ' ')} role")
    membership = session.scalar(
        select(TeamMembership).where(TeamMembership.team_id == team.id, TeamMembership.user_id == user.id)
    )
    if membership is None:
        membership = TeamMembership(team_id=team.id, user_id=user.id, care_role=role)
        session.add(membership)
    membership.care_role = CareRole(role)
    session.flush()
    record_event("teams.member_added", "team", team.id, {"user_id": user.id, "care_role": role})
    return membership


def remove_member(team: Team, user_id: int) -> bool:
    membership = session.scalar(
        select(TeamMembership).where(TeamMembership.team_id == team.id, TeamMembership.user_id == user_id)
    )
    if membership is None:
        return False
    session.delete(membership)
    session.flush()
    record_event("teams.member_removed", "team", team.id, {"user_id": user_id})
    return True


def add_rule(kind: RuleKind, team: Team | None, need: str | None = None, care_role: str | None = None) -> RoutingRule:
    """A new rule goes after the others (a new default rule replaces the old one)."""
    if kind != RuleKind.AREA and team is None:
        raise TeamProblem("this kind of rule needs a team")
    if kind == RuleKind.AGE and team is not None and (team.min_age, team.max_age) == (None, None):
        raise TeamProblem(f"{team.name} takes every age: give it an age range first")
    if kind == RuleKind.NEED and not need:
        raise TeamProblem("a need rule needs a need")
    if kind == RuleKind.DEFAULT:
        for old in session.scalars(select(RoutingRule).where(RoutingRule.kind == RuleKind.DEFAULT)):
            session.delete(old)
    last = session.scalar(select(func.max(RoutingRule.position))) or 0
    rule = RoutingRule(
        position=last + 1,
        kind=kind,
        team_id=team.id if team and kind != RuleKind.AREA else None,
        need=need if kind == RuleKind.NEED else None,
        care_role=care_role or None,
    )
    session.add(rule)
    session.flush()
    record_event("teams.rule_added", "routing_rule", rule.id, {"kind": str(kind), "team_id": rule.team_id})
    return rule


def move_rule(rule: RoutingRule, step: int) -> None:
    """One place earlier (-1) or later (+1); positions are renumbered 1, 2, 3..."""
    ordered = [other for other in queries.rules_in_order() if other.kind != RuleKind.DEFAULT]
    if rule not in ordered:
        return
    index = ordered.index(rule)
    target = min(max(index + step, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    for position, other in enumerate(ordered, start=1):
        other.position = position
    session.flush()
    record_event("teams.rule_moved", "routing_rule", rule.id, {"position": rule.position})


def remove_rule(rule: RoutingRule) -> None:
    record_event("teams.rule_removed", "routing_rule", rule.id, {"kind": str(rule.kind)})
    session.delete(rule)
    session.flush()
