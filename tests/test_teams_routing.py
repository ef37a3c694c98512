"""Routing rules: each kind of rule, their order (first match wins, the default last), what the
referral records about it, and the team's own promise and urgent inbox."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.outbox.models import OutboxMessage
from portal.teams.models import RuleKind
from tests.teams_helpers import make_rule, make_team, three_teams
from tests.triage_helpers import make_referral

ADULT = date(1980, 5, 1)
CHILD = date(2015, 5, 1)


def routed(app, db, **values):
    referral = make_referral(app, db, **values)
    db.refresh(referral)
    return referral


@pytest.fixture
def teams(db):
    return three_teams(db)


def test_a_person_registered_with_a_covered_practice_goes_to_that_practice_team(app, db, teams):
    referral = routed(app, db, date_of_birth=ADULT, gp_practice_code="Z99010", outward_code="LS17", needs=["lonely"])
    assert referral.team_id == teams["central"].id
    assert referral.routed_by["matched_by"] == "practice" and referral.routed_by["number"] == 3


def test_without_a_covered_practice_the_outward_code_decides(app, db, teams):
    referral = routed(app, db, date_of_birth=ADULT, gp_practice_code="Z99999", outward_code="LS11", needs=["lonely"])
    assert (referral.team_id, referral.routed_by["matched_by"]) == (teams["central"].id, "outward_code")


def test_the_practice_wins_over_the_outward_code_of_another_team(app, db, teams):
    north = make_team(db, "North", practice_codes=["Z99012"], outward_codes=["LS17"], min_age=18)
    referral = routed(app, db, date_of_birth=ADULT, gp_practice_code="Z99012", outward_code="LS6", needs=["lonely"])
    assert referral.team_id == north.id


def test_under_18s_go_to_the_family_team_by_their_age_on_the_day_they_were_received(app, db, teams):
    seventeen = date(2009, 3, 12)  # 17 on 11 March 2026, the tests' "now"
    referral = routed(app, db, date_of_birth=seventeen, outward_code="LS6", needs=["money"])
    assert referral.team_id == teams["family"].id and referral.routed_by["kind"] == "age"


def test_what_they_asked_for_sends_them_to_the_money_advice_team(app, db, teams):
    referral = routed(app, db, date_of_birth=ADULT, outward_code="LS6", needs=["lonely", "money"])
    assert (referral.team_id, referral.routing_rule_id) == (teams["money"].id, referral.routed_by["rule_id"])


def test_what_no_rule_matches_goes_to_the_default_team(app, db, teams):
    referral = routed(app, db, date_of_birth=ADULT, outward_code="LS28", needs=["lonely"])
    assert referral.team_id == teams["central"].id
    assert referral.routed_by["kind"] == "default" and referral.routed_by["number"] == 4


def test_a_call_back_without_an_age_is_not_routed_by_age(app, db, teams):
    referral = routed(app, db, kind="callback", date_of_birth=None, outward_code=None, needs=[])
    assert referral.team_id == teams["central"].id


def test_an_area_team_that_does_not_take_the_persons_age_is_passed_over(app, db):
    adults = make_team(db, "Adults", outward_codes=["LS6"], min_age=18)
    anyone = make_team(db, "Young and old", outward_codes=["LS6"])
    make_rule(db, RuleKind.AREA)
    assert routed(app, db, date_of_birth=CHILD, outward_code="LS6").team_id == anyone.id
    assert routed(app, db, date_of_birth=ADULT, outward_code="LS6").team_id == adults.id


def test_rules_are_tried_in_order_and_the_first_match_wins(app, db):
    money = make_team(db, "Money", roles=["adviser"])
    coaches = make_team(db, "Coaches", roles=["health_and_wellbeing_coach"])
    first = make_rule(db, RuleKind.NEED, coaches, need="long_term_condition")
    make_rule(db, RuleKind.NEED, money, need="money")
    both = ["money", "long_term_condition"]
    assert routed(app, db, needs=both).team_id == coaches.id
    first.position = 9
    db.commit()
    assert routed(app, db, needs=both).team_id == money.id


def test_the_default_rule_is_tried_last_wherever_it_stands(app, db):
    money = make_team(db, "Money", roles=["adviser"])
    everyone = make_team(db, "Everyone")
    make_rule(db, RuleKind.DEFAULT, everyone, position=0)
    make_rule(db, RuleKind.NEED, money, need="money", position=1)
    assert routed(app, db, needs=["money"]).team_id == money.id


def test_without_rules_or_teams_nothing_is_routed(app, db):
    referral = routed(app, db)
    assert (referral.team_id, referral.routing_rule_id, referral.routed_by) == (None, None, None)


def test_a_rule_can_say_which_role_in_the_team_takes_what_it_routes(app, db):
    team = make_team(db, "Central", roles=["link_worker", "care_coordinator"])
    make_rule(db, RuleKind.NEED, team, need="long_term_condition", care_role="care_coordinator")
    make_rule(db, RuleKind.DEFAULT, team, care_role="health_and_wellbeing_coach")  # not a role of the team
    assert routed(app, db, needs=["long_term_condition"]).care_role == "care_coordinator"
    assert routed(app, db, needs=["lonely"]).care_role is None


def test_a_referral_given_a_team_keeps_it(app, db, teams):
    referral = routed(app, db, team_id=teams["money"].id, needs=["lonely"], date_of_birth=CHILD)
    assert (referral.team_id, referral.routed_by) == (teams["money"].id, None)


def test_a_self_referral_is_due_within_its_teams_promise(app, db, teams):
    friday = datetime(2026, 3, 13, 10, 0, tzinfo=UTC)
    money = routed(app, db, needs=["money"], date_of_birth=ADULT, submitted_at=friday)
    family = routed(app, db, date_of_birth=CHILD, submitted_at=friday)
    assert money.due_at == datetime(2026, 3, 20, 10, 0, tzinfo=UTC)  # 5 working days
    assert family.due_at == datetime(2026, 3, 17, 10, 0, tzinfo=UTC)  # 2 working days


def test_an_urgent_referral_alerts_its_teams_inbox(app, db, client, teams):
    from tests.referral_journeys import SELF_REFERRAL_ANSWERS, send, take_time, walk, with_answers

    answers = with_answers(SELF_REFERRAL_ANSWERS, urgent={"urgent": "yes"}, help_with={"needs": ["lonely"]})
    answers.insert(1, ("get-help-now", None))
    check = walk(client, answers=answers)
    take_time(db)
    send(client, check)
    alert = db.scalars(select(OutboxMessage).where(OutboxMessage.template == "urgent-referral-alert")).one()
    assert alert.recipient == "central.duty@example.org"
