"""A person's own account: confirming it is them, their app, recovery codes, email, password."""

from sqlalchemy import select

from portal.accounts import mfa
from portal.accounts.models import RecoveryCode, Role, User
from portal.outbox.models import OutboxMessage
from tests.authz import (
    PASSWORD,
    TOTP_SECRET,
    current_code,
    make_organisation,
    make_user,
    sign_in_as,
    sign_in_with_pages,
)


def confirm_it_is_me(client, code=None, next_path="/en/account"):
    page = client.get(f"/en/account/confirm-it-is-you?next={next_path}")
    data = {"password": PASSWORD, **({"code": code} if code is not None else {})}
    return client.submit(page, f"/en/account/confirm-it-is-you?next={next_path}", data, expected_status=303)


def security_emails(db):
    return [
        m.context["change"]
        for m in db.scalars(select(OutboxMessage).where(OutboxMessage.template == "account-security-change"))
    ]


def test_changing_the_app_first_asks_for_the_password_and_a_code(client, db):
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER))
    asked = client.get("/en/account/authenticator", expected_status=302)
    assert asked.response.headers["Location"] == "/en/account/confirm-it-is-you?next=/en/account/authenticator"
    page = client.follow(asked)
    failed = client.submit(page, "/en/account/confirm-it-is-you", {"password": PASSWORD}, expected_status=200)
    assert failed.errors() == ["Enter the 6-digit code from your authenticator app, or a recovery code"]
    confirmed = confirm_it_is_me(client, current_code(), "/en/account/authenticator")
    assert confirmed.response.headers["Location"] == "/en/account/authenticator"


def test_a_wrong_password_does_not_confirm_it_is_you(client, db):
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER))
    page = client.get("/en/account/confirm-it-is-you")
    failed = client.submit(
        page,
        "/en/account/confirm-it-is-you",
        {"password": "wrong password here", "code": current_code()},
        expected_status=200,
    )
    assert failed.errors() == ["Your password is not right. Check it and try again"]


def test_setting_up_a_new_app_replaces_the_old_one(client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, user)
    confirm_it_is_me(client, current_code())
    page = client.get("/en/account/authenticator")
    new_key = page.one(".totp-key").get_text().replace(" ", "")
    assert new_key != TOTP_SECRET
    codes = client.submit(page, "/en/account/authenticator", {"code": current_code(new_key)}, expected_status=200)
    assert len(codes.select(".recovery-codes li")) == 10
    db.refresh(user)
    assert user.totp_secret == new_key
    assert security_emails(db) == ["mfa_replaced"]


def test_new_recovery_codes_replace_the_old_ones(client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, user)
    confirm_it_is_me(client, current_code())
    page = client.get("/en/account/recovery-codes")
    first = client.submit(page, "/en/account/recovery-codes", {}, expected_status=200)
    old_code = first.select(".recovery-codes code")[0].get_text()
    second = client.submit(page, "/en/account/recovery-codes", {}, expected_status=200)
    assert second.select(".recovery-codes code")[0].get_text() != old_code
    stored = db.scalars(select(RecoveryCode)).all()
    assert len(stored) == 10
    assert not any(mfa.recovery_code_matches(old_code, code.salt, code.code_hash) for code in stored)
    assert all(old_code.replace("-", "") not in code.code_hash for code in stored)


def test_a_recovery_code_signs_in_once_only(app, client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, user)
    confirm_it_is_me(client, current_code())
    codes = client.submit(
        client.get("/en/account/recovery-codes"), "/en/account/recovery-codes", {}, expected_status=200
    )
    code = codes.select(".recovery-codes code")[0].get_text()
    from tests.harness import PageClient

    for attempt, expected in (("first", 303), ("second", 200)):
        browser = PageClient(app.test_client())
        sign_in_with_pages(browser, "sam@example.org")
        page = browser.get("/en/sign-in/recovery-code")
        result = browser.submit(
            page, "/en/sign-in/recovery-code", {"recovery_code": code.upper()}, expected_status=expected
        )
        if attempt == "first":
            assert "You have 9 recovery codes left." in browser.follow(result).text(".notice")
        else:
            assert result.errors() == ["That recovery code did not work. Check it and try again"]
    assert "recovery_code_used" in security_emails(db)


