"""Flask commands: database, demo data, translations and the outbox."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal import catalogue_exchange, catalogues, demo, migrate
from portal.db import get_database
from portal.i18n import SHIPPED_LOCALES

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
    """Extract, then merge new strings into every shipped locale's catalogue (offered or not:
    the catalogues travel with the code), keeping each one's Review-Status."""
    root = current_app.config["SETTINGS"].project_root
    catalogues.extract(root)
    catalogues.update(root, SHIPPED_LOCALES)


@translate_cli.command("compile")
def translate_compile() -> None:
    catalogues.compile_all(current_app.config["SETTINGS"].project_root)


@translate_cli.command("check")
def translate_check() -> None:
    """Fail when a shipped locale has a missing, untranslated, fuzzy, broken or English string."""
    problems = catalogues.check(current_app.config["SETTINGS"].project_root, SHIPPED_LOCALES)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problems")
    click.echo("All shipped catalogues are complete.")


_TRANSLATED_LOCALE = click.Choice([code for code in SHIPPED_LOCALES if code != catalogues.SOURCE_LOCALE])


@translate_cli.command("export")
@click.argument("locale", type=_TRANSLATED_LOCALE)
@click.option("--format", "kind", type=click.Choice(["po", "csv"]), default="po", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Default: standard output.")
def translate_export(locale: str, kind: str, output: str | None) -> None:
    """Write LOCALE's catalogue for a translator: a .po file, or a spreadsheet (CSV)."""
    data = catalogue_exchange.catalogue_for_export(current_app.config["SETTINGS"].project_root, locale, kind)
    with click.open_file(output or "-", "wb") as handle:
        handle.write(data)


@translate_cli.command("import")
@click.argument("locale", type=_TRANSLATED_LOCALE)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewed", is_flag=True, help="A native speaker wrote or checked these translations.")
def translate_import(locale: str, file: Path, reviewed: bool) -> None:
    """Load a translator's .po or .csv file into LOCALE's catalogue; refused whole, line by
    line, when a placeholder or tag is broken. Compile afterwards."""
    root = current_app.config["SETTINGS"].project_root
    try:
        count = catalogue_exchange.import_translations(root, locale, file, reviewed=reviewed)
    except catalogue_exchange.RefusedImport as refused:
        for problem in refused.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"nothing imported: {len(refused.problems)} problems in {file}") from None
    click.echo(f"Imported {count} translations into {locale}. Run `flask translate check`, then compile.")


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
