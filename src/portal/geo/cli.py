"""`flask geo import PATH`: load postcode centroids (see `importer` for the formats)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.db import get_database
from portal.geo.importer import import_file

geo_cli = AppGroup("geo", help="Postcode centroids.")


@geo_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def geo_import(path: Path) -> None:
    """Load an ONS Postcode Directory, Code-Point Open or centroids CSV file."""
    with get_database().sessionmaker() as db:
        try:
            report = import_file(db, path)
        except (ValueError, KeyError, IndexError) as error:
            raise click.ClickException(f"{path.name}: {error}") from error
        db.commit()
    click.echo(
        f"{report.postcodes} postcodes loaded, {report.skipped} rows skipped, {report.outward_codes} outward codes"
    )
