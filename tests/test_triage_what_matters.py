"""What matters to me: the assessment, the wellbeing plan, the printable plan and ONS4 scores."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.triage.models import Assessment, PlanAction, WellbeingPlan, WellbeingScore
from tests.authz import make_user, sign_in_as
from tests.triage_helpers import make_referral

SCORES = {"life_satisfaction": "4", "worthwhile": "5", "happiness": "3", "anxiety": "8"}


@pytest.fixture
def worker(db):
    return make_user(db, "sam.worker@example.org", Role.LINK_WORKER, name="Sam Worker")


@pytest.fixture
def held(app, db, worker):
    return make_referral(app, db, holder_id=worker.id, status="in_support")


@pytest.fixture
def signed_in(client, db, worker):
    sign_in_as(client, db, worker)
    return client


def url(referral, action="what-matters"):
    return f"/en/triage/referrals/{referral.reference}/{action}"


def submit(client, referral, action, data, expected_status=303, version=None):
    page = client.get(url(referral))
    version = version or page.select("input[name=version]")[0]["value"]
    return client.submit(page, url(referral, action), {"version": version, **data}, expected_status=expected_status)


def actions(db):
    return [event.action for event in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_the_holder_records_what_matters_with_barriers(db, signed_in, held):
    submit(
        signed_in,
        held,
        "assessment",
        {"needs": "Meeting people", "strengths": "Loves gardening", "barriers": ["transport", "language"]},
    )
    assessment = db.scalar(select(Assessment))
    assert (assessment.needs, assessment.barriers) == ("Meeting people", ["transport", "language"])
    page = signed_in.get(url(held))
    assert "Transport or getting there, Language" in page.text("main")
    assert "triage.assessment_saved" in actions(db)


def test_what_matters_must_be_entered(db, signed_in, held):
    page = submit(signed_in, held, "assessment", {"needs": " "}, expected_status=200)
    assert page.errors() == ["Enter what matters to them"]


def test_a_plan_with_goals_actions_and_a_review_date_sets_the_next_review(db, signed_in, held):
    submit(signed_in, held, "plan", {"goals": "Get out twice a week", "review_on": "2026-04-15"})
    submit(signed_in, held, "plan/actions", {"what": "Visit the lunch club", "who": "Sam", "by_when": "2026-03-20"})
    plan = db.scalar(select(WellbeingPlan))
    db.refresh(held)
    assert plan.review_on == date(2026, 4, 15) and held.next_review_on == date(2026, 4, 15)
    assert db.scalar(select(PlanAction)).who == "Sam"
    assert {"triage.plan_saved", "triage.plan_action_added"} <= set(actions(db))


def test_the_printable_plan_shows_goals_and_actions(db, signed_in, held):
    submit(signed_in, held, "plan", {"goals": "Get out twice a week", "review_on": ""})
    submit(signed_in, held, "plan/actions", {"what": "Visit the lunch club", "who": "Sam", "by_when": ""})
    text = signed_in.get(url(held, "plan")).text("main")
    assert "Get out twice a week" in text and "Visit the lunch club" in text
    assert "triage.plan_viewed" in actions(db)


def test_an_impossible_review_date_is_refused(db, signed_in, held):
    page = submit(signed_in, held, "plan", {"goals": "Walk", "review_on": "2026-02-31"}, expected_status=200)
    assert page.errors() == ["Review date must be a real date, like 2027-03-27"]


def test_wellbeing_scores_are_stored_one_row_per_answer(db, signed_in, held):
    submit(signed_in, held, "wellbeing-scores", {"stage": "baseline", **SCORES})
    rows = db.scalars(select(WellbeingScore)).all()
    assert sorted((row.question, row.score) for row in rows) == [
        ("anxiety", 8),
        ("happiness", 3),
        ("life_satisfaction", 4),
        ("worthwhile", 5),
    ]
    assert "triage.wellbeing_recorded" in actions(db)


def test_the_change_since_baseline_counts_less_anxiety_as_better(db, signed_in, held):
    submit(signed_in, held, "wellbeing-scores", {"stage": "baseline", **SCORES})
    later = {"life_satisfaction": "6", "worthwhile": "5", "happiness": "2", "anxiety": "5"}
    submit(signed_in, held, "wellbeing-scores", {"stage": "follow_up", **later})
    rows = [row.get_text(" ", strip=True) for row in signed_in.get(url(held)).select(".triage-scores tbody tr")]
    assert rows[0].endswith("+2, better")
    assert rows[1].endswith("No change")
    assert rows[2].endswith("-1, worse")
    assert rows[3].endswith("-3, better")


def test_recording_a_stage_again_replaces_its_scores(db, signed_in, held):
    submit(signed_in, held, "wellbeing-scores", {"stage": "baseline", **SCORES})
    submit(signed_in, held, "wellbeing-scores", {"stage": "baseline", **SCORES, "anxiety": "2"})
    assert len(db.scalars(select(WellbeingScore)).all()) == 4
    assert db.scalar(select(WellbeingScore.score).where(WellbeingScore.question == "anxiety")) == 2


@pytest.mark.parametrize("typed", ["11", "-1", "", "five"])
def test_scores_must_be_whole_numbers_from_0_to_10(db, signed_in, held, typed):
    page = submit(signed_in, held, "wellbeing-scores", {"stage": "close", **SCORES, "anxiety": typed}, 200)
    assert page.errors() == ["Enter a number from 0 to 10 for anxiety"]


def test_scores_typed_in_other_scripts_are_understood(db, signed_in, held):
    submit(signed_in, held, "wellbeing-scores", {"stage": "baseline", **SCORES, "anxiety": "٧"})
    assert db.scalar(select(WellbeingScore.score).where(WellbeingScore.question == "anxiety")) == 7


def test_a_plan_saved_on_an_old_copy_is_refused_and_the_current_one_shown(db, signed_in, held):
    page = signed_in.get(url(held))
    old_version = page.select("input[name=version]")[0]["value"]
    submit(signed_in, held, "plan", {"goals": "First", "review_on": ""})
    page = signed_in.submit(page, url(held, "plan"), {"version": old_version, "goals": "Second"}, expected_status=409)
    assert "Someone else changed this referral" in page.text("main")
    assert db.scalar(select(WellbeingPlan.goals)) == "First"


def test_another_link_worker_may_read_but_not_change_it(app, db, client, held):
    other = make_user(db, "alex.other@example.org", Role.LINK_WORKER, name="Alex Other")
    sign_in_as(client, db, other)
    page = client.get(url(held))
    assert not page.select("form[action$='/assessment']")
    client.submit(page, url(held, "assessment"), {"version": "1", "needs": "x"}, expected_status=403)
    assert db.scalar(select(Assessment)) is None
