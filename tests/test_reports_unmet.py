"""The Unmet need report on a known set of searches and referrals: searches that found little
by kind, filter, language and area (small numbers by area suppressed), the nearest offer, the
needs of referrals no group was found for, and an empty period."""

from __future__ import annotations

import pytest

from portal.directory.models import SearchRecord
from portal.organisations.models import GroupReferral
from tests import reports_helpers
from tests.directory_helpers import listing, with_postcodes
from tests.reports_helpers import NOW, at, rows
from tests.triage_helpers import clock_at, make_referral

read_twice = reports_helpers.live_and_counted_client  # every test: live, and from the counts

HEADER = ["Searches that found little", "Searches"]


def searched(db, times, moment, **facts):
    db.add_all(SearchRecord(created_at=moment, place_outcome="full", **facts) for _ in range(times))


@pytest.fixture
def searches(app, db):
    with_postcodes(db)
    with clock_at(app, NOW):
        listing(db, "Walk", categories=["walking"])  # at LS6 1AN
    words = {"distance": 3, "words": True}
    today = {"when": ["today"], "distance": 3, "words": False}
    searched(db, 6, at(7, 9), categories=["gardening"], filters=words, locale="en", outward_code="LS6", result_count=0)
    searched(db, 2, at(8, 9), categories=["walking"], filters=today, locale="pl", outward_code="LS7", result_count=1)
    searched(db, 3, at(9, 9), categories=[], filters={"distance": 3}, locale="en", outward_code=None, result_count=10)
    march = at(9, 9, month=3)
    searched(db, 1, march, categories=["gardening"], filters=words, locale="en", outward_code="LS6", result_count=0)
    db.commit()


def test_searches_that_found_little_are_counted_by_kind_filter_language_and_area(app, client, coordinator, searches):
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need")
    assert rows(page, "Searches by kind of activity") == [
        ["Kind of activity", *HEADER],
        ["Gardening and growing food", "6", "6"],
        ["Walking and outdoors", "2", "2"],
        ["Any kind", "0", "3"],
    ]
    assert rows(page, "Searches by filter")[1:] == [
        ["Within 3 miles", "8", "11"],
        ["Words typed", "6", "6"],
        ["When: On today", "2", "2"],
    ]
    assert rows(page, "Searches by language of the page")[1:] == [["English", "6", "9"], ["Polish", "2", "2"]]
    assert rows(page, "Searches by area")[1:] == [["LS6", "6", "6"], ["LS7", "<5", "<5"], ["No place given", "0", "<5"]]
    summary = page.text(".report-summary")
    assert "Searches in this period: 11" in summary
    assert "Searches that found nothing or fewer than 3 listings: 8" in summary


def test_what_was_asked_for_in_an_area_is_shown_with_the_nearest_offer(app, client, coordinator, searches):
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need")
    assert rows(page, "Asked for, and the nearest offer") == [
        ["Kind of activity", "Area", "Searches that found little", "Nearest offer", "Miles"],
        ["Gardening and growing food", "LS6", "6", "None listed", ""],
        ["Walking and outdoors", "LS7", "<5", "Walk", "1.5"],
    ]


def test_an_area_narrows_the_searches_counted(app, client, coordinator, searches):
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need?area=LS7")
    assert rows(page, "Searches by area")[1:] == [["LS7", "<5", "<5"]]


def test_needs_of_referrals_with_no_referral_to_a_group_are_counted(app, client, db, coordinator, searches):
    with clock_at(app, NOW):
        referred = make_referral(app, db, needs=["lonely", "money"], submitted_at=at(2, 10))
        make_referral(app, db, needs=["lonely"], submitted_at=at(9, 10))
        make_referral(app, db, needs=["lonely", "housing"], submitted_at=at(14, 10))
        walk = listing(db, "Walk again", categories=["walking"])
    db.add(
        GroupReferral(
            referral_id=referred.id,
            listing_id=walk.id,
            organisation_id=walk.organisation_id,
            person_name="A person",
            preferred_contact="phone",
            consent_recorded_at=at(3, 9),
            created_at=at(3, 9),
        )
    )
    db.commit()
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need")
    assert rows(page, "Needs of referrals with no referral to a group")[1:] == [
        ["Feeling lonely or isolated", "2", "100"],
        ["Housing", "1", "50"],
    ]
    assert "Referrals with no referral to a group: 2" in page.text(".report-summary")


def test_unmet_need_in_an_empty_period_says_so(app, client, coordinator, searches):
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need?period=chosen&since=2025-01-01&until=2025-01-31")
    assert "Searches in this period: 0" in page.text(".report-summary")
    assert rows(page, "Asked for, and the nearest offer")[1:] == [["Nothing in this period."]]
