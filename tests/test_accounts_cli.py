"""`flask users ...` and the demo accounts."""

from dataclasses import replace

from sqlalchemy import select

from portal import create_app
from portal.accounts.demo import DEMO_ACCOUNTS
from portal.accounts.models import AuditEvent, Role, User
from tests.authz import TOTP_SECRET, current_code, make_organisation, sign_in_with_pages


def run(app, *args, stdin=None):
    return app.test_cli_runner().invoke(args=list(args), input=stdin)


def test_a_link_worker_created_on_the_command_line_signs_in_with_password_and_code(app, client, db):
    result = run(
        app,
        "users",
        "create",
        "Sam@Example.org",
        "--role",
        "link-worker",
        "--name",
        "Sam Jones",
        "--password-stdin",
        "--totp-secret",
        TOTP_SECRET,
        stdin="a long provisioning password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created link-worker sam@example.org" in result.output
    response = sign_in_with_pages(client, "sam@example.org", "a long provisioning password", current_code())
    assert response.response.headers["Location"] == "/en/dashboard"
    assert db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all() == ["user.created", "sign_in.succeeded"]


def test_without_a_totp_secret_staff_set_up_their_app_at_first_sign_in(app, client):
    run(
        app,
        "users",
        "create",
        "kim@example.org",
        "--role",
        "coordinator",
        "--password-stdin",
        stdin="a long provisioning password\n",
    )
    response = sign_in_with_pages(client, "kim@example.org", "a long provisioning password")
    assert response.response.headers["Location"] == "/en/sign-in/set-up-authenticator"


def test_an_organisation_editor_needs_an_organisation_that_exists(app, db):
    assert "needs an organisation" in run(app, "users", "create", "ed@example.org", "--role", "org-editor").output
    assert (
        "no organisation"
        in run(app, "users", "create", "ed@example.org", "--role", "org-editor", "--org", "nope").output
    )
    make_organisation(db, "walkers")
    result = run(app, "users", "create", "ed@example.org", "--role", "org-editor", "--org", "walkers")
    assert result.exit_code == 0 and "no password yet" in result.output


def test_a_weak_password_or_a_bad_secret_is_refused(app):
    weak = run(
        app, "users", "create", "sam@example.org", "--role", "link-worker", "--password-stdin", stdin="password1234\n"
    )
    assert weak.exit_code != 0 and "not allowed" in weak.output
    bad = run(app, "users", "create", "sam@example.org", "--role", "link-worker", "--totp-secret", "not base32!")
    assert bad.exit_code != 0 and "base32" in bad.output


def test_the_same_email_cannot_be_used_twice(app):
    run(app, "users", "create", "sam@example.org", "--role", "link-worker")
    assert "already an account" in run(app, "users", "create", "SAM@example.org", "--role", "coordinator").output


def test_disabling_on_the_command_line_stops_sign_in(app, client, db):
    run(
        app,
        "users",
        "create",
        "sam@example.org",
        "--role",
        "link-worker",
        "--password-stdin",
        stdin="a long provisioning password\n",
    )
    assert run(app, "users", "disable", "sam@example.org").exit_code == 0
    page = client.get("/en/sign-in")
    data = {"email": "sam@example.org", "password": "a long provisioning password"}
    assert client.submit(page, "/en/sign-in", data, expected_status=200).errors()
    assert db.scalar(select(User)).active is False


def test_users_are_listed_one_a_line(app, db):
    make_organisation(db, "walkers")
    run(app, "users", "create", "sam@example.org", "--role", "link-worker")
    run(app, "users", "create", "ed@example.org", "--role", "org-editor", "--org", "walkers")
    lines = run(app, "users", "list").output.splitlines()
    assert sorted(lines) == [
        "ed@example.org\torg-editor\twalkers\tactive\tno-app",
        "sam@example.org\tlink-worker\t-\tactive\tno-app",
    ]


def test_demo_accounts_exist_for_every_role_and_print_how_to_sign_in(app, client, db):
    result = run(app, "demo", "load")
    assert result.exit_code == 0, result.output
    for account in DEMO_ACCOUNTS:
        assert account.email in result.output and account.password in result.output
    assert "authenticator app" in result.output
    assert {user.role for user in db.scalars(select(User))} == set(Role)
    assert run(app, "demo", "load").exit_code == 0  # safe to run again
    assert len(db.scalars(select(User)).all()) == len(DEMO_ACCOUNTS)
    worker = DEMO_ACCOUNTS[0]
    response = sign_in_with_pages(client, worker.email, worker.password, current_code(worker.totp_secret))
    assert response.response.headers["Location"] == "/en/dashboard"


def test_production_never_loads_demo_accounts(settings, tmp_path):
    production = replace(settings, env="production")
    app = create_app(production)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "never loaded in production" in result.output
