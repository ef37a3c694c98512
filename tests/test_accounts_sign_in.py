"""Signing in with a password and a code from an authenticator app."""

from datetime import timedelta

from argon2 import PasswordHasher
from sqlalchemy import select

from portal.accounts.models import Role, User
from portal.db import utcnow
from tests.authz import (
    PASSWORD,
    TOTP_SECRET,
    current_code,
    make_organisation,
    make_user,
    sign_in_with_pages,
)
from tests.harness import PageClient

WRONG_DETAILS = "The email address and password do not match an account. Check them and try again"


def test_the_footer_links_to_sign_in_on_every_public_page(client):
    footer_links = {link["href"] for link in client.get("/cy/contact").select(".site-footer a")}
    assert "/cy/sign-in" in footer_links


def test_a_link_worker_signs_in_with_their_password_and_a_code(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    response = sign_in_with_pages(client, "sam@example.org", code=current_code())
    assert response.response.headers["Location"] == "/en/dashboard"
    dashboard = client.follow(response)
    assert dashboard.h1 == "Hello, Sam"
    assert dashboard.one("form[action='/en/sign-out'] button").get_text(strip=True) == "Sign out"


def test_after_the_password_a_link_worker_is_asked_for_a_code(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    response = sign_in_with_pages(client, "sam@example.org")
    assert response.response.headers["Location"] == "/en/sign-in/code"
    assert client.get("/en/dashboard", expected_status=302).status == 302  # not signed in yet


def test_the_email_address_is_not_case_sensitive(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    response = sign_in_with_pages(client, "  Sam@Example.ORG ", code=current_code())
    assert response.response.headers["Location"] == "/en/dashboard"


def test_a_wrong_password_and_an_unknown_email_get_the_same_clear_message(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    messages = []
    for email, password in (("sam@example.org", "not my password at all"), ("nobody@example.org", PASSWORD)):
        page = client.get("/en/sign-in")
        failed = client.submit(page, "/en/sign-in", {"email": email, "password": password}, expected_status=200)
        messages.append(failed.errors())
        assert failed.title.startswith("Error:")
    assert messages == [[WRONG_DETAILS], [WRONG_DETAILS]]


def test_the_sign_in_form_says_what_is_missing(client):
    page = client.get("/en/sign-in")
    failed = client.submit(page, "/en/sign-in", {"email": "", "password": ""}, expected_status=200)
    assert failed.errors() == ["Enter your email address", "Enter your password"]


def test_a_disabled_account_cannot_sign_in_and_is_not_told_why(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER, active=False)
    page = client.get("/en/sign-in")
    failed = client.submit(page, "/en/sign-in", {"email": "sam@example.org", "password": PASSWORD}, expected_status=200)
    assert failed.errors() == [WRONG_DETAILS]


def test_a_wrong_code_gets_a_clear_message(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    code_page = client.follow(sign_in_with_pages(client, "sam@example.org"))
    wrong = "000000" if current_code() != "000000" else "111111"
    failed = client.submit(code_page, "/en/sign-in/code", {"code": wrong}, expected_status=200)
    assert failed.errors() == ["That code did not work. Enter the newest code from your authenticator app"]
    assert failed.title.startswith("Error:")


def test_a_code_that_is_not_six_digits_gets_its_own_message(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    code_page = client.follow(sign_in_with_pages(client, "sam@example.org"))
    failed = client.submit(code_page, "/en/sign-in/code", {"code": "12345"}, expected_status=200)
    assert failed.errors() == ["The code must be 6 digits"]


def test_a_code_typed_in_urdu_digits_works(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    urdu = current_code().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert sign_in_with_pages(client, "sam@example.org", code=urdu).response.headers["Location"] == "/en/dashboard"


def test_a_code_cannot_be_used_twice(app, client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    code = current_code()
    sign_in_with_pages(client, "sam@example.org", code=code)
    someone_else = PageClient(app.test_client())
    code_page = someone_else.follow(sign_in_with_pages(someone_else, "sam@example.org"))
    replayed = someone_else.submit(code_page, "/en/sign-in/code", {"code": code}, expected_status=200)
    assert replayed.errors() == ["That code did not work. Enter the newest code from your authenticator app"]


def test_the_code_page_cannot_be_reached_without_the_password(client):
    response = client.get("/en/sign-in/code", expected_status=303)
    assert response.response.headers["Location"] == "/en/sign-in"


def test_a_half_finished_sign_in_expires_after_ten_minutes(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_with_pages(client, "sam@example.org")
    with client.session_transaction() as cookie:
        pending = cookie["pending_sign_in"]
        cookie["pending_sign_in"] = {**pending, "since": (utcnow() - timedelta(minutes=11)).isoformat()}
    assert client.get("/en/sign-in/code", expected_status=303).response.headers["Location"] == "/en/sign-in"


def test_staff_without_an_app_set_one_up_when_they_first_sign_in(client, db):
    make_user(db, "new@example.org", Role.COORDINATOR, with_app=False)
    response = sign_in_with_pages(client, "new@example.org")
    assert response.response.headers["Location"] == "/en/sign-in/set-up-authenticator"
    page = client.follow(response)
    svg = page.one(".qr-code-box svg")
    assert svg["role"] == "img" and svg.get("aria-label")
    assert not page.select(".qr-code-box img") and "data:" not in str(svg)
    key = page.one(".totp-key").get_text().replace(" ", "")
    assert len(key) == 32
    codes_page = client.submit(
        page, "/en/sign-in/set-up-authenticator", {"code": current_code(key)}, expected_status=200
    )
    assert codes_page.h1 == "Save your recovery codes"
    assert len(codes_page.select(".recovery-codes li")) == 10
    assert codes_page.response.headers["Cache-Control"] == "no-store"
    assert client.get(codes_page.one("main a.button")["href"]).h1.startswith("Hello")
    db.expire_all()
    assert db.scalar(select(User).where(User.email == "new@example.org")).totp_secret == key


def test_the_key_offered_stays_the_same_until_it_is_confirmed(client, db):
    make_user(db, "new@example.org", Role.LINK_WORKER, with_app=False)
    sign_in_with_pages(client, "new@example.org")
    first = client.get("/en/sign-in/set-up-authenticator").one(".totp-key").get_text()
    assert client.get("/en/sign-in/set-up-authenticator").one(".totp-key").get_text() == first


def test_staff_cannot_skip_setting_up_an_app(client, db):
    make_user(db, "new@example.org", Role.LINK_WORKER, with_app=False)
    sign_in_with_pages(client, "new@example.org")
    assert client.get("/en/dashboard", expected_status=302).status == 302


def test_an_organisation_editor_without_an_app_signs_in_with_a_password_alone(client, db):
    make_user(db, "ed@example.org", Role.ORG_EDITOR, make_organisation(db, "walkers"), with_app=False)
    response = sign_in_with_pages(client, "ed@example.org")
    assert response.response.headers["Location"] == "/en/dashboard"
    assert "two-step verification" in client.follow(response).text()


def test_an_organisation_editor_with_an_app_is_asked_for_a_code(client, db):
    make_user(db, "ed@example.org", Role.ORG_EDITOR, make_organisation(db, "walkers"))
    assert sign_in_with_pages(client, "ed@example.org").response.headers["Location"] == "/en/sign-in/code"


def test_signing_in_returns_to_the_page_asked_for(client, db):
    make_user(db, "sam@example.org", Role.COORDINATOR)
    asked = client.get("/en/users", expected_status=302)
    assert asked.response.headers["Location"] == "/en/sign-in?next=/en/users"
    response = sign_in_with_pages(client, "sam@example.org", code=current_code(), next_path="/en/users")
    assert response.response.headers["Location"] == "/en/users"


def test_signing_in_never_sends_people_to_another_site(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    response = sign_in_with_pages(client, "sam@example.org", code=current_code(), next_path="//evil.example/")
    assert response.response.headers["Location"] == "/en/dashboard"


def test_signing_in_starts_a_new_session_with_a_new_form_token(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    client.get("/en/sign-in")
    with client.session_transaction() as cookie:
        cookie["planted"] = "by someone else"
        token_before = cookie["csrf_token"]
    sign_in_with_pages(client, "sam@example.org", code=current_code())
    client.get("/en/dashboard")
    with client.session_transaction() as cookie:
        assert "planted" not in cookie
        assert cookie["csrf_token"] != token_before
        assert cookie["sid"] and cookie["generation"] == 0


def test_a_password_hashed_with_old_settings_is_rehashed_when_used(client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    db.commit()
    sign_in_with_pages(client, "sam@example.org", code=current_code())
    db.refresh(user)
    assert "m=1024" in user.password_hash and user.password_hash.startswith("$argon2id$")


def test_sign_in_pages_are_never_cached(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    assert client.get("/en/sign-in").response.headers["Cache-Control"] == "no-store"
    sign_in_with_pages(client, "sam@example.org")
    assert client.get("/en/sign-in/code").response.headers["Cache-Control"] == "no-store"


def test_the_sign_in_page_is_in_welsh_and_urdu_too(client):
    assert client.get("/cy/sign-in").h1 != "Sign in"
    page = client.get("/ur/sign-in")
    assert page.one("html")["dir"] == "rtl" and page.h1 != "Sign in"


def test_someone_already_signed_in_goes_straight_to_their_home(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_with_pages(client, "sam@example.org", code=current_code())
    assert client.get("/en/sign-in", expected_status=302).response.headers["Location"] == "/en/dashboard"


def test_staff_pages_have_no_exit_button_and_offer_sign_out(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_with_pages(client, "sam@example.org", code=current_code())
    page = client.get("/en/account")
    assert not page.select("[data-exit]")
    assert page.one(".staff-nav a[aria-current]")["href"] == "/en/account"
    assert page.one("form[action='/en/sign-out']")["method"] == "post"


def test_the_totp_secret_used_by_tests_is_the_documented_one():
    assert len(TOTP_SECRET) == 32


def test_only_paths_on_this_site_are_followed_after_signing_in():
    from portal.web.redirects import own_path

    assert own_path("/en/users?page=2", "/home") == "/en/users?page=2"
    for unsafe in ("https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil.example", "", None, "users"):
        assert own_path(unsafe, "/home") == "/home"
