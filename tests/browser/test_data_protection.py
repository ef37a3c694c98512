"""The GP record pages and the data protection pages (subject access, its readable copy,
correcting and erasing details) in a browser without JavaScript, at 320 px: axe finds nothing,
and no page scrolls sideways, with and without error messages."""

from datetime import UTC, datetime

import pytest

from portal.accounts.models import Role
from portal.gp_record.models import CaseReferrer, CodedEvent, GpConsent
from tests.authz import make_user
from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling
from tests.browser.triage_walks import signed_in_page
from tests.gp_record_helpers import registered_person


def clean_at_320(page, what):
    page.set_viewport_size({"width": 320, "height": 640})
    violations = axe_violations(page)
    assert violations == [], what + describe(violations)
    assert fits_without_sideways_scrolling(page), what


@pytest.fixture
def coordinator_page(app, db, browser, live_server):
    arranged = registered_person(app, db, email="rosa.kowalska@example.org", email_as_typed="rosa.kowalska@example.org")
    at = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
    db.add(GpConsent(referral_id=arranged.person.id, sharing="full", asked_how="phone", recorded_at=at))
    db.add(CodedEvent(referral_id=arranged.person.id, code="871731000000106", recorded_at=at))
    db.add(CaseReferrer(referral_id=arranged.person.id, name="Dr Okafor", email="okafor@nhs.net"))
    make_user(db, "cora@example.org", Role.COORDINATOR, name="Cora Ordinator")
    db.commit()
    page = signed_in_page(browser, live_server, "cora@example.org", javascript=False)
    return page, arranged.person


@pytest.mark.browser
def test_the_gp_record_pages_are_clean_for_axe_at_320_px(coordinator_page, live_server):
    page, person = coordinator_page
    case = f"{live_server}/en/triage/referrals/{person.reference}"
    for path in (case, f"{case}/gp-message", f"{live_server}/en/coordinator/gp-codes-sent"):
        page.goto(path)
        clean_at_320(page, path)


@pytest.mark.browser
def test_subject_access_its_errors_its_results_and_its_readable_copy_are_clean(coordinator_page, live_server):
    page, _ = coordinator_page
    page.goto(f"{live_server}/en/data-protection/subject-access")
    clean_at_320(page, "the search")
    page.fill("#full_name", "Rosa Kowalska")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "date of birth too" in page.inner_text(".error-summary")
    clean_at_320(page, "the search's errors")
    page.fill("#date_of_birth", "1950-05-17")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.inner_text("#found") == "1 referral found"
    assert "Rosa" not in page.url
    clean_at_320(page, "the people found")
    with page.expect_navigation():
        page.locator("button[value=html]").click()
    assert page.inner_text("h1") == "The records we hold about you"
    clean_at_320(page, "the readable copy")


@pytest.mark.browser
def test_correcting_and_erasing_details_are_clean(coordinator_page, live_server):
    page, person = coordinator_page
    page.goto(f"{live_server}/en/data-protection/referrals/{person.reference}/correct")
    clean_at_320(page, "correcting")
    page.fill("#postcode", "nowhere")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Enter a real postcode" in page.inner_text(".error-summary")
    clean_at_320(page, "correcting's errors")
    page.fill("#postcode", "LS11 5AA")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Details corrected" in page.inner_text("main")
    page.goto(f"{live_server}/en/data-protection/referrals/{person.reference}/erase")
    clean_at_320(page, "erasing")
