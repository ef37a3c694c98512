"""Demonstration teams and routing rules (`data/demo-teams.json`): two practice teams of a
primary care network, a family team for under-18s and a money advice partner; the demo link
worker covers both practice teams. Loaded before the demo referrals, so those are routed."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.teams.models import RoutingRule, Team, TeamMembership

DEMO_TEAMS = Path(__file__).resolve().parent / "data" / "demo-teams.json"


def load_demo(db: Session) -> list[str]:
    if db.scalar(select(func.count()).select_from(Team)):
        return []
    data = json.loads(DEMO_TEAMS.read_text(encoding="utf-8"))
    teams = {item["slug"]: Team(**item) for item in data["teams"]}
    db.add_all(teams.values())
    db.flush()
    for position, rule in enumerate(data["rules"], start=1):
        team = teams.get(rule.pop("team", ""))
        db.add(RoutingRule(position=position, team_id=team.id if team else None, **rule))
    people = {user.email: user for user in db.scalars(select(User))}
    members = [member for member in data["members"] if member["email"] in people]
    for member in members:
        db.add(TeamMembership(team_id=teams[member["team"]].id, user_id=people[member["email"]].id,
                              care_role=member["care_role"]))  # fmt: skip
    db.flush()
    names = ", ".join(team.name for team in teams.values())
    return [f"Teams: {names}; {len(data['rules'])} routing rules; {len(members)} people in teams"]
