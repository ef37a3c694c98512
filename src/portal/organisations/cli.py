"""`flask orgs list`, `flask orgs approve SLUG` and `flask listings remind`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.db import session, utcnow
from portal.organisations import checks, joining
from portal.organisations.models import Organisation

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
    """Approve an organisation (its contact is invited from the coordinators' page)."""
    organisation = joining.approve_by_slug(slug)
    if organisation is None:
        raise click.ClickException(f"no organisation with the slug {slug!r}")
    session.commit()
    click.echo(f"Approved {organisation.slug}")


@listings_cli.command("remind")
def remind() -> None:
    """Email "still correct?" reminders at 5 and 6 months, and take listings not checked for
    too long out of search. Safe to run as often as you like."""
    with current_app.test_request_context(base_url=current_app.config["ORGS_BASE_URL"]):
        now = utcnow()
        sent = checks.send_reminders(now)
        hidden = checks.hide_stale(now)
        session.commit()
    click.echo(f"Reminders queued: {sent}. Listings hidden from search: {hidden}. (`flask outbox send` delivers.)")
