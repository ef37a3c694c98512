"""Which team a new referral goes to: the routing rules in order, first match wins.

- area: the team covering the person's GP practice (by ODS code), else the team covering their
  outward code; of the teams that take the person's age;
- age: the person's age, from their date of birth, is one the rule's team takes;
- need: the person asked for help with the rule's need;
- default: everything else (always evaluated last, wherever it stands).

The rule that matched is recorded on the referral, with a description of it as it was then.
Routing runs as the referral is inserted (see `portal.triage.set_due_time`), whichever journey
or loader made it; a referral given a team already keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from portal.referrals.dates import age_on
from portal.referrals.models import Referral
from portal.teams.models import RoutingRule, RuleKind, Team


@dataclass(frozen=True)
class Facts:
    """What the rules look at, from the referral."""

    practice_code: str | None
    outward_code: str | None
    age: int | None
    needs: frozenset[str]


@dataclass(frozen=True)
class Routing:
    team: Team
    rule: RoutingRule
    number: int  # the rule's place in the order, from 1, as the rules page shows it
    matched_by: str | None = None  # for an area rule: "practice" or "outward_code"

    @property
    def care_role(self) -> str | None:
        """A role the team does not have would leave the referral with nobody to take it."""
        return self.rule.care_role if self.rule.care_role in self.team.roles else None

    def snapshot(self, facts: Facts) -> dict[str, Any]:
        described: dict[str, Any] = {
            "rule_id": self.rule.id,
            "number": self.number,
            "kind": str(self.rule.kind),
            "team": self.team.name,
            "need": self.rule.need,
            "care_role": self.care_role,
            "matched_by": self.matched_by,
        }
        if self.rule.kind == RuleKind.AGE:
            described.update(min_age=self.team.min_age, max_age=self.team.max_age)
        if self.matched_by == "practice":
            described["practice_code"] = facts.practice_code
        elif self.matched_by == "outward_code":
            described["outward_code"] = facts.outward_code
        return described


def facts_of(referral: Referral, on: date) -> Facts:
    return Facts(
        practice_code=referral.gp_practice_code,
        outward_code=referral.outward_code,
        age=age_on(referral.date_of_birth, on) if referral.date_of_birth else None,
        needs=frozenset(referral.needs or ()),
    )


def in_order(rules: Sequence[RoutingRule]) -> list[RoutingRule]:
    """By position, the default rule last."""
    return sorted(rules, key=lambda rule: (rule.kind == RuleKind.DEFAULT, rule.position, rule.id))


def covering_team(teams: Sequence[Team], facts: Facts) -> tuple[Team, str] | None:
    """The person's practice first: a practice's patients may live across several outward codes."""
    taking = [team for team in sorted(teams, key=lambda team: team.name) if team.takes_age(facts.age)]
    if facts.practice_code:
        team = next((team for team in taking if facts.practice_code in team.practice_codes), None)
        if team is not None:
            return team, "practice"
    if facts.outward_code:
        team = next((team for team in taking if facts.outward_code in team.outward_codes), None)
        if team is not None:
            return team, "outward_code"
    return None


def _matches(rule: RoutingRule, team: Team | None, facts: Facts) -> bool:
    if team is None:
        return False
    if rule.kind == RuleKind.AGE:
        return facts.age is not None and (team.min_age, team.max_age) != (None, None) and team.takes_age(facts.age)
    if rule.kind == RuleKind.NEED:
        return rule.need in facts.needs
    return rule.kind == RuleKind.DEFAULT


def choose(rules: Sequence[RoutingRule], teams: Sequence[Team], facts: Facts) -> Routing | None:
    by_id = {team.id: team for team in teams}
    for number, rule in enumerate(in_order(rules), start=1):
        if rule.kind == RuleKind.AREA:
            if (covering := covering_team(teams, facts)) is not None:
                return Routing(covering[0], rule, number, covering[1])
        elif _matches(rule, team := by_id.get(rule.team_id or 0), facts):
            assert team is not None
            return Routing(team, rule, number)
    return None


def _load(connection: Connection) -> tuple[list[RoutingRule], list[Team]]:
    """Read on the flushing connection, as plain objects outside any session."""
    rules = [RoutingRule(**row._mapping) for row in connection.execute(select(RoutingRule.__table__))]
    teams = [Team(**row._mapping) for row in connection.execute(select(Team.__table__))]
    return rules, teams


def route_on_insert(connection: Connection, referral: Referral, on: date) -> int | None:
    """Routes the referral (unless it has a team) and returns its team's working-day promise."""
    rules, teams = _load(connection)
    if referral.team_id is not None:
        return next((team.first_contact_working_days for team in teams if team.id == referral.team_id), None)
    facts = facts_of(referral, on)
    routing = choose(rules, teams, facts)
    if routing is None:
        return None
    referral.team_id, referral.care_role = routing.team.id, routing.care_role
    referral.routing_rule_id, referral.routed_by = routing.rule.id, routing.snapshot(facts)
    return routing.team.first_contact_working_days
