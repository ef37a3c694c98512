"""`flask demo listings --count N` (synthetic listings for benchmarks) and
`flask directory reindex` (after changing a vocabulary)."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.cli import demo_cli
from portal.db import get_database

directory_cli = AppGroup("directory", help="The public directory.")


@demo_cli.command("listings")
@click.option("--count", type=click.IntRange(1, 1_000_000), default=1000, show_default=True)
def demo_listings(count: int) -> None:
    """Add COUNT synthetic listings across Leeds, for benchmarks."""
    from portal.directory.demo import add_synthetic_listings

    if current_app.config["SETTINGS"].is_production:
        raise click.ClickException("synthetic listings are never added in production")
    started = time.perf_counter()
    with get_database().sessionmaker() as db:
        add_synthetic_listings(db, count)
        db.commit()
    click.echo(f"Added {count} listings in {time.perf_counter() - started:.1f} s")


@directory_cli.command("reindex")
def reindex() -> None:
    """Rebuild the search index of every listing."""
    from portal.directory.indexing import refresh
    from portal.directory.models import Listing

    with get_database().sessionmaker() as db:
        ids = list(db.scalars(select(Listing.id)))
        for listing_id in ids:
            listing = db.get(Listing, listing_id)
            if listing is not None:
                refresh(db, listing)
        db.commit()
    click.echo(f"Reindexed {len(ids)} listings")
