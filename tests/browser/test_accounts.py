"""Signing in by keyboard on a phone, the timeout warning, and axe on every sign-in, two-step,
invitation and reset page in every language."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.outbox.models import OutboxMessage
from tests.authz import PASSWORD, TOTP_SECRET, current_code, make_invitation, make_organisation, make_user
from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling
from tests.browser.public_pages import STAFF_LOCALES as LOCALES

PHONE = {"width": 360, "height": 740}


def tab_to(page, test: str, limit: int = 80) -> None:
    """Press Tab until the focused element passes `test` (a JS expression on `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {test}")


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert fits_without_sideways_scrolling(page)


def sign_in_with_password(page, live_server, locale, email):
    page.goto(f"{live_server}/{locale}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()


def test_a_link_worker_signs_in_from_the_footer_by_keyboard_alone_on_a_phone(app, page, live_server):
    """The issue's "done when": created with `flask users create`, then signed in on a phone."""
    created = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "sam@example.org",
            "--role",
            "link-worker",
            "--name",
            "Sam Jones",
            "--password-stdin",
            "--totp-secret",
            TOTP_SECRET,
        ],
        input=f"{PASSWORD}\n",
    )
    assert created.exit_code == 0, created.output
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/en/")
    tab_to(page, "el.getAttribute('href') === '/en/sign-in'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/en/sign-in")
    tab_to(page, "el.id === 'email'")
    page.keyboard.type("sam@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/en/sign-in/code")
    assert fits_without_sideways_scrolling(page)
    tab_to(page, "el.id === 'code'")
    page.keyboard.type(current_code())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/en/dashboard")
    assert page.locator("h1").inner_text() == "Hello, Sam Jones"
    assert fits_without_sideways_scrolling(page)


def test_a_wrong_code_is_announced_in_the_error_summary_which_takes_focus(page, live_server, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    page.set_viewport_size(PHONE)
    sign_in_with_password(page, live_server, "en", "sam@example.org")
    page.wait_for_url(f"{live_server}/en/sign-in/code")
    page.fill("#code", "000000" if current_code() != "000000" else "111111")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "That code did not work" in page.locator(".error-summary").inner_text()
    assert page.title().startswith("Error:")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_code_and_recovery_code_pages_have_no_axe_violations(page, live_server, db, locale):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_with_password(page, live_server, locale, "sam@example.org")
    page.wait_for_url(f"{live_server}/{locale}/sign-in/code")
    assert_accessible(page)
    page.locator("main button[type=submit]").click()  # empty: the error state
    page.wait_for_load_state()
    assert_accessible(page)
    page.goto(f"{live_server}/{locale}/sign-in/recovery-code")
    assert_accessible(page)


@pytest.mark.parametrize("locale", LOCALES)
def test_setting_up_an_app_and_the_recovery_codes_have_no_axe_violations(page, live_server, db, locale):
    make_user(db, "new@example.org", Role.COORDINATOR, with_app=False)
    page.set_viewport_size(PHONE)
    sign_in_with_password(page, live_server, locale, "new@example.org")
    page.wait_for_url(f"{live_server}/{locale}/sign-in/set-up-authenticator")
    assert_accessible(page)
    key = page.locator(".totp-key").inner_text().replace(" ", "")
    page.fill("#code", current_code(key))
    page.locator("main button[type=submit]").click()
    page.wait_for_selector(".recovery-codes")
    assert_accessible(page)


@pytest.mark.parametrize("locale", LOCALES)
def test_accepting_an_invitation_has_no_axe_violations(page, live_server, db, locale):
    walkers = make_organisation(db, "walkers", "Leeds Walkers")
    lead = make_user(db, "lead@example.org", Role.ORG_EDITOR, walkers, is_org_admin=True)
    _invitation, token = make_invitation(db, "new@example.org", Role.ORG_EDITOR, walkers, lead)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/{locale}/invitation/{token}")
    page.wait_for_url(f"{live_server}/{locale}/accept-invitation")
    assert_accessible(page)
    page.fill("#password", "short")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert_accessible(page)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_reset_pages_and_link_problems_have_no_axe_violations(page, live_server, db, locale):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    page.goto(f"{live_server}/{locale}/reset-password")
    page.fill("#email", "sam@example.org")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server}/{locale}/reset-password/sent")
    assert_accessible(page)
    link = db.scalar(select(OutboxMessage).where(OutboxMessage.template == "password-reset")).context["link"]
    page.goto(live_server + urlsplit(link).path)
    page.wait_for_url(f"{live_server}/{locale}/reset-password/new-password")
    assert_accessible(page)
    page.fill("#password", "a brand new long passphrase")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server}/{locale}/sign-in")
    page.goto(live_server + urlsplit(link).path)  # used already
    assert_accessible(page)
    page.goto(f"{live_server}/{locale}/invitation/no-such-token")
    assert_accessible(page)


@pytest.mark.parametrize("locale", LOCALES)
def test_signed_in_staff_pages_have_no_axe_violations(page, live_server, db, locale):
    make_user(db, "boss@example.org", Role.COORDINATOR)
    sign_in_with_password(page, live_server, locale, "boss@example.org")
    page.fill("#code", current_code())
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server}/{locale}/dashboard")
    for path in ("/dashboard", "/account", "/users", "/users/invite", "/audit-log", "/account/confirm-it-is-you"):
        page.goto(f"{live_server}/{locale}{path}")
        assert_accessible(page)


def test_the_timeout_warning_offers_to_stay_signed_in(page, live_server, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    page.clock.install()
    sign_in_with_password(page, live_server, "en", "sam@example.org")
    page.fill("#code", current_code())
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server}/en/dashboard")
    dialog = page.locator("dialog[data-timeout-warning]")
    assert not dialog.is_visible()
    # The server's clock is real: answer the status check as it would answer after 25 minutes.
    page.route("**/session-status", lambda route: route.fulfill(json={"signed_in": True, "seconds_left": 290}))
    page.clock.fast_forward("25:01")
    dialog.wait_for(state="visible")
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    assert_accessible(page)
    with page.expect_response("**/stay-signed-in"):
        page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    assert page.url == f"{live_server}/en/dashboard"
