"""Finding a referral from the queue: by reference (with or without the space, in any case),
by name or by phone number; by POST, so nothing personal is in a URL; every search audited
without what was typed."""

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from tests.authz import make_user, sign_in_as
from tests.teams_helpers import make_team
from tests.triage_helpers import make_referral


@pytest.fixture
def signed_in(client, db):
    sign_in_as(client, db, make_user(db, "sam.worker@example.org", Role.LINK_WORKER))
    return client


def search(client, typed, expected_status=200):
    queue = client.get("/en/triage")
    return client.submit(queue, "/en/triage/search", {"q": typed}, expected_status=expected_status)


def found(page):
    return [cell.select_one("a").get_text() for cell in page.select("table.triage-queue tbody th")]


@pytest.mark.parametrize("typed", ["{ref}", "{ref_spaced}", "{ref_lower}", " {ref_spaced_lower} "])
def test_a_reference_is_found_however_it_is_typed(app, db, signed_in, typed):
    referral = make_referral(app, db, reference="KM4Q7TRA")
    make_referral(app, db)
    text = typed.format(ref="KM4Q7TRA", ref_spaced="KM4Q 7TRA", ref_lower="km4q7tra", ref_spaced_lower="km4q 7tra")
    page = search(signed_in, text)
    assert found(page) == [referral.reference]
    assert page.one("#search-results").get_text() == "1 referral found"


def test_a_closed_referral_is_found_by_its_reference(app, db, signed_in):
    closed = make_referral(app, db, reference="CDEF3467", status="closed")
    assert found(search(signed_in, "cdef 3467")) == [closed.reference]


def test_a_name_finds_open_referrals_by_part_of_it_in_any_case(app, db, signed_in):
    amira = make_referral(app, db, full_name="Amira Hussain")
    make_referral(app, db, full_name="Amir Khan", status="closed")
    make_referral(app, db, full_name="Gareth Price")
    page = search(signed_in, "hussain")
    assert found(page) == [amira.reference]
    assert "Amira Hussain" in page.text("table")


def test_a_phone_number_is_found_however_it_is_typed(app, db, signed_in):
    caller = make_referral(app, db, phone="+447700900123")
    make_referral(app, db, phone="+447700900999")
    assert found(search(signed_in, "07700 900123")) == [caller.reference]
    assert found(search(signed_in, "+44 7700 900 123")) == [caller.reference]


def test_every_team_is_searched_and_each_result_says_its_team(app, db, signed_in):
    money = make_team(db, "Money advice", roles=["adviser"])
    theirs = make_referral(app, db, full_name="Jan Kowalski", team_id=money.id)
    page = search(signed_in, "Kowalski")
    assert found(page) == [theirs.reference] and "Money advice" in page.text("table")


def test_nothing_found_says_what_to_try(app, db, signed_in):
    make_referral(app, db, full_name="Gareth Price")
    page = search(signed_in, "Nobody")
    assert page.one("#search-results").get_text() == "0 referrals found"
    assert "try part of the name" in page.text()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter a reference, a name or a phone number"), ("x" * 101, "Enter 100 characters or fewer")],
)
def test_a_search_that_cannot_be_made_says_why(app, db, signed_in, typed, message):
    page = search(signed_in, typed)
    assert page.errors() == [message]
    assert page.title.startswith("Error:")


def test_every_search_is_audited_with_what_it_found_but_not_what_was_typed(app, db, signed_in):
    amira = make_referral(app, db, full_name="Amira Hussain")
    search(signed_in, "Amira")
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "triage.queue_searched")).one()
    assert event.detail == {"by": ["name"], "found": 1, "references": [amira.reference]}
    assert "Amira" not in str(event.detail)


def test_the_search_is_a_post_and_its_page_is_never_cached(app, db, signed_in):
    page = search(signed_in, "Amira")
    assert page.response.headers["Cache-Control"] == "no-store"
    assert signed_in.get("/en/triage/search", expected_status=405).status == 405
    form = signed_in.get("/en/triage").one("form.triage-search")
    assert form["method"] == "post"
