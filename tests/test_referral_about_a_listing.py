"""From a listing, "Ask a link worker about this group" starts a call back that carries the
listing: its name in the journey and on the staff case page, only its id in the URL."""

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.referrals.models import Referral, ReferralKind
from tests import directory_helpers
from tests.authz import make_user, sign_in_as
from tests.referral_journeys import CALLBACK_ANSWERS, answer_all, path, send, take_time
from tests.triage_helpers import make_referral


@pytest.fixture
def listing(db):
    return directory_helpers.listing(db, name="Leeds Health Walks")


def ask_about(client, listing):
    page = client.get(f"/en/directory/listings/{listing.id}")
    link = page.one(f"main a[href='/en/ask-for-a-call-back?listing={listing.id}']")
    assert link.get_text(strip=True) == "Ask a link worker about this group"
    start_page = client.get(link["href"])
    form = start_page.form_values("main form")
    first = client.follow(client.submit(start_page, "/en/ask-for-a-call-back", form, expected_status=303))
    return start_page, first


def test_a_listing_offers_to_ask_a_link_worker_about_it(client, listing):
    start_page, first = ask_about(client, listing)
    assert "You are asking about: Leeds Health Walks" in start_page.text()
    assert start_page.one("main form input[name=listing]")["value"] == str(listing.id)
    assert path(first).endswith("/name-and-number")
    assert str(listing.id) not in path(first)


def test_the_call_back_carries_the_listing_to_check_answers_and_the_record(client, db, listing):
    _start, first = ask_about(client, listing)
    check = answer_all(client, first, CALLBACK_ANSWERS)
    rows = {row.select_one("dt").get_text(strip=True): row for row in check.select(".summary-list__row")}
    group = rows["Asking about"].select_one("a")
    assert (group.get_text(strip=True), group["href"]) == ("Leeds Health Walks", f"/en/directory/listings/{listing.id}")
    assert not rows["Asking about"].select(".summary-list__actions")
    take_time(db)
    send(client, check)
    referral = db.scalars(select(Referral)).one()
    assert (referral.answers["listing_id"], referral.answers["listing_name"]) == (listing.id, "Leeds Health Walks")


def test_a_listing_that_does_not_exist_starts_an_ordinary_call_back(client):
    for value in ("999999", "abc", "-1", "99999999999999"):
        page = client.get(f"/en/ask-for-a-call-back?listing={value}")
        assert "You are asking about" not in page.text() and not page.select("input[name=listing]")


def test_the_staff_case_page_shows_the_listing_asked_about(app, client, db, listing):
    referral = make_referral(
        app,
        db,
        kind=ReferralKind.CALLBACK,
        answers={"full_name": "Sam Jones", "listing_id": listing.id, "listing_name": "Leeds Health Walks"},
    )
    sign_in_as(client, db, make_user(db, "sam.worker@example.org", Role.LINK_WORKER, name="Sam Worker"))
    answers = client.get(f"/en/triage/referrals/{referral.reference}").one(".triage-answers")
    rows = {row.dt.get_text(strip=True): row.dd for row in answers.select(".summary-list__row")}
    assert rows["Asking about"].a["href"] == f"/en/directory/listings/{listing.id}"
    assert rows["Asking about"].get_text(strip=True) == "Leeds Health Walks"
    assert "listing_id" not in answers.get_text() and "listing_name" not in answers.get_text()
