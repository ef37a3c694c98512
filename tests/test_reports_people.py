"""The Needs and Who we reach reports on a known set of referrals: exact numbers, small
numbers suppressed in the breakdowns by person characteristic and area, and an empty period."""

from __future__ import annotations

from datetime import date

import pytest

from portal.geo.importer import import_file
from portal.referrals.models import ReferralKind
from portal.triage.models import Assessment
from tests import reports_helpers
from tests.reports_helpers import NOW, at, captions, rows
from tests.triage_helpers import clock_at, make_referral

read_twice = reports_helpers.live_and_counted_client  # every test: live, and from the counts

EMPTY = "?period=chosen&since=2025-01-01&until=2025-01-31"


@pytest.fixture
def needs(app, db):
    with clock_at(app, NOW):
        asked = ((2, ["lonely", "money"]), (9, ["lonely"]), (14, ["housing"]), (20, ["lonely", "mental_wellbeing"]))
        made = [make_referral(app, db, needs=needs, submitted_at=at(day, 10)) for day, needs in asked]
        make_referral(app, db, needs=["money"], submitted_at=at(20, 10, month=3))
    db.add_all(
        [
            Assessment(referral_id=made[0].id, needs="", barriers=["transport", "confidence"]),
            Assessment(referral_id=made[1].id, needs="", barriers=["transport"]),
        ]
    )
    db.commit()
    return made


def test_needs_are_counted_from_the_journeys_and_the_assessments(app, client, coordinator, needs):
    with clock_at(app, NOW):
        page = client.get("/en/reports/needs")
    assert rows(page, "What people asked for help with") == [
        ["Help with", "Referrals", "Share (%)"],
        ["Feeling lonely or isolated", "3", "75"],
        ["Money, debt or benefits", "1", "25"],
        ["Housing", "1", "25"],
        ["Feeling low, stressed or anxious", "1", "25"],
    ]
    assert rows(page, "What could get in the way, from the assessments")[1:] == [
        ["Transport or getting there", "2"],
        ["Confidence", "1"],
    ]
    summary = page.text(".report-summary")
    assert "Referrals in this period: 4" in summary
    assert "Assessments of these referrals: 2" in summary


def test_needs_in_an_empty_period_say_so(app, client, coordinator, needs):
    with clock_at(app, NOW):
        page = client.get(f"/en/reports/needs{EMPTY}")
    assert "Referrals in this period: 0" in page.text(".report-summary")
    assert rows(page, "What people asked for help with")[1:] == [["Nothing in this period."]]


@pytest.fixture
def people(app, db, tmp_path):
    """Seven referrals in April: five alike, one anonymised (its age band and decile kept), one call back."""
    with clock_at(app, NOW):
        for day in range(1, 6):
            make_referral(
                app,
                db,
                submitted_at=at(day + 6, 10),
                date_of_birth=date(1985, 3, 27),
                gender="woman",
                ethnic_group="white",
                postcode="LS6 1UZ",
                outward_code="LS6",
            )
        make_referral(
            app,
            db,
            submitted_at=at(14, 10),
            age_band="18_24",
            ethnic_group="asian",
            outward_code="LS7",
            deprivation_decile=2,
        )
        make_referral(
            app, db, kind=ReferralKind.CALLBACK, submitted_at=at(15, 10), gender="prefer_not_to_say", outward_code=None
        )
        make_referral(app, db, submitted_at=at(15, 10, month=3), gender="man")


def with_deciles(db, tmp_path):
    postcodes = tmp_path / "postcodes.csv"
    postcodes.write_text(
        "postcode,latitude,longitude,IMD decile\nLS6 1UZ,53.83134,-1.56266,3\nLS7 1HG,53.8316,-1.5338,\n"
    )
    import_file(db, postcodes)
    db.commit()


def test_who_we_reach_counts_age_gender_ethnic_group_area_and_deprivation(
    app, client, db, tmp_path, coordinator, people
):
    with_deciles(db, tmp_path)
    with clock_at(app, NOW):
        page = client.get("/en/reports/who-we-reach")
    assert rows(page, "Age")[1:] == [
        ["Under 18", "0"],
        ["18 to 24", "<5"],
        ["25 to 34", "0"],
        ["35 to 49", "5"],
        ["50 to 64", "0"],
        ["65 to 74", "0"],
        ["75 and over", "0"],
        ["Not known", "<5"],
    ]
    assert rows(page, "Gender")[1:] == [
        ["Woman", "5"],
        ["Man", "0"],
        ["Non-binary", "0"],
        ["In another way", "0"],
        ["Prefer not to say", "<5"],
        ["Not answered", "<5"],
    ]
    assert rows(page, "Ethnic group")[1:] == [
        ["Asian, Asian British or Asian Welsh", "<5"],
        ["Black, Black British, Black Welsh, Caribbean or African", "0"],
        ["Mixed or Multiple ethnic groups", "0"],
        ["White", "5"],
        ["Other ethnic group", "0"],
        ["Prefer not to say", "0"],
        ["Not answered", "<5"],
    ]
    assert rows(page, "Area")[1:] == [["LS6", "5"], ["LS7", "<5"], ["Not known", "<5"]]
    assert rows(page, "Deprivation decile")[1:] == [
        ["1 (most deprived)", "0"],
        ["2", "<5"],
        ["3", "5"],
        *([str(decile), "0"] for decile in range(4, 10)),
        ["10 (least deprived)", "0"],
        ["Not known", "<5"],
    ]
    assert "Referrals in this period: 7" in page.text(".report-summary")


def test_without_deciles_in_the_postcode_table_the_report_says_how_to_load_them(app, client, coordinator, people):
    with clock_at(app, NOW):
        page = client.get("/en/reports/who-we-reach")
    assert "Deprivation decile" not in captions(page)
    assert "load a postcode file with an IMD decile column" in page.text(".report-summary")


def test_who_we_reach_in_an_empty_period_says_so(app, client, coordinator, people):
    with clock_at(app, NOW):
        page = client.get(f"/en/reports/who-we-reach{EMPTY}")
    assert "Referrals in this period: 0" in page.text(".report-summary")
    assert rows(page, "Gender")[1:] == [["Nothing in this period."]]


def test_the_who_we_reach_csv_suppresses_small_numbers_too(app, client, coordinator, people):
    with clock_at(app, NOW):
        response = client.get("/en/reports/who-we-reach/download.csv")
    text = response.response.get_data(as_text=True)
    assert "LS7,<5" in text
    assert "Woman,5" in text
