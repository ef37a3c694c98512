"""`flask orgs list`, `flask orgs approve SLUG` and `flask listings remind`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.accounts.queries import organisation_by_slug
from portal.db import session, utcnow
from portal.organisations import joining, still_correct
from portal.organisations.models import Organisation
from portal.organisations.queries import waiting_request_for

orgs_cli = AppGroup("orgs", help="Organisations.")
listings_cli = AppGroup("listings", help="Organisations' listings.")


@orgs_cli.command("list")
def list_organisations() -> None:
    """Every organisation: slug and name, one a line."""
    for organisation in session.scalars(select(Organisation).order_by(Organisation.slug)):
        click.echo(f"{organisation.slug}\t{organisation.name}")


@orgs_cli.command("approve")
@click.argument("slug")
def approve(slug: str) -> None:
    """Approve the organisation's waiting request to join (or to claim it), exactly as the
    coordinators' Approve button does: its contact is emailed an invitation to be the lead
    editor. With several requests waiting, the oldest is approved."""
    organisation = organisation_by_slug(slug)
    if organisation is None:
        raise click.ClickException(f"no organisation with the slug {slug!r}")
    join_request = waiting_request_for(organisation.id)
    if join_request is None:
        raise click.ClickException(f"no request to join or claim {slug!r} is waiting")
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        try:
            joining.approve(join_request, None)
        except joining.JoiningProblem as problem:
            raise click.ClickException(str(problem)) from problem
        session.commit()
    click.echo(f"Approved {slug}. Invitation queued for {join_request.email} (`flask outbox send` delivers).")


def remind_and_hide_stale() -> str:
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        now = utcnow()
        sent = still_correct.send_reminders(now)
        hidden = still_correct.hide_stale(now)
        session.commit()
    return f"Reminders queued: {sent}. Listings hidden from search: {hidden}."


@listings_cli.command("remind")
def remind() -> None:
    """Email "still correct?" reminders at 5 and 6 months, and take listings not checked for
    too long out of search (`flask worker` does it daily). Safe to run as often as you like."""
    click.echo(f"{remind_and_hide_stale()} (`flask outbox send` delivers.)")
