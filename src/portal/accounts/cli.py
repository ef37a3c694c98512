"""`flask users ...`: provisioning accounts from the command line and from scripts."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from portal.accounts import mfa, services
from portal.accounts.models import Role, User
from portal.accounts.queries import all_users, organisation_by_slug, user_by_email
from portal.db import session
from portal.teams import cli as team_cli

users_cli = AppGroup("users", help="Staff and organisation accounts.")

ROLE_OPTIONS = [role.value.replace("_", "-") for role in Role]
CARE_ROLE_OPTIONS = team_cli.ROLE_OPTIONS


def _read_password() -> str:
    """The first line of standard input, so `printf '%s\\n' "$PASSWORD" | flask users create`
    works and the password never appears in the process list or shell history."""
    return sys.stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLE_OPTIONS), required=True)
@click.option("--org", "org_slug", help="The organisation's slug (organisation editors only).")
@click.option("--name", help="Full name (defaults to the part of the email before @).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--totp-secret", help="Base32 authenticator key, so automation can sign in without enrolling.")
@click.option("--team", "team_names", multiple=True, help="A team they are in, by name (repeat for several).")
@click.option(
    "--team-role", type=click.Choice(CARE_ROLE_OPTIONS), help="Their role in those teams (default: each's first)."
)
def create_user(
    email: str,
    role: str,
    org_slug: str | None,
    name: str | None,
    password_stdin: bool,
    totp_secret: str | None,
    team_names: tuple[str, ...],
    team_role: str | None,
) -> None:
    """Create an account. Without a password the person sets one with "Forgotten your password?"."""
    teams = [team_cli.team_named(team_name) for team_name in team_names]
    organisation = organisation_by_slug(org_slug) if org_slug else None
    if org_slug and organisation is None:
        raise click.ClickException(f"no organisation with the slug {org_slug!r}")
    if totp_secret is not None and not mfa.is_valid_secret(totp_secret):
        raise click.ClickException("the TOTP secret must be base32 (A-Z, 2-7), at least 16 characters")
    try:
        user = services.create_user(
            email=email,
            name=name or email.split("@", 1)[0],
            role=Role.from_option(role),
            organisation=organisation,
            is_org_admin=organisation is not None,
            password=_read_password() if password_stdin else None,
            totp_secret=totp_secret,
        )
    except services.AccountProblem as problem:
        raise click.ClickException(str(problem)) from problem
    for team in teams:
        team_cli.join(team, user, team_role)
    session.commit()
    click.echo(f"Created {role} {user.email}" + ("" if password_stdin else " (no password yet: use a reset link)"))


def _account(email: str) -> User:
    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    return user


@users_cli.command("disable")
@click.argument("email")
def disable_user(email: str) -> None:
    """Stop an account signing in, and sign it out everywhere at once."""
    user = _account(email)
    services.disable_user(user)
    session.commit()
    click.echo(f"Disabled {user.email} and signed it out everywhere")


@users_cli.command("enable")
@click.argument("email")
def enable_user(email: str) -> None:
    user = _account(email)
    services.enable_user(user)
    session.commit()
    click.echo(f"Enabled {user.email}")


@users_cli.command("list")
def list_users() -> None:
    """One account a line: email, role, organisation, status, two-step verification."""
    for user in all_users():
        organisation = user.organisation.slug if user.organisation else "-"
        status = "active" if user.active else "disabled"
        two_step = "app" if user.has_mfa else "no-app"
        click.echo(f"{user.email}\t{user.role.replace('_', '-')}\t{organisation}\t{status}\t{two_step}")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
