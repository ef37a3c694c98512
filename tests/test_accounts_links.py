"""Emailed links: password resets and invitations. Each works once, for a short time, and
says plainly what is wrong when it cannot be used."""

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update

from portal.accounts.models import Invitation, PasswordReset, Role, User
from portal.db import utcnow
from portal.outbox.models import OutboxMessage
from tests.authz import PASSWORD, current_code, make_organisation, make_user, sign_in_as, sign_in_with_pages

NEW_PASSWORD = "seven orange kites over leeds"


def emails(db, template):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def link_in(message):
    return urlsplit(message.context["link"]).path


def ask_for_reset(client, email):
    page = client.get("/en/reset-password")
    return client.submit(page, "/en/reset-password", {"email": email}, expected_status=303)


def test_a_reset_link_lets_someone_choose_a_new_password_and_sign_in(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    sent = client.follow(ask_for_reset(client, "sam@example.org"))
    assert sent.h1 == "Check your email"
    [message] = emails(db, "password-reset")
    assert message.recipient == "sam@example.org"
    opened = client.get(link_in(message), expected_status=303)
    assert opened.response.headers["Location"] == "/en/reset-password/new-password"
    form = client.follow(opened)
    done = client.submit(form, "/en/reset-password/new-password", {"password": NEW_PASSWORD}, expected_status=303)
    assert "Your password has been changed" in client.follow(done).text(".notice")
    after = sign_in_with_pages(client, "sam@example.org", password=NEW_PASSWORD, code=current_code())
    assert after.response.headers["Location"] == "/en/dashboard"


def test_asking_for_a_reset_looks_the_same_whether_or_not_the_account_exists(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    known = client.follow(ask_for_reset(client, "sam@example.org"))
    unknown = client.follow(ask_for_reset(client, "nobody@example.org"))
    assert known.text().replace("sam@example.org", "X") == unknown.text().replace("nobody@example.org", "X")
    assert [m.recipient for m in emails(db, "password-reset")] == ["sam@example.org"]


def test_a_reset_link_used_once_cannot_be_used_again(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    ask_for_reset(client, "sam@example.org")
    link = link_in(emails(db, "password-reset")[0])
    form = client.follow(client.get(link, expected_status=303))
    client.submit(form, "/en/reset-password/new-password", {"password": NEW_PASSWORD}, expected_status=303)
    reused = client.get(link, expected_status=410)
    assert reused.h1 == "This link has already been used"
    assert reused.one("main a[href='/en/reset-password']")


def test_an_old_reset_link_has_expired(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    ask_for_reset(client, "sam@example.org")
    db.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.commit()
    page = client.get(link_in(emails(db, "password-reset")[0]), expected_status=410)
    assert page.h1 == "This link has expired"


def test_a_mangled_reset_link_says_so(client):
    assert client.get("/en/reset-password/not-a-real-token", expected_status=404).h1 == "This link does not work"


def test_a_new_reset_link_replaces_the_last_one(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    ask_for_reset(client, "sam@example.org")
    ask_for_reset(client, "sam@example.org")
    first, second = emails(db, "password-reset")
    assert client.get(link_in(first), expected_status=410).h1 == "This link has expired"
    client.get(link_in(second), expected_status=303)


def test_a_reset_still_asks_for_the_code_at_sign_in_and_signs_out_everywhere(app, client, db):
    user = make_user(db, "sam@example.org", Role.LINK_WORKER)
    sign_in_as(client, db, user)
    from tests.harness import PageClient

    stranger = PageClient(app.test_client())
    ask_for_reset(stranger, "sam@example.org")
    form = stranger.follow(stranger.get(link_in(emails(db, "password-reset")[0]), expected_status=303))
    stranger.submit(form, "/en/reset-password/new-password", {"password": NEW_PASSWORD}, expected_status=303)
    assert client.get("/en/account", expected_status=302).status == 302
    after = sign_in_with_pages(stranger, "sam@example.org", password=NEW_PASSWORD)
    assert after.response.headers["Location"] == "/en/sign-in/code"


def test_the_new_password_must_follow_the_rules(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    ask_for_reset(client, "sam@example.org")
    form = client.follow(client.get(link_in(emails(db, "password-reset")[0]), expected_status=303))
    short = client.submit(form, "/en/reset-password/new-password", {"password": "short"}, expected_status=200)
    assert short.errors() == ["Your password must be at least 12 characters"]
    common = client.submit(form, "/en/reset-password/new-password", {"password": "Password1234"}, expected_status=200)
    assert common.errors() == ["This password is too easy to guess. Choose a password that is harder to guess"]


# Invitations


def invite_through_pages(client, db, data):
    page = client.get("/en/users/invite")
    response = client.submit(page, "/en/users/invite", data)
    assert response.status == 303, response.errors()
    return response


def coordinator_signed_in(client, db):
    coordinator = make_user(db, "boss@example.org", Role.COORDINATOR, name="Gareth Evans")
    sign_in_as(client, db, coordinator)
    return coordinator


def test_a_coordinator_invites_a_link_worker_who_creates_an_account_and_sets_up_an_app(app, client, db):
    coordinator_signed_in(client, db)
    data = {"name": "Asha Patel", "email": "Asha@Example.org", "role": "link_worker"}
    done = invite_through_pages(client, db, data)
    assert "We have sent an invitation to asha@example.org" in client.follow(done).text(".notice")
    [message] = emails(db, "account-invitation")
    assert message.recipient == "asha@example.org" and message.context["invited_by"] == "Gareth Evans"
    from tests.harness import PageClient

    asha = PageClient(app.test_client())
    form = asha.follow(asha.get(link_in(message), expected_status=303))
    assert form.h1 == "Create your account" and form.form_values()["name"] == "Asha Patel"
    created = asha.submit(
        form, "/en/accept-invitation", {"name": "Asha Patel", "password": NEW_PASSWORD}, expected_status=303
    )
    assert created.response.headers["Location"] == "/en/sign-in/set-up-authenticator"
    user = db.scalar(select(User).where(User.email == "asha@example.org"))
    assert user.role == Role.LINK_WORKER and user.password_hash.startswith("$argon2id$")


def test_an_invitation_works_only_once(app, client, db):
    coordinator_signed_in(client, db)
    make_organisation(db, "walkers", "Leeds Walkers")
    invite_through_pages(client, db, {"name": "Mo", "email": "mo@example.org", "role": "link_worker"})
    link = link_in(emails(db, "account-invitation")[0])
    form = client.follow(client.get(link, expected_status=303))
    client.submit(form, "/en/accept-invitation", {"name": "Mo", "password": NEW_PASSWORD}, expected_status=303)
    used = client.get(link, expected_status=410)
    assert used.h1 == "This invitation has already been used"


def test_an_invitation_expires_after_seven_days(client, db):
    coordinator_signed_in(client, db)
    invite_through_pages(client, db, {"name": "Mo", "email": "mo@example.org", "role": "coordinator"})
    invitation = db.scalar(select(Invitation))
    assert timedelta(days=6, hours=23) < invitation.expires_at - utcnow() <= timedelta(days=7)
    db.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    page = client.get(link_in(emails(db, "account-invitation")[0]), expected_status=410)
    assert page.h1 == "This invitation has expired"
    assert "Ask the person who invited you to send a new one" in page.text()


def test_a_withdrawn_invitation_no_longer_works(client, db):
    coordinator_signed_in(client, db)
    invite_through_pages(client, db, {"name": "Mo", "email": "mo@example.org", "role": "link_worker"})
    invitation = db.scalar(select(Invitation))
    page = client.get("/en/users")
    client.submit(page, f"/en/invitations/{invitation.id}/withdraw", {}, expected_status=303)
    assert client.get(link_in(emails(db, "account-invitation")[0]), expected_status=404).h1 == (
        "This invitation link does not work"
    )


def test_inviting_an_organisation_editor_needs_their_organisation(client, db):
    coordinator_signed_in(client, db)
    make_organisation(db, "walkers", "Leeds Walkers")
    page = client.get("/en/users/invite")
    data = {"name": "Ed", "email": "ed@example.org", "role": "org_editor", "organisation": ""}
    failed = client.submit(page, "/en/users/invite", data, expected_status=200)
    assert failed.errors() == ["Choose the organisation they will edit for"]


def test_an_invited_organisation_editor_is_signed_in_straight_away(app, client, db):
    coordinator_signed_in(client, db)
    walkers = make_organisation(db, "walkers", "Leeds Walkers")
    data = {
        "name": "Ed",
        "email": "ed@example.org",
        "role": "org_editor",
        "organisation": str(walkers.id),
        "can_invite": "y",
    }
    invite_through_pages(client, db, data)
    from tests.harness import PageClient

    ed = PageClient(app.test_client())
    form = ed.follow(ed.get(link_in(emails(db, "account-invitation")[0]), expected_status=303))
    assert "Leeds Walkers" in form.text()
    done = ed.submit(form, "/en/accept-invitation", {"name": "Ed Jones", "password": NEW_PASSWORD}, expected_status=303)
    assert ed.follow(done).h1 == "Hello, Ed Jones"
    user = db.scalar(select(User).where(User.email == "ed@example.org"))
    assert user.organisation_id == walkers.id and user.is_org_admin


def test_someone_who_already_has_an_account_cannot_be_invited(client, db):
    coordinator_signed_in(client, db)
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    page = client.get("/en/users/invite")
    data = {"name": "Sam", "email": "SAM@example.org", "role": "link_worker"}
    failed = client.submit(page, "/en/users/invite", data, expected_status=200)
    assert failed.errors() == ["There is already an account with this email address"]


def test_a_lead_editor_invites_a_colleague_to_their_own_organisation_only(app, client, db):
    walkers = make_organisation(db, "walkers", "Leeds Walkers")
    lead = make_user(db, "lead@example.org", Role.ORG_EDITOR, walkers, is_org_admin=True)
    sign_in_as(client, db, lead)
    page = client.get("/en/team/invite")
    client.submit(page, "/en/team/invite", {"name": "Col", "email": "col@example.org"}, expected_status=303)
    invitation = db.scalar(select(Invitation))
    assert (invitation.organisation_id, invitation.role, invitation.is_org_admin) == (
        walkers.id,
        Role.ORG_EDITOR,
        False,
    )


def test_an_editor_who_is_not_the_lead_cannot_invite(client, db):
    walkers = make_organisation(db, "walkers")
    sign_in_as(client, db, make_user(db, "ed@example.org", Role.ORG_EDITOR, walkers))
    client.get("/en/team/invite", expected_status=403)


def test_the_invitation_email_is_in_the_language_the_coordinator_used(client, db):
    coordinator_signed_in(client, db)
    page = client.get("/cy/users/invite")
    client.submit(
        page, "/cy/users/invite", {"name": "Mo", "email": "mo@example.org", "role": "link_worker"}, expected_status=303
    )
    [message] = emails(db, "account-invitation")
    assert message.locale == "cy" and link_in(message).startswith("/cy/invitation/")


def test_a_password_is_never_kept_in_an_email_or_the_audit_log(client, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER)
    ask_for_reset(client, "sam@example.org")
    form = client.follow(client.get(link_in(emails(db, "password-reset")[0]), expected_status=303))
    client.submit(form, "/en/reset-password/new-password", {"password": NEW_PASSWORD}, expected_status=303)
    stored = " ".join(str(m.context) for m in db.scalars(select(OutboxMessage)))
    assert NEW_PASSWORD not in stored and PASSWORD not in stored
