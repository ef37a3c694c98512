"""Arranging practices, teams, members and routing rules for the teams tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.practices.demo import load_demo as load_demo_practices
from portal.teams.models import RoutingRule, RuleKind, Team, TeamMembership


def demo_practices(db: Session) -> None:
    load_demo_practices(db)
    db.commit()


def make_team(db: Session, name: str, **values: Any) -> Team:
    fields: dict[str, Any] = {
        "slug": name.lower().replace(" ", "-"),
        "name": name,
        "roles": ["link_worker"],
        "first_contact_working_days": 3,
        **values,
    }
    team = Team(**fields)
    db.add(team)
    db.commit()
    return team


def join(db: Session, team: Team, user: User, role: str = "link_worker") -> TeamMembership:
    membership = TeamMembership(team_id=team.id, user_id=user.id, care_role=role)
    db.add(membership)
    db.commit()
    return membership


def make_rule(db: Session, kind: RuleKind, team: Team | None = None, **values: Any) -> RoutingRule:
    values.setdefault("position", (db.scalar(select(func.max(RoutingRule.position))) or 0) + 1)
    rule = RoutingRule(kind=kind, team_id=team.id if team else None, **values)
    db.add(rule)
    db.commit()
    return rule


def three_teams(db: Session) -> dict[str, Team]:
    """The issue's three teams: Central practices, Family under 18 and Money advice; rules by
    age, then money, then area, then Central for the rest."""
    teams = {
        "central": make_team(
            db,
            "Central practices",
            practice_codes=["Z99002", "Z99010"],
            outward_codes=["LS6", "LS11"],
            min_age=18,
            roles=["link_worker", "care_coordinator"],
            urgent_inbox="central.duty@example.org",
        ),
        "family": make_team(
            db, "Family under 18", max_age=17, roles=["family_link_worker"], first_contact_working_days=2
        ),
        "money": make_team(db, "Money advice", roles=["adviser"], first_contact_working_days=5),
    }
    make_rule(db, RuleKind.AGE, teams["family"])
    make_rule(db, RuleKind.NEED, teams["money"], need="money")
    make_rule(db, RuleKind.AREA)
    make_rule(db, RuleKind.DEFAULT, teams["central"])
    return teams
