"""The Reports section: a known set of referrals counted exactly, for coordinators and for a
link worker's own caseload, on the page and in the CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from portal.accounts.models import Role
from portal.directory.models import ListingStatus
from portal.organisations.models import GroupReferral, GroupReferralStatus, ProblemReport
from portal.referrals.models import Referral, ReferralKind
from portal.triage.models import ContactAttempt, ContactOutcome, WellbeingScore
from tests import reports_helpers
from tests.authz import make_user, sign_in_as
from tests.directory_helpers import listing
from tests.reports_helpers import NOW, at, rows
from tests.triage_helpers import clock_at, make_referral

read_twice = reports_helpers.live_and_counted_client


def attempt(db, referral, moment, outcome=ContactOutcome.NO_ANSWER):
    db.add(ContactAttempt(referral_id=referral.id, made_at=moment, method="phone", outcome=outcome))
    db.commit()


@pytest.fixture
def april(app, db):
    """Nine referrals received in April (UK time), one on the last evening of March."""
    with clock_at(app, NOW):
        first = make_referral(app, db, submitted_at=at(2, 11), status="in_support")
        attempt(db, first, at(7, 11))  # 1 working day: across Good Friday and Easter Monday
        attempt(db, first, at(8, 11), ContactOutcome.SPOKE)
        call = make_referral(app, db, kind=ReferralKind.CALLBACK, submitted_at=at(13, 9), status="in_support")
        attempt(db, call, at(13, 10), ContactOutcome.SPOKE)
        make_referral(
            app, db, for_someone_else=True, submitted_at=at(14, 9), status="closed", closing_reason="unable_to_contact"
        )
        polish = [
            make_referral(app, db, language="pl", interpreter_needed=True, submitted_at=at(15, 9)) for _ in range(4)
        ]
        make_referral(app, db, language="pl", interpreter_needed=True, source="phone", submitted_at=at(15, 9))
        attempt(db, polish[0], at(22, 9), ContactOutcome.VOICEMAIL)  # 5 working days
        make_referral(app, db, submitted_at=at(31, 23, month=3), status="closed", closing_reason="supported")
        make_referral(app, db, submitted_at=at(31, 22, month=3))  # 23:00 on 31 March in the UK: March
    return first


def test_referrals_are_counted_by_week_and_route(app, client, coordinator, april):
    with clock_at(app, NOW):
        page = client.get("/en/reports/referrals")
    assert rows(page, "Referrals by week and route") == [
        ["Week starting", "Self-referral", "Call back", "On someone's behalf", "Entered by staff", "Total"],
        ["2026-03-30", "2", "0", "0", "0", "2"],
        ["2026-04-13", "4", "1", "1", "1", "7"],
    ]
    assert "Referrals in this period: 9" in page.text(".report-summary")
    assert page.one("svg[role=img] title").get_text() == "Referrals"


def test_languages_under_five_are_suppressed(app, client, coordinator, april):
    with clock_at(app, NOW):
        page = client.get("/en/reports/referrals")
    assert rows(page, "Referrals by language")[1:] == [
        ["Polish", "5", "0", "5"],
        ["English", "0", "<5", "<5"],
    ]


def test_responsiveness_counts_working_days_across_the_easter_bank_holidays(app, client, coordinator, april):
    with clock_at(app, NOW):
        page = client.get("/en/reports/responsiveness")
    assert rows(page, "Working days from receipt")[1:] == [
        ["First contact attempt", "3", "1", "5", "22"],
        ["First conversation", "2", "1.5", "2", "22"],
    ]
    assert rows(page, "Now")[1:] == [["Overdue now", "6"], ["Unable to contact", "1"]]


def test_an_empty_period_says_so(app, client, coordinator, april):
    with clock_at(app, NOW):
        page = client.get("/en/reports/responsiveness?period=chosen&since=2025-01-01&until=2025-01-31")
    assert "Referrals in this period: 0" in page.text(".report-summary")
    assert rows(page, "Working days from receipt")[1] == ["First contact attempt", "0", "", "", ""]


def test_a_team_and_an_area_narrow_the_count(app, client, coordinator, april):
    with clock_at(app, NOW):
        page = client.get("/en/reports/referrals?area=ls99")
    assert "Referrals in this period: 0" in page.text(".report-summary")
    assert "Nothing in this period." in page.text("table")


def test_the_csv_has_the_same_numbers(app, client, coordinator, april):
    with clock_at(app, NOW):
        response = client.get("/en/reports/referrals/download.csv?period=this_month")
    lines = list(csv.reader(io.StringIO(response.response.get_data(as_text=True))))
    assert lines[0] == ["Referrals", "1 April 2026 to 30 April 2026"]
    assert ["2026-04-13", "4", "1", "1", "1", "7"] in lines
    assert ["English", "0", "<5", "<5"] in lines


def test_a_link_worker_sees_only_their_own_caseload(app, client, db, april):
    worker = make_user(db, "worker@example.org", Role.LINK_WORKER)
    april.holder_id = worker.id
    db.add(april)
    db.commit()
    sign_in_as(client, db, worker)
    with clock_at(app, NOW):
        page = client.get("/en/reports/referrals")
    assert "Referrals in this period: 1" in page.text(".report-summary")
    assert "Your caseload" in page.text("main")


def test_last_quarter_is_the_three_months_before_this_one(app, client, coordinator, april):
    with clock_at(app, NOW):
        page = client.get("/en/reports?period=last_quarter")
    assert "1 January 2026 to 31 March 2026" in page.text("main")
    link = page.select("main ul.list a")[0]["href"]
    assert link == "/en/reports/referrals?period=last_quarter"


@pytest.fixture
def groups(app, db, april):
    """Three listings, four referrals to groups, two problem reports, two closed referrals."""
    with clock_at(app, NOW):
        walk = listing(db, "Walk", last_checked_at=at(1, 9).isoformat())
        choir = listing(db, "Choir", last_checked_at=datetime(2025, 8, 1, tzinfo=UTC).isoformat())
        art = listing(db, "Art", last_checked_at=datetime(2024, 1, 1, tzinfo=UTC).isoformat())
    art.status = ListingStatus.PAUSED
    sent = [
        (walk, GroupReferralStatus.ACCEPTED, at(7, 9), at(8, 9)),  # 1 working day
        (walk, GroupReferralStatus.ATTENDED, at(2, 9), at(7, 10)),  # 2: across Good Friday and Easter Monday
        (choir, GroupReferralStatus.DECLINED, at(14, 9), at(17, 9)),  # 3
        (choir, GroupReferralStatus.SENT, at(20, 9), None),
    ]
    for made, status, created, answered in sent:
        db.add(
            GroupReferral(
                referral_id=april.id,
                listing_id=made.id,
                organisation_id=made.organisation_id,
                person_name="A person",
                preferred_contact="phone",
                consent_recorded_at=created,
                status=status,
                created_at=created,
                answered_at=answered,
            )
        )
    db.add_all(
        [
            ProblemReport(listing_id=walk.id, kind="closed"),
            ProblemReport(listing_id=choir.id, kind="other", resolved_at=at(10, 9)),
        ]
    )
    db.execute(
        update(Referral).where(Referral.closing_reason.is_not(None)).values(closed_at=at(20, 9), status="closed")
    )
    db.commit()


def test_where_people_went_counts_referrals_to_groups_and_closing_reasons(app, client, coordinator, groups):
    with clock_at(app, NOW):
        page = client.get("/en/reports/where-people-went")
    assert rows(page, "Referrals to groups") == [
        [
            "Group",
            "Waiting for the group",
            "Accepted",
            "Declined",
            "Came along",
            "Did not come",
            "Cancelled by the link worker",
            "Total",
        ],
        ["Choir", "1", "0", "1", "0", "0", "0", "2"],
        ["Walk", "0", "1", "0", "1", "0", "0", "2"],
    ]
    assert rows(page, "Closing reason")[1:] == [["Supported and connected", "1"], ["Unable to contact", "1"]]
    assert "Referrals to groups: 4" in page.text(".report-summary")


def test_directory_health_counts_listings_problems_and_groups_answers(app, client, coordinator, groups):
    with clock_at(app, NOW):
        page = client.get("/en/reports/directory-health")
    assert rows(page, "Listings")[1:] == [
        ["Checked in the last 6 months", "1"],
        ["Checked in the last 12 months", "2"],
        ["Not checked for 6 months", "1"],
        ["Paused or closed", "1"],
        ["Open problem reports", "1"],
    ]
    assert rows(page, "Groups' answers to referrals")[1:] == [["Groups' answers to referrals", "4", "2", "3", "75"]]


def score(db, referral, stage, question, value, moment):
    db.add(WellbeingScore(referral_id=referral.id, stage=stage, question=question, score=value, recorded_at=moment))


def test_outcomes_compare_the_first_baseline_with_the_latest_follow_up(app, client, db, coordinator):
    life = [(4, 1), (5, 6), (6, 6), (3, 5), (5, 4), (7, 8)]
    anxiety = [(8, 5), (7, 7), (6, 7), (5, 3), (9, 6), (4, 4)]
    with clock_at(app, NOW):
        people = [make_referral(app, db, submitted_at=at(2, 9, month=1)) for _ in range(7)]
    for number, person in enumerate(people[:6]):
        for question, (before, after) in (("life_satisfaction", life[number]), ("anxiety", anxiety[number])):
            score(db, person, "baseline", question, before, at(5, 9, month=1))
            score(db, person, "follow_up", question, after, at(10, 9))
        if number < 3:
            score(db, person, "baseline", "happiness", 5, at(5, 9, month=1))
            score(db, person, "close", "happiness", 7, at(12, 9))
    score(db, people[0], "close", "life_satisfaction", 6, at(11, 9))  # later than its follow-up: counted
    score(db, people[6], "baseline", "life_satisfaction", 2, at(5, 9, month=1))
    score(db, people[6], "follow_up", "life_satisfaction", 9, at(5, 9, month=3))  # not in April
    db.commit()
    with clock_at(app, NOW):
        page = client.get("/en/reports/outcomes")
    assert rows(page, "Wellbeing (ONS4)")[1:] == [
        ["Life satisfaction", "6", "5.0", "5.8", "0.8", "67"],
        ["Things they do are worthwhile", "0", "", "", "", ""],
        ["Happiness yesterday", "<5", "", "", "", ""],
        ["Anxiety yesterday", "6", "6.5", "5.3", "-1.2", "50"],
    ]
