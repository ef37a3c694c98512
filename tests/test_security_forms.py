"""Forms that fail their CSRF check, and error pages, used against the person who sees them
(issue 10, items 2 and 3)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.referrals.models import Referral
from tests.authz import COORDINATOR, EDITOR_A, MATRIX, build_world, sign_in_as
from tests.harness import PageClient
from tests.referral_journeys import draft, path, start, walk

FORGED = "a-token-from-somewhere-else"
STAFF_ACTIONS = [row for row in MATRIX if row.method == "POST"]


def session_cookies_set(response) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]


@pytest.mark.parametrize("actor", [COORDINATOR, EDITOR_A])
def test_no_staff_action_refused_by_its_csrf_check_is_offered_again(client, db, actor):
    world = build_world(db)
    sign_in_as(client, db, world.actors[actor])
    offered = []
    for row in STAFF_ACTIONS:
        page = client.post(row.path(world), {"csrf_token": FORGED, **row.data(world)}, expected_status=400)
        if page.h1 != "This form has expired" or page.select("main form") or "Send again" in page.html:
            offered.append(row.endpoint)
    assert offered == []


def test_a_forged_disable_is_not_one_click_from_happening(client, db):
    world = build_world(db)
    sign_in_as(client, db, world.actors[COORDINATOR])
    target = f"/en/users/{world.other_staff.id}/disable"
    page = client.post(target, {"csrf_token": FORGED}, expected_status=400)
    assert "Nothing was sent or changed" in page.text()
    assert not page.select(f"form[action='{target}']")
    db.expire_all()
    assert db.get(User, world.other_staff.id).active


def test_the_expired_page_leads_back_to_the_page_the_form_was_on(client):
    page = client.post("/en/reset-password", {"csrf_token": FORGED, "email": "sam@example.org"}, expected_status=400)
    assert page.one("main a[href='/en/reset-password']")
    assert "sam@example.org" not in page.html


def test_a_question_whose_form_expired_shows_what_was_typed_without_saving_it(client, db):
    question = start(client)
    page = client.post(path(question), {"csrf_token": FORGED, "urgent": "no"}, expected_status=400)
    assert "your answer was not saved" in page.text()
    assert page.one("input[name=urgent][value=no]").has_attr("checked")
    assert "urgent" not in draft(db).answers
    client.submit(page, path(question), page.form_values(), expected_status=303)
    db.expire_all()
    assert draft(db).answers["urgent"] == "no"


def test_an_answer_forged_from_another_site_finds_no_draft_and_changes_nothing(app, client, db):
    question = start(client)
    other_site = PageClient(app.test_client())  # a cross-site POST carries none of our cookies
    page = other_site.post(path(question), {"csrf_token": FORGED, "urgent": "yes"}, expected_status=400)
    assert page.h1 == "Your answers could not be kept"
    assert session_cookies_set(page.response) == []
    assert "urgent" not in draft(db).answers


def test_sending_after_the_form_expired_keeps_the_answers_and_sends_nothing(client, db):
    check = walk(client)
    sent = client.post(path(check), {**check.form_values(), "csrf_token": FORGED}, expected_status=303)
    page = client.follow(sent)
    assert page.h1 == check.h1 and "Your answers are kept" in page.text()
    assert db.scalars(select(Referral)).all() == []


def test_a_cross_site_post_never_replaces_a_signed_in_session(app, client, db):
    world = build_world(db)
    sign_in_as(client, db, world.actors[COORDINATOR])
    other_site = app.test_client()
    for row in STAFF_ACTIONS:
        response = other_site.post(row.path(world), data=row.data(world))
        assert response.status_code == 400 and session_cookies_set(response) == [], row.endpoint
    assert client.get("/en/dashboard", expected_status=200)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [("POST", "/en/no-such-page", 404), ("POST", "/en/", 405), ("POST", "/en/test/form", 400)],
)
def test_no_error_page_starts_a_session(client, method, url, status):
    response = client.client.open(url, method=method)
    assert response.status_code == status
    assert session_cookies_set(response) == []


def test_a_person_half_way_through_keeps_their_draft_after_a_cross_site_post(app, client, db):
    check = walk(client)
    response = app.test_client().post(path(check), data={"submission_token": "x"})
    assert response.status_code == 400 and session_cookies_set(response) == []
    assert client.get(path(check)).h1 == check.h1
