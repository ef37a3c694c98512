"""`flask reports count [--from --to]`: count the reports' days again (the worker keeps them
up to date every few minutes: `count_up_to_date`)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from portal import clock
from portal.db import get_database
from portal.reports import counting

reports_cli = AppGroup("reports", help="The reports' daily counts.")


def count_reports() -> str:
    """The worker's job: one transaction, so a report never reads a half-counted day."""
    with get_database().sessionmaker() as db:
        outcome = counting.count_up_to_date(db, clock.now())
        db.commit()
    return outcome


def rebuild(first: date | None, last: date | None) -> str:
    with get_database().sessionmaker() as db:
        if first is None and last is None:
            counting.forget(db)
            outcome = counting.count_up_to_date(db, clock.now())
        else:
            today = clock.now().date()
            days = counting.recount(db, first or today, last or today, clock.now())
            outcome = f"counted {days} days again"
        db.commit()
    return outcome


@reports_cli.command("count")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), help="First day to count again.")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="Last day to count again.")
def count(first: click.DateTime | None, last: click.DateTime | None) -> None:
    """Count the days from --from to --to again; with neither, every day from the start."""
    click.echo(rebuild(first.date() if first else None, last.date() if last else None))  # type: ignore[attr-defined]
