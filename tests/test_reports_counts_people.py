"""The daily counts of the Needs, Who we reach, Unmet need and follow-up answers: made again
they change nothing, they follow an assessment, a referral to a group or an answer made after
a day was counted, and anonymising the referrals they count changes only what it takes out."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.data_protection import retention
from portal.followups.models import Answer, AnsweredBy, FollowUp
from portal.organisations.models import GroupReferral
from portal.referrals.models import Referral
from portal.reports.cli import rebuild
from portal.triage.models import Assessment
from tests import test_reports_groups, test_reports_people, test_reports_unmet
from tests.directory_helpers import listing
from tests.reports_helpers import NOW, rows
from tests.test_reports_counts import count_now, counts, every_report, live
from tests.triage_helpers import clock_at

needs, people, searches = test_reports_people.needs, test_reports_people.people, test_reports_unmet.searches
sent = test_reports_groups.sent


def unreferred_needs(client, app) -> list[str]:
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need")
    return [row[0] for row in rows(page, "Needs of referrals with no referral to a group")]


def test_people_and_searches_counted_again_change_nothing(app, db, needs, people, searches, sent):
    with app.app_context(), clock_at(app, NOW):
        rebuild(None, None)
    first = counts(db)
    assert first["report_person_day"]
    assert first["report_search_group_day"]
    assert first["report_follow_up_day"]
    count_now(app)
    with app.app_context(), clock_at(app, NOW):
        rebuild(None, None)
        rebuild(date(2026, 4, 1), date(2026, 4, 29))
    assert counts(db) == first


def test_the_counts_of_people_and_searches_give_the_live_numbers(app, client, db, coordinator, needs, people, searches):
    count_now(app)
    counted = every_report(client, app)
    live(db)
    assert every_report(client, app) == counted
    assert "Referrals in this period: 11" in counted["who-we-reach"][0]


def test_an_assessment_and_a_group_referral_after_counting_are_counted_by_the_next_run(
    app, client, db, coordinator, needs
):
    count_now(app)
    assert "Housing" in unreferred_needs(client, app)
    assessment = db.scalar(select(Assessment).where(Assessment.referral_id == needs[1].id))
    assessment.barriers = ["transport", "money"]
    with clock_at(app, NOW):
        walk = listing(db, "Walk", categories=["walking"])
    db.add(GroupReferral(referral_id=needs[2].id, listing_id=walk.id, organisation_id=walk.organisation_id,
                         person_name="A person", preferred_contact="phone", consent_recorded_at=NOW,
                         created_at=NOW, updated_at=NOW))  # fmt: skip
    db.commit()
    count_now(app, NOW + timedelta(minutes=5))
    counted = every_report(client, app)
    live(db)
    assert every_report(client, app) == counted
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need")
    assert ["Somewhere to live", "0"] not in [
        row[:2] for row in rows(page, "Needs of referrals with no referral to a group")
    ]


def test_anonymising_keeps_every_count_but_gender_and_ethnic_group(app, client, db, coordinator, needs, people):
    """Anonymising takes gender and ethnic group out (special category data), and keeps the
    rest the reports count: the counts follow the live tables either way."""
    count_now(app)
    before = every_report(client, app)
    every_id = list(db.scalars(select(Referral.id)))
    with app.app_context():
        retention.anonymise_ids(db, every_id)
        db.commit()
    count_now(app, NOW + timedelta(minutes=5))
    after = every_report(client, app)
    live(db)
    assert every_report(client, app) == after
    assert {slug: found for slug, found in after.items() if slug != "who-we-reach"} == {
        slug: found for slug, found in before.items() if slug != "who-we-reach"
    }
    (summary, (ages, genders, ethnic_groups, areas)), (_summary, tables) = after["who-we-reach"], before["who-we-reach"]
    assert (summary, ages, areas) == (before["who-we-reach"][0], tables[0], tables[3])
    assert genders[-1] == ["Not answered", "11"]
    assert ethnic_groups[-1] == ["Not answered", "11"]


def test_a_follow_up_answered_after_counting_is_counted_by_the_next_run(app, client, db, coordinator, sent):
    count_now(app)
    before = every_report(client, app)
    unanswered = db.scalar(select(FollowUp).where(FollowUp.answered_by.is_(None)))
    unanswered.answer, unanswered.answered_by, unanswered.answered_at = Answer.WENT, AnsweredBy.LINK, NOW
    db.commit()
    count_now(app, NOW + timedelta(minutes=5))
    counted = every_report(client, app)
    assert counted != before
    live(db)
    assert every_report(client, app) == counted
    with clock_at(app, NOW):
        answers = rows(client.get("/en/reports/where-people-went"), "Answers to “Did you go?”")
    assert ["No answer yet", "0"] in answers
