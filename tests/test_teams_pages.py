"""Coordinators manage teams, their members and the routing rules in the staff pages, and from
the command line (`flask teams ...`, `flask users create --team`)."""

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role, User
from portal.teams.models import RoutingRule, RuleKind, Team, TeamMembership
from tests.authz import make_user, sign_in_as
from tests.teams_helpers import demo_practices, join, make_rule, make_team

GOOD = {
    "name": "Family under 18",
    "outward_codes": "ls6, LS11 ls12",
    "min_age": "",
    "max_age": "17",
    "roles": ["family_link_worker"],
    "first_contact_working_days": "2",
    "urgent_inbox": "family@example.org",
}


@pytest.fixture
def coordinator(client, db):
    user = make_user(db, "coord@example.org", Role.COORDINATOR, name="Cora Ordinator")
    sign_in_as(client, db, user)
    return user


def team_named(db, name):
    db.expire_all()
    return db.scalar(select(Team).where(Team.name == name))


def test_a_coordinator_adds_a_team_covering_practices_and_outward_codes(app, db, client, coordinator):
    demo_practices(db)
    page = client.get("/en/coordinator/teams/new")
    assert "Aire Valley Surgery (Z99001)" in page.text("fieldset")
    after = client.submit(page, "/en/coordinator/teams/new", {**GOOD, "practices": ["Z99001", "Z99002"]})
    team = team_named(db, "Family under 18")
    assert after.response.headers["Location"].endswith("/en/coordinator/teams/family-under-18")
    assert (team.practice_codes, team.outward_codes) == (["Z99001", "Z99002"], ["LS11", "LS12", "LS6"])
    assert (team.min_age, team.max_age, team.roles) == (None, 17, ["family_link_worker"])
    assert (team.first_contact_working_days, team.urgent_inbox) == (2, "family@example.org")
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "teams.team_created")) is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the team's name"),
        ({"outward_codes": "LS6, Leeds"}, "Enter postcode areas like LS6 or LS12, separated by commas"),
        ({"min_age": "18", "max_age": "17"}, "The oldest age must be the same as or more than the youngest"),
        ({"min_age": "99999999999999999999"}, "Enter the youngest age as a whole number from 0 to 120"),
        ({"max_age": "-1"}, "Enter the oldest age as a whole number from 0 to 120"),
        ({"roles": []}, "Select at least one role"),
        ({"roles": ["surgeon"]}, "Select at least one role"),
        ({"first_contact_working_days": "0"}, "Enter a whole number of working days from 1 to 20"),
        ({"first_contact_working_days": ""}, "Enter how many working days the team promises for first contact"),
        ({"urgent_inbox": "not an address"}, "Enter an email address in the correct format, like name@example.com"),
        ({"practices": ["Z00000"]}, "Select GP practices from the list"),
    ],
)
def test_each_mistake_gets_its_own_message_next_to_its_field(app, db, client, coordinator, changes, message):
    page = client.get("/en/coordinator/teams/new")
    again = client.submit(page, "/en/coordinator/teams/new", {**GOOD, **changes}, expected_status=200)
    assert again.errors() == [message]
    assert again.title.startswith("Error:")
    assert message in again.text(".form-group--error .error-message")
    assert db.scalar(select(Team)) is None


def test_two_teams_cannot_share_a_name(app, db, client, coordinator):
    make_team(db, "Family under 18")
    page = client.get("/en/coordinator/teams/new")
    again = client.submit(page, "/en/coordinator/teams/new", GOOD, expected_status=200)
    assert again.errors() == ["There is already a team with this name"]


def test_a_coordinator_changes_a_team(app, db, client, coordinator):
    team = make_team(db, "Central", outward_codes=["LS6"])
    page = client.get("/en/coordinator/teams/central")
    assert page.one("#outward_codes")["value"] == "LS6"
    client.submit(page, "/en/coordinator/teams/central", {**page.form_values(), "name": "Central practices"})
    db.refresh(team)
    assert (team.name, team.slug) == ("Central practices", "central-practices")


