"""Sessions end: on sign-out, after 30 minutes idle, after 12 hours, and everywhere at once."""

from datetime import timedelta

from sqlalchemy import select, update

from portal.accounts.models import Role, User, UserSession
from portal.db import utcnow
from tests.authz import current_code, make_user, sign_in_as, sign_in_with_pages
from tests.harness import PageClient


def age_session(db, **ago):
    db.execute(update(UserSession).values(**{name: utcnow() - value for name, value in ago.items()}))
    db.commit()


def signed_in_link_worker(client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, user)
    return user


def test_signing_out_ends_the_session(client, db):
    signed_in_link_worker(client, db)
    page = client.get("/en/account")
    response = client.submit(page, "/en/sign-out", {}, expected_status=303)
    assert response.response.headers["Location"] == "/en/signed-out"
    assert client.follow(response).h1 == "You have signed out"
    assert client.get("/en/account", expected_status=302).status == 302


def test_a_copy_of_the_cookie_stops_working_after_sign_out(app, client, db):
    signed_in_link_worker(client, db)
    page = client.get("/en/account")
    with client.session_transaction() as cookie:
        copied = dict(cookie)
    client.submit(page, "/en/sign-out", {}, expected_status=303)
    thief = PageClient(app.test_client())
    with thief.session_transaction() as cookie:
        cookie.update(copied)
    assert thief.get("/en/account", expected_status=302).status == 302


def test_thirty_minutes_without_activity_signs_staff_out_with_a_message(client, db):
    signed_in_link_worker(client, db)
    age_session(db, last_seen_at=timedelta(minutes=31))
    response = client.get("/en/account", expected_status=302)
    assert response.response.headers["Location"] == "/en/sign-in?next=/en/account"
    assert "had not done anything for 30 minutes" in client.follow(response).text(".notice")


def test_activity_keeps_the_session_going(client, db):
    signed_in_link_worker(client, db)
    age_session(db, last_seen_at=timedelta(minutes=29))
    client.get("/en/account")
    age_session(db, started_at=timedelta(minutes=45))  # the idle clock restarted at the last page
    client.get("/en/account")


def test_twelve_hours_after_signing_in_staff_sign_in_again_however_busy(client, db):
    signed_in_link_worker(client, db)
    age_session(db, started_at=timedelta(hours=12, minutes=1))
    response = client.get("/en/dashboard", expected_status=302)
    assert "12 hours" in client.follow(response).text(".notice")


def test_checking_the_time_left_does_not_keep_a_session_alive(client, db):
    signed_in_link_worker(client, db)
    age_session(db, last_seen_at=timedelta(minutes=26))
    status = client.get("/en/session-status").response.json
    assert status["signed_in"] is True and 200 <= status["seconds_left"] <= 240
    age_session(db, last_seen_at=timedelta(minutes=31))
    assert client.get("/en/session-status").response.json == {"signed_in": False, "seconds_left": 0}


def test_stay_signed_in_restarts_the_idle_clock(client, db):
    signed_in_link_worker(client, db)
    page = client.get("/en/account")
    age_session(db, last_seen_at=timedelta(minutes=27))
    response = client.submit(page, "/en/stay-signed-in", {"next": "/en/account"}, expected_status=303)
    assert response.response.headers["Location"] == "/en/account"
    assert client.get("/en/session-status").response.json["seconds_left"] > 29 * 60


def test_stay_signed_in_by_htmx_answers_with_no_content(client, db):
    signed_in_link_worker(client, db)
    page = client.get("/en/account")
    response = client.post(
        "/en/stay-signed-in", {"csrf_token": page.csrf_token()}, headers={"HX-Request": "true"}, expected_status=204
    )
    assert response.html == ""


def test_staff_pages_warn_about_the_timeout_in_plain_words_and_in_a_dialog(client, db):
    signed_in_link_worker(client, db)
    page = client.get("/en/account")
    assert "30 minutes without activity" in page.text(".session-notice")
    dialog = page.one("dialog[data-timeout-warning]")
    assert not dialog.has_attr("open")
    assert dialog.select_one("form[action='/en/stay-signed-in'] button")


def test_an_htmx_request_after_the_session_ended_redirects_the_whole_page(client, db):
    signed_in_link_worker(client, db)
    age_session(db, last_seen_at=timedelta(minutes=31))
    response = client.get("/en/account", headers={"HX-Request": "true"}, expected_status=204)
    assert response.response.headers["HX-Redirect"].startswith("/en/sign-in")


def test_sign_out_everywhere_ends_every_browser(app, client, db):
    user = signed_in_link_worker(client, db)
    other_browser = PageClient(app.test_client())
    sign_in_as(other_browser, db, user)
    page = client.get("/en/account")
    response = client.submit(page, "/en/account/sign-out-everywhere", {}, expected_status=303)
    assert client.follow(response).h1 == "You have been signed out on every device"
    assert other_browser.get("/en/account", expected_status=302).status == 302


def test_disabling_an_account_signs_it_out_at_once(app, client, db):
    user = signed_in_link_worker(client, db)
    coordinator = make_user(db, "boss@example.org", Role.COORDINATOR)
    coordinator_browser = PageClient(app.test_client())
    sign_in_as(coordinator_browser, db, coordinator)
    page = coordinator_browser.get(f"/en/users/{user.id}")
    coordinator_browser.submit(page, f"/en/users/{user.id}/disable", {}, expected_status=303)
    assert client.get("/en/account", expected_status=302).status == 302
    db.refresh(user)
    assert user.active is False and user.session_generation == 1


def test_a_new_password_signs_out_other_browsers_but_not_this_one(app, client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_with_pages(client, "sam@example.org", code=current_code())
    other_browser = PageClient(app.test_client())
    sign_in_as(other_browser, db, user)
    page = client.get("/en/account/password")
    data = {"current_password": "correct battery horse staple", "password": "a brand new long passphrase"}
    response = client.submit(page, "/en/account/password", data, expected_status=303)
    assert "signed out on every other device" in client.follow(response).text(".notice")
    assert other_browser.get("/en/account", expected_status=302).status == 302
    assert db.get(User, user.id) is not None


def test_signed_in_pages_are_never_cached(client, db):
    signed_in_link_worker(client, db)
    for path in ("/en/dashboard", "/en/account"):
        assert client.get(path).response.headers["Cache-Control"] == "no-store"


def test_exit_this_page_also_ends_a_signed_in_session(client, db):
    signed_in_link_worker(client, db)
    client.get("/en/account")
    client.get("/exit", expected_status=303)
    assert db.scalar(select(UserSession.ended_because)) == "exit"
