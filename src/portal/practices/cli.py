"""`flask practices ...`: the GP practice list."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.db import session
from portal.practices import queries, services
from portal.practices.importer import read_file

practices_cli = AppGroup("practices", help="GP practices (the NHS's epraccur list).")


@practices_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_practices(path: Path) -> None:
    """Load the NHS's epraccur.csv (safe to repeat with each new release of the file)."""
    try:
        report = services.import_practices(session, read_file(path))
    except (UnicodeDecodeError, OSError) as error:
        raise click.ClickException(f"{path.name}: {error}") from error
    session.commit()
    click.echo(f"{report.added} practices added, {report.updated} updated, {report.skipped} rows skipped")


@practices_cli.command("list")
def list_practices() -> None:
    """One practice a line: ODS code, name, postcode, status, secure email."""
    for practice in queries.all_practices():
        fields = (practice.ods_code, practice.name, practice.postcode, practice.status, practice.secure_email)
        click.echo("\t".join(str(field or "-") for field in fields))


@practices_cli.command("set-email")
@click.argument("ods_code")
@click.argument("address", default="")
def set_email(ods_code: str, address: str) -> None:
    """Set the practice's secure email address (none given: remove it)."""
    practice = queries.practice_by_code(ods_code)
    if practice is None:
        raise click.ClickException(f"no practice with the ODS code {ods_code!r}")
    try:
        services.set_secure_email(practice, address)
    except services.NotAnEmailAddress as problem:
        raise click.ClickException(f"{problem} is not an email address") from problem
    session.commit()
    click.echo(f"{practice.ods_code}: {practice.secure_email or 'no secure email'}")