def test_a_coordinator_adds_someone_to_a_team_in_a_role_and_removes_them(app, db, client, coordinator):
    team = make_team(db, "Central", roles=["link_worker", "care_coordinator"])
    worker = make_user(db, "asha@example.org", Role.LINK_WORKER, name="Asha Patel")
    make_user(db, "editor@example.org", Role.ORG_EDITOR, name="Ed Itor")
    page = client.get("/en/coordinator/teams/central")
    offered = [option.get_text() for option in page.select("#user option")]
    assert offered == ["Select a person", "Asha Patel", "Cora Ordinator"]
    after = client.follow(
        client.submit(
            page, "/en/coordinator/teams/central/members", {"user": str(worker.id), "care_role": "care_coordinator"}
        )
    )
    assert "Asha Patel is in Central now." in after.text()
    membership = db.scalars(select(TeamMembership)).one()
    assert (membership.user_id, membership.care_role) == (worker.id, "care_coordinator")
    client.submit(after, f"/en/coordinator/teams/central/members/{worker.id}/remove", {})
    assert db.scalar(select(TeamMembership)) is None
    assert team.id


def test_adding_someone_needs_a_person_and_a_role_of_the_team(app, db, client, coordinator):
    make_team(db, "Central")
    page = client.get("/en/coordinator/teams/central")
    again = client.submit(page, "/en/coordinator/teams/central/members", {"user": "", "care_role": "adviser"})
    assert again.errors() == ["Select the person to add", "Select their role in the team"]


def test_the_teams_page_lists_each_team_with_what_it_covers_and_its_people(app, db, client, coordinator):
    team = make_team(db, "Money advice", roles=["adviser"], first_contact_working_days=5, practice_codes=["Z99001"])
    join(db, team, make_user(db, "max@example.org", Role.LINK_WORKER))
    row = client.get("/en/coordinator/teams").one("table tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells == ["Money advice", "1 GP practice", "Any age", "Adviser", "Within 5 working days", "1", "0"]


def test_the_rules_page_shows_the_rules_in_order_and_a_coordinator_reorders_them(app, db, client, coordinator):
    money = make_team(db, "Money advice", roles=["adviser"])
    family = make_team(db, "Family", max_age=17, roles=["family_link_worker"])
    area = make_rule(db, RuleKind.AREA)
    make_rule(db, RuleKind.AGE, family)
    make_rule(db, RuleKind.NEED, money, need="money", care_role="adviser")
    make_rule(db, RuleKind.DEFAULT, money)
    page = client.get("/en/coordinator/routing-rules")
    assert [row.select("td")[1].get_text(" ", strip=True) for row in page.select("tbody tr")] == [
        "A team covers their GP practice or, if not, their postcode area",
        "Their age is one Family takes (Up to 17)",
        "They asked for help with: Money, debt or benefits",
        "No rule before it matched",
    ]
    assert page.select("tbody tr")[2].select("td")[3].get_text() == "Adviser"
    client.submit(page, f"/en/coordinator/routing-rules/{area.id}/down", {})
    db.expire_all()
    order = [rule.kind for rule in db.scalars(select(RoutingRule).order_by(RoutingRule.position))]
    assert order[:3] == ["age", "area", "need"]
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "teams.rule_moved")) is not None


def test_the_default_rule_cannot_be_moved_and_nothing_moves_below_it(app, db, client, coordinator):
    money = make_team(db, "Money advice")
    make_rule(db, RuleKind.NEED, money, need="money")
    make_rule(db, RuleKind.DEFAULT, money)
    rows = client.get("/en/coordinator/routing-rules").select("tbody tr")
    assert [button.get_text(" ", strip=True) for button in rows[0].select("button")] == ["Remove rule 1"]
    assert [button.get_text(" ", strip=True) for button in rows[1].select("button")] == ["Remove rule 2"]


def test_a_coordinator_adds_and_removes_a_rule(app, db, client, coordinator):
    make_team(db, "Money advice", roles=["adviser"])
    page = client.get("/en/coordinator/routing-rules")
    client.submit(
        page,
        "/en/coordinator/routing-rules",
        {"kind": "need", "team": "money-advice", "need": "money", "care_role": ""},
    )
    rule = db.scalars(select(RoutingRule)).one()
    assert (rule.kind, rule.need, rule.care_role) == ("need", "money", None)
    client.submit(client.get("/en/coordinator/routing-rules"), f"/en/coordinator/routing-rules/{rule.id}/remove", {})
    assert db.scalar(select(RoutingRule)) is None


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({"kind": ""}, ["Select how to route referrals"]),
        (
            {"kind": "need", "team": "", "need": ""},
            ["Select the team to route them to", "Select what they asked for help with"],
        ),
        ({"kind": "age", "team": "money-advice"}, ["Money advice takes every age: give it an age range first"]),
        ({"kind": "default", "team": "money-advice", "care_role": "pilot"}, ["Select who in the team takes them"]),
    ],
)
def test_a_rule_that_cannot_work_is_refused_with_a_message(app, db, client, coordinator, data, messages):
    make_team(db, "Money advice", roles=["adviser"])
    page = client.get("/en/coordinator/routing-rules")
    again = client.submit(page, "/en/coordinator/routing-rules", data, expected_status=200)
    assert again.errors() == messages
    assert db.scalar(select(RoutingRule)) is None


