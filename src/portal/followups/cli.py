"""`flask followups run` (every few minutes) and `flask followups nightly`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.followups import jobs

followups_cli = AppGroup("followups", help="Groups answering in time, and asking people how it went.")


@followups_cli.command("run")
def run() -> None:
    """Send reminders to groups, mark groups past their deadline, and ask people how it went.
    Safe to run as often as you like."""
    report = jobs.run_due()
    click.echo(
        f"Reminders queued: {report.reminded}. Past the deadline: {report.escalated}. "
        f"People asked: {report.asked}. (`flask outbox send` delivers.)"
    )


@followups_cli.command("nightly")
def nightly() -> None:
    """Work out how quickly each listing's group answers referrals."""
    shown = jobs.run_nightly()
    click.echo(f"Response figures worked out. Listings with figures to show: {shown}.")
