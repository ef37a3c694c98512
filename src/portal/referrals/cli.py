"""`flask referrals ...`: housekeeping for the referral journeys."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.db import get_database
from portal.referrals.drafts import purge_expired

referrals_cli = AppGroup("referrals", help="Self-referrals and call back requests.")


def purge_expired_drafts() -> str:
    with get_database().sessionmaker() as db:
        removed = purge_expired(db)
        db.commit()
    return f"Deleted {removed} expired drafts."


@referrals_cli.command("purge-drafts")
def purge_drafts() -> None:
    """Delete unsent answers whose time is up (`flask worker` does it hourly)."""
    click.echo(purge_expired_drafts())
