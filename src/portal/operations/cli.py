"""`flask worker`, `flask jobs list` and `flask backup ...`."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import AppGroup

from portal.db import get_database
from portal.operations import backups, jobs, worker

backup_cli = AppGroup("backup", help="Back up and restore the database.")
jobs_cli = AppGroup("jobs", help="The scheduled jobs `flask worker` runs.")


@click.command("worker")
@click.option("--once", is_flag=True, help="One round (send the outbox, run due jobs), then stop.")
def worker_command(once: bool) -> None:
    """Send the outbox and run the scheduled jobs until stopped (SIGTERM finishes the round)."""
    if once:
        worker.one_round(worker.worker_name())
        return
    stop = threading.Event()
    worker.stop_on_signals(stop)
    worker.run(stop)


@contextmanager
def _backup_problems_said_plainly() -> Iterator[None]:
    try:
        yield
    except backups.BackupFailed as problem:
        raise click.ClickException(str(problem)) from problem


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_create(path: Path) -> None:
    with _backup_problems_said_plainly():
        backups.create(path)
    click.echo(f"Backed up to {path}.")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: everything in the database is replaced.")
def backup_restore(path: Path, yes: bool) -> None:
    if not yes:
        click.confirm("Everything in the database is replaced by the backup. Go on?", abort=True)
    with _backup_problems_said_plainly():
        backups.restore(path)
    click.echo(f"Restored from {path}.")


@jobs_cli.command("list")
def jobs_list() -> None:
    """The scheduled jobs and when each last ran."""
    with get_database().sessionmaker() as db:
        last = {run.job: run for run in jobs.last_runs(db)}
    for job in jobs.scheduled_jobs():
        run = last.get(job.name)
        when = f"{run.status} at {run.started_at:%Y-%m-%d %H:%M} UTC ({run.outcome or ''})" if run else "never run"
        click.echo(f"{job.name}\tevery {job.every}\t{when}")
