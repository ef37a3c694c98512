"""The teams feature's rows in the authorisation matrix: coordinators manage teams and rules;
a team member takes and transfers their team's referrals, a non-member of the team cannot
(they may read its queue); every staff member may search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from portal.teams.models import RoutingRule, RuleKind, Team, TeamMembership
from tests.authz import (
    ARRANGE,
    MATRIX,
    NON_MEMBER,
    ONLY_COORDINATOR,
    STAFF,
    TEAM_MEMBER,
    Row,
    World,
    expect,
)


def arrange(db: Session, world: World) -> None:
    from tests.triage_helpers import make_unsaved_referral

    team_t = Team(slug="team-t", name="Team T", roles=["link_worker"], first_contact_working_days=3)
    team_u = Team(slug="team-u", name="Team U", roles=["link_worker"], first_contact_working_days=3)
    db.add_all([team_t, team_u])
    db.flush()
    member, non_member = world.actors[TEAM_MEMBER], world.actors[NON_MEMBER]
    db.add(TeamMembership(team_id=team_t.id, user_id=member.id, care_role="link_worker"))
    db.add(TeamMembership(team_id=team_u.id, user_id=non_member.id, care_role="link_worker"))
    moved, removed = RoutingRule(position=1, kind=RuleKind.AREA), RoutingRule(position=2, kind=RuleKind.AREA)
    db.add_all([moved, removed])
    db.flush()
    world.extras.update(
        team_waiting=make_unsaved_referral(db, team_id=team_t.id),
        team_held=make_unsaved_referral(db, team_id=team_t.id, holder_id=member.id, status="in_triage"),
        rule_moved=moved.id,
        rule_removed=removed.id,
    )


def _fixed(path: str) -> Callable[[World], str]:
    return lambda _world: path


def _transfer_data(world: World) -> dict[str, Any]:
    held = world.extras["team_held"]
    world.extras["db"].refresh(held)
    return {"transfer-version": str(held.version), "transfer-team": "team-u", "transfer-reason": "Their team"}


MEMBER_OR_COORDINATOR = {"team_member": "303"}

ROWS = [
    Row("teams.list_teams", _fixed("/en/coordinator/teams"), expect("200", ONLY_COORDINATOR)),
    Row("teams.add_team", _fixed("/en/coordinator/teams/new"), expect("200", ONLY_COORDINATOR)),
    Row("teams.edit_team", _fixed("/en/coordinator/teams/team-t"), expect("200", ONLY_COORDINATOR)),
    Row(
        "teams.add_member",
        _fixed("/en/coordinator/teams/team-t/members"),
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda w: {"user": str(w.other_staff.id), "care_role": "link_worker"},
    ),
    Row(
        "teams.remove_member",
        lambda w: f"/en/coordinator/teams/team-t/members/{w.actors[TEAM_MEMBER].id}/remove",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    Row("teams.list_rules", _fixed("/en/coordinator/routing-rules"), expect("200", ONLY_COORDINATOR)),
    Row(
        "teams.add_rule",
        _fixed("/en/coordinator/routing-rules"),
        expect("303", ONLY_COORDINATOR),
        "POST",
        lambda _w: {"kind": "area"},
    ),
    Row(
        "teams.move_rule",
        lambda w: f"/en/coordinator/routing-rules/{w.extras['rule_moved']}/down",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    Row(
        "teams.remove_rule",
        lambda w: f"/en/coordinator/routing-rules/{w.extras['rule_removed']}/remove",
        expect("303", ONLY_COORDINATOR),
        "POST",
    ),
    # Another team's queue can be read by anyone on the staff.
    Row("triage.show_queue", _fixed("/en/triage?team=team-t"), expect("200", STAFF)),
    Row("triage.search_queue", _fixed("/en/triage/search"), expect("200", STAFF), "POST", lambda _w: {"q": "Ann"}),
    Row(
        "triage.take_referral",
        lambda w: f"/en/triage/referrals/{w.extras['team_waiting'].reference}/take",
        expect("303", ONLY_COORDINATOR, **MEMBER_OR_COORDINATOR),
        "POST",
    ),
    Row(
        "triage.transfer_referral",
        lambda w: f"/en/triage/referrals/{w.extras['team_held'].reference}/transfer",
        expect("303", ONLY_COORDINATOR, **MEMBER_OR_COORDINATOR),
        "POST",
        _transfer_data,
    ),
]

MATRIX.extend(ROWS)
ARRANGE.append(arrange)
