"""`flask retention run [--dry-run]`: anonymise what has expired (`flask worker` runs it daily)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from portal import clock
from portal.data_protection import erasure, retention
from portal.db import get_database, session

retention_cli = AppGroup("retention", help="Removing personal details whose time is up.")


def run_retention(dry_run: bool = False) -> str:
    with get_database().sessionmaker() as db:
        report = retention.run(db, clock.now(), dry_run=dry_run)
        if dry_run:
            db.rollback()
        else:
            db.commit()
    return report.describe()


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Say what would be removed, and change nothing.")
def run(dry_run: bool) -> None:
    """Remove the personal details of records kept as long as the settings allow."""
    click.echo(run_retention(dry_run))


@retention_cli.command("erase")
@click.argument("references", nargs=-1, required=True)
def erase(references: tuple[str, ...]) -> None:
    """Erase a person's referrals now, at their request (refused while safeguarding is open)."""
    try:
        erased = erasure.erase([reference.strip().upper() for reference in references])
    except erasure.ErasureBlocked as blocked:
        with force_locale("en"):
            reason = str(blocked.reason)
        raise click.ClickException(f"Nothing erased: {blocked.reference}. {reason}") from None
    session.commit()
    click.echo(f"Erased the personal details of {len(erased)} referrals.")
