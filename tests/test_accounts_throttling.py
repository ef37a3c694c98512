"""Guessing passwords and codes is slowed down, but nobody can be locked out on purpose."""

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from tests.authz import PASSWORD, current_code, make_user, sign_in_with_pages
from tests.harness import PageClient

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}


def wrong_password(client, email="sam@example.org", environ=None, locale="en", expected_status=200):
    page = client.get(f"/{locale}/sign-in", environ_base=environ or {})
    return client.submit(
        page,
        f"/{locale}/sign-in",
        {"email": email, "password": "guess guess guess"},
        expected_status=expected_status,
        environ_base=environ or {},
    )


@pytest.fixture
def link_worker(db):
    return make_user(db, "sam@example.org", Role.LINK_WORKER)


def test_after_five_wrong_passwords_the_account_must_wait_and_is_told_how_long(client, link_worker):
    for _ in range(5):
        wrong_password(client)
    page = wrong_password(client, expected_status=429)
    assert page.h1 == "Too many attempts"
    assert "Wait 1 minute, then try again." in page.text()
    assert page.response.headers["Retry-After"]
    assert page.response.headers["Cache-Control"] == "no-store"


def test_the_too_many_attempts_page_is_translated(client, link_worker):
    for _ in range(5):
        wrong_password(client, locale="cy")
    page = wrong_password(client, locale="cy", expected_status=429)
    assert page.one("html")["lang"] == "cy" and page.h1 != "Too many attempts"


def test_the_limit_also_applies_from_another_address(app, client, link_worker):
    for _ in range(5):
        wrong_password(client)
    elsewhere = PageClient(app.test_client())
    wrong_password(elsewhere, environ={"REMOTE_ADDR": "198.51.100.7"}, expected_status=429)


def test_successful_sign_ins_do_not_count_against_the_limit(app, link_worker):
    for _ in range(7):
        browser = PageClient(app.test_client())
        after_password = sign_in_with_pages(browser, "sam@example.org")
        assert after_password.response.headers["Location"].startswith("/en/sign-in/")


def test_an_attacker_filling_the_limit_cannot_lock_out_someone_on_a_browser_they_have_used(app, client, link_worker):
    sign_in_with_pages(client, "sam@example.org", code=current_code())  # a known device from now on
    client.post("/en/sign-out", {"csrf_token": client.get("/en/account").csrf_token()})
    attacker = PageClient(app.test_client())
    for _ in range(5):
        wrong_password(attacker, environ=ATTACKER)
    wrong_password(attacker, environ=ATTACKER, expected_status=429)
    page = client.get("/en/sign-in")
    client.submit(page, "/en/sign-in", {"email": "sam@example.org", "password": PASSWORD}, expected_status=303)


def test_a_known_device_cookie_helps_only_its_own_account(app, client, db, link_worker):
    make_user(db, "kim@example.org", Role.LINK_WORKER)
    sign_in_with_pages(client, "kim@example.org", code=current_code())
    client.post("/en/sign-out", {"csrf_token": client.get("/en/account").csrf_token()})
    for _ in range(5):
        wrong_password(client)  # guesses at Sam's account from Kim's browser
    wrong_password(client, expected_status=429)


def test_one_address_guessing_many_accounts_is_slowed_down(app, client):
    app.config["ACCOUNTS_SIGN_IN_LIMIT_PER_ADDRESS"] = "3 per minute"
    for number in range(3):
        wrong_password(client, email=f"person{number}@example.org")
    wrong_password(client, email="person9@example.org", expected_status=429)


def test_people_sharing_an_address_are_not_shut_out_by_each_others_mistakes(app, link_worker):
    office = {"REMOTE_ADDR": "198.51.100.20"}
    for number in range(40):
        wrong_password(PageClient(app.test_client()), email=f"colleague{number}@example.org", environ=office)
    newcomer = PageClient(app.test_client())  # never signed in here: no known-device cookie
    page = newcomer.get("/en/sign-in", environ_base=office)
    data = {"email": "sam@example.org", "password": PASSWORD}
    newcomer.submit(page, "/en/sign-in", data, expected_status=303, environ_base=office)


def test_wrong_codes_are_limited_too(client, link_worker):
    code_page = client.follow(sign_in_with_pages(client, "sam@example.org"))
    wrong = "000000" if current_code() != "000000" else "111111"
    for _ in range(5):
        client.submit(code_page, "/en/sign-in/code", {"code": wrong}, expected_status=200)
    client.submit(code_page, "/en/sign-in/code", {"code": current_code()}, expected_status=429)


def test_asking_for_reset_links_again_and_again_is_limited(client):
    for _ in range(3):
        page = client.get("/en/reset-password")
        client.submit(page, "/en/reset-password", {"email": "sam@example.org"}, expected_status=303)
    page = client.get("/en/reset-password")
    client.submit(page, "/en/reset-password", {"email": "sam@example.org"}, expected_status=429)


def test_being_stopped_is_audited(client, db, link_worker):
    for _ in range(5):
        wrong_password(client)
    wrong_password(client, expected_status=429)
    actions = db.scalars(select(AuditEvent.action)).all()
    assert actions.count("sign_in.failed") == 5 and actions.count("access.throttled") == 1


def test_the_wait_grows_as_failures_mount(app, client, link_worker):
    app.config["ACCOUNTS_SIGN_IN_LIMIT_PER_ACCOUNT"] = "10 per minute;3 per hour"
    try:
        for _ in range(3):
            wrong_password(client)
        page = wrong_password(client, expected_status=429)
    finally:
        app.config["ACCOUNTS_SIGN_IN_LIMIT_PER_ACCOUNT"] = "5 per minute;20 per hour;100 per day"
    minutes = int(page.text().split("Wait ")[1].split(" ")[0])
    assert 1 < minutes <= 60


def test_in_production_the_known_device_cookie_is_host_only_and_secure(client, link_worker, monkeypatch):
    from dataclasses import replace

    settings = client.application.config["SETTINGS"]
    monkeypatch.setitem(client.application.config, "SETTINGS", replace(settings, env="production"))
    monkeypatch.setitem(client.application.config, "SESSION_COOKIE_SECURE", True)
    page = client.get("/en/sign-in")
    client.submit(page, "/en/sign-in", {"email": "sam@example.org", "password": PASSWORD}, expected_status=303)
    code_page = client.get("/en/sign-in/code")
    response = client.submit(code_page, "/en/sign-in/code", {"code": current_code()}, expected_status=303)
    cookie = next(h for h in response.response.headers.getlist("Set-Cookie") if h.startswith("__Host-device="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/" in cookie and "Domain" not in cookie
    assert "SameSite=Strict" in cookie