def test_an_area_rule_needs_no_team(app, db, client, coordinator):
    make_team(db, "Money advice")
    page = client.get("/en/coordinator/routing-rules")
    client.submit(page, "/en/coordinator/routing-rules", {"kind": "area", "team": ""}, expected_status=303)
    assert db.scalars(select(RoutingRule)).one().team_id is None


def run(app, *args, stdin=None):
    return app.test_cli_runner().invoke(args=list(args), input=stdin)


def test_teams_are_created_and_listed_from_the_command_line(app, db):
    result = run(
        app,
        "teams",
        "create",
        "Family under 18",
        "--ages",
        "0-17",
        "--role",
        "family-link-worker",
        "--promise",
        "2",
        "--outward-code",
        "LS6,LS7",
        "--practice",
        "z99001",
        "--urgent-inbox",
        "f@example.org",
    )
    assert result.exit_code == 0, result.output
    assert "Created team Family under 18 (family-under-18)" in result.output
    listed = run(app, "teams", "list").output.splitlines()
    assert listed == [
        "Family under 18\tZ99001\tLS6,LS7\t0-17\tfamily-link-worker\t2 working days\tf@example.org\t0 members"
    ]


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--ages", "seventeen"], "give ages as YOUNGEST-OLDEST"),
        (["--ages", "18-17"], "the youngest age must not be more than the oldest"),
        (["--outward-code", "Leeds"], "not outward codes: LEEDS"),
        (["--urgent-inbox", "nope"], "nope is not an email address"),
    ],
)
def test_the_command_line_refuses_a_team_that_cannot_work(app, db, args, problem):
    result = run(app, "teams", "create", "Central", *args)
    assert result.exit_code != 0 and problem in result.output


def test_a_second_team_of_the_same_name_is_refused(app, db):
    run(app, "teams", "create", "Central")
    assert "there is already a team called Central" in run(app, "teams", "create", "central").output


def test_users_are_put_in_teams_when_created(app, db):
    run(app, "teams", "create", "Central", "--role", "link-worker", "--role", "care-coordinator")
    run(app, "teams", "create", "Money advice", "--role", "adviser")
    result = run(
        app,
        "users",
        "create",
        "sam@example.org",
        "--role",
        "link-worker",
        "--team",
        "central",
        "--team",
        "Money advice",
    )
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email == "sam@example.org"))
    roles = {membership.team.name: membership.care_role for membership in db.scalars(select(TeamMembership))}
    assert user is not None and roles == {"Central": "link_worker", "Money advice": "adviser"}


def test_a_user_cannot_be_created_in_a_team_that_does_not_exist(app, db):
    result = run(app, "users", "create", "sam@example.org", "--role", "link-worker", "--team", "Nowhere")
    assert result.exit_code != 0 and "no team called 'Nowhere'" in result.output
    assert db.scalar(select(User)) is None


def test_rules_are_added_and_listed_from_the_command_line(app, db):
    run(app, "teams", "create", "Family", "--ages", "-17", "--role", "family-link-worker")
    run(app, "teams", "create", "Central")
    assert run(app, "teams", "add-rule", "age", "--team", "Family").exit_code == 0
    assert run(app, "teams", "add-rule", "area").exit_code == 0
    assert run(app, "teams", "add-rule", "default", "--team", "Central", "--role", "link-worker").exit_code == 0
    assert "needs a team" in run(app, "teams", "add-rule", "need", "--need", "money").output
    assert run(app, "teams", "rules").output.splitlines() == [
        "1\tage\t-> Family",
        "2\tarea\t-> the covering team",
        "3\tdefault\t-> Central taken by link-worker",
    ]


def test_someone_is_added_to_a_team_from_the_command_line(app, db):
    run(app, "teams", "create", "Central")
    make_user(db, "asha@example.org", Role.LINK_WORKER)
    assert "asha@example.org is in Central" in run(app, "teams", "add-member", "Central", "asha@example.org").output
    assert "no account for" in run(app, "teams", "add-member", "Central", "nobody@example.org").output
