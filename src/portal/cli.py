"""Flask commands: database, demo data, translations and the outbox."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal import catalogues, demo, migrate
from portal.db import get_database

db_cli = AppGroup("db", help="Database migrations.")
demo_cli = AppGroup("demo", help="Demonstration data for development.")
translate_cli = AppGroup("translate", help="Translation catalogues.")
outbox_cli = AppGroup("outbox", help="Messages waiting to be sent.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    migrate.upgrade(revision)


@db_cli.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    migrate.downgrade(revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--rev-id", help="A readable id such as 0004, kept in order with the others.")
def db_revision(message: str, rev_id: str | None) -> None:
    migrate.new_revision(message, rev_id)


@db_cli.command("current")
def db_current() -> None:
    migrate.current()


@demo_cli.command("load")
def demo_load() -> None:
    if current_app.config["SETTINGS"].is_production:
        raise click.ClickException("demo data is never loaded in production")
    with get_database().sessionmaker() as db:
        for line in demo.load_all(db):
            click.echo(line)
    click.echo("Demo data is in place.")


@translate_cli.command("extract")
def translate_extract() -> None:
    """Collect every translatable string into translations/messages.pot."""
    catalogues.extract(current_app.config["SETTINGS"].project_root)


@translate_cli.command("update")
def translate_update() -> None:
    """Extract, then merge new strings into each shipped locale's catalogue."""
    settings = current_app.config["SETTINGS"]
    catalogues.extract(settings.project_root)
    catalogues.update(settings.project_root, settings.locales)


@translate_cli.command("compile")
def translate_compile() -> None:
    catalogues.compile_all(current_app.config["SETTINGS"].project_root)


@translate_cli.command("check")
def translate_check() -> None:
    """Fail when a shipped locale has a missing, untranslated, fuzzy or broken string."""
    settings = current_app.config["SETTINGS"]
    problems = catalogues.check(settings.project_root, settings.locales)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problems")
    click.echo("All shipped catalogues are complete.")


@outbox_cli.command("send")
def outbox_send() -> None:
    from portal.outbox.services import send_due

    report = send_due()
    click.echo(f"sent {report.sent}, will retry {report.retrying}, failed {report.failed}")


@outbox_cli.command("failed")
def outbox_failed() -> None:
    """Messages that could not be sent after every retry (no recipients or contents shown)."""
    from portal.outbox.services import failed_messages

    with get_database().sessionmaker() as db:
        for message in failed_messages(db):
            click.echo(f"{message.id}\t{message.template}\t{message.channel}\t{message.attempts}\t{message.last_error}")


def init_app(app: Flask) -> None:
    for group in (db_cli, demo_cli, translate_cli, outbox_cli):
        app.cli.add_command(group)