def test_changing_email_needs_confirmation_and_tells_both_addresses(client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, user)
    assert client.get("/en/account/email", expected_status=302).status == 302
    confirm_it_is_me(client, current_code())
    page = client.get("/en/account/email")
    client.submit(page, "/en/account/email", {"email": "Sam.New@Example.org"}, expected_status=303)
    db.refresh(user)
    assert user.email == "sam.new@example.org"
    recipients = db.scalars(select(OutboxMessage.recipient).where(OutboxMessage.template == "account-security-change"))
    assert sorted(recipients) == ["sam.new@example.org", "sam@example.org"]


def test_an_email_address_cannot_be_taken_from_someone_else(client, db):
    make_user(db, "kim@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER))
    confirm_it_is_me(client, current_code())
    page = client.get("/en/account/email")
    failed = client.submit(page, "/en/account/email", {"email": "kim@example.org"}, expected_status=200)
    assert failed.errors() == ["There is already an account with this email address"]


def test_an_organisation_editor_may_turn_off_two_step_verification(client, db):
    editor = make_user(db, "ed@example.org", Role.ORG_EDITOR, make_organisation(db, "walkers"))
    sign_in_as(client, db, editor)
    confirm_it_is_me(client, current_code())
    page = client.get("/en/account/turn-off-two-step-verification")
    client.submit(page, "/en/account/turn-off-two-step-verification", {}, expected_status=303)
    db.refresh(editor)
    assert editor.totp_secret is None
    assert security_emails(db) == ["mfa_turned_off"]


def test_staff_may_not_turn_off_two_step_verification(client, db):
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER))
    confirm_it_is_me(client, current_code())
    client.get("/en/account/turn-off-two-step-verification", expected_status=403)
    assert "Turn off" not in client.get("/en/account").text()


def test_an_editor_without_an_app_can_add_one_from_their_account(client, db):
    editor = make_user(db, "ed@example.org", Role.ORG_EDITOR, make_organisation(db, "walkers"), with_app=False)
    sign_in_as(client, db, editor)
    confirm_it_is_me(client)
    page = client.get("/en/account/authenticator")
    key = page.one(".totp-key").get_text().replace(" ", "")
    client.submit(page, "/en/account/authenticator", {"code": current_code(key)}, expected_status=200)
    db.refresh(editor)
    assert editor.has_mfa
    assert security_emails(db) == ["mfa_set_up"]


def test_a_coordinator_resets_the_app_of_someone_who_lost_their_phone(app, client, db):
    worker = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, make_user(db, "boss@example.org", Role.COORDINATOR))
    page = client.get(f"/en/users/{worker.id}")
    client.submit(page, f"/en/users/{worker.id}/reset-two-step-verification", {}, expected_status=303)
    from tests.harness import PageClient

    browser = PageClient(app.test_client())
    response = sign_in_with_pages(browser, "sam@example.org")
    assert response.response.headers["Location"] == "/en/sign-in/set-up-authenticator"
    assert security_emails(db) == ["mfa_reset"]


def test_changing_the_password_needs_the_current_one(client, db):
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER))
    page = client.get("/en/account/password")
    failed = client.submit(
        page,
        "/en/account/password",
        {"current_password": "not it at all", "password": "a brand new long one"},
        expected_status=200,
    )
    assert failed.errors() == ["Your current password is not right. Check it and try again"]


def test_a_new_password_may_not_contain_the_email_address(client, db):
    sign_in_as(client, db, make_user(db, "samantha@example.org", Role.LINK_WORKER))
    page = client.get("/en/account/password")
    data = {"current_password": PASSWORD, "password": "samantha is my name"}
    failed = client.submit(page, "/en/account/password", data, expected_status=200)
    assert failed.errors() == ["Choose a password that does not include your email address"]


def test_a_lead_editor_removes_a_colleague(client, db):
    walkers = make_organisation(db, "walkers")
    lead = make_user(db, "lead@example.org", Role.ORG_EDITOR, walkers, is_org_admin=True)
    colleague = make_user(db, "col@example.org", Role.ORG_EDITOR, walkers)
    sign_in_as(client, db, lead)
    page = client.get("/en/team")
    assert len(page.select("tbody tr")) == 2
    done = client.submit(page, f"/en/team/{colleague.id}/remove", {}, expected_status=303)
    assert "has been removed" in client.follow(done).text(".notice")
    db.refresh(colleague)
    assert colleague.active is False


def test_the_account_page_shows_what_matters(client, db):
    sign_in_as(client, db, make_user(db, "sam@example.org", Role.LINK_WORKER, name="Sam Jones"))
    page = client.get("/en/account")
    assert "Sam Jones" in page.text() and "Link worker" in page.text()
    assert db.scalar(select(User)).email in page.text()
