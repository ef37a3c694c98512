"""`flask directory import-oruk URL_OR_FILE` and `flask directory take-over LISTING`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.api.feed import FeedProblem, open_feed
from portal.api.ids import parse
from portal.api.mapping import MappingProblem, read_mapping
from portal.api.services import ImportReport, TakeOverProblem, import_feed, take_over
from portal.db import session
from portal.directory.categories import current_categories
from portal.directory.models import Listing

DEFAULT_MAPPING = "oruk-taxonomy-mapping.csv"  # in the instance folder


@click.command("import-oruk")
@with_appcontext
@click.argument("url_or_file")
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"The taxonomy mapping file (CSV). Default: {DEFAULT_MAPPING} in the instance folder, if there.",
)
@click.option("--source", help="The name to keep imported records under (default: the feed's URL or file name).")
def import_oruk(url_or_file: str, mapping_path: Path | None, source: str | None) -> None:  # fmt: skip
    """Create or update organisations and listings from an Open Referral UK 3.0 feed (its API
    root URL) or a JSON file of one. Safe to run again: it updates rather than duplicates."""
    default = Path(current_app.instance_path) / DEFAULT_MAPPING
    path = mapping_path or (default if default.exists() else None)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        try:
            mapping = read_mapping(path, set(current_categories(session).by_code))
            report = import_feed(session, open_feed(url_or_file, source), mapping)
        except (FeedProblem, MappingProblem) as problem:
            session.rollback()
            raise click.ClickException(str(problem)) from problem
        session.commit()
    for line in report_lines(report):
        click.echo(line)


def report_lines(report: ImportReport) -> list[str]:
    lines = []
    for kind, title in (("service", "Services"), ("organization", "Organisations")):
        counts = report.counts[kind]
        outcomes = ("created", "updated", "unchanged", "rejected", "kept (taken over)")
        lines.append(f"{title}: " + ", ".join(f"{counts[o]} {o}" for o in outcomes if counts[o] or o != outcomes[-1]))
    if report.rejected:
        lines += ["Rejected:", *(f"  {line}" for line in report.rejected)]
    if report.unmapped:
        lines.append("Taxonomy terms no kind of activity is mapped to (add them to the mapping file):")
        lines += [f"  {term} ({count} services)" for term, count in report.unmapped.most_common()]
    return lines


@click.command("take-over")
@with_appcontext
@click.argument("listing_ref")
def take_over_listing(listing_ref: str) -> None:
    """Make an imported listing the portal's own (LISTING_REF: its number or its UUID): it can
    be edited here, and imports from its source no longer change it."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        listing = _listing(listing_ref)
        if listing is None:
            raise click.ClickException(f"no listing {listing_ref!r}")
        try:
            take_over(session, listing)
        except TakeOverProblem as problem:
            raise click.ClickException(str(problem)) from problem
        session.commit()
        click.echo(f"Listing {listing.id} ({listing.name}) is now the portal's own; imports from {listing.source} "
                   "leave it as it is.")  # fmt: skip


def _listing(reference: str) -> Listing | None:
    if reference.isdigit() and len(reference) <= 10:
        return session.get(Listing, int(reference))
    found = parse(reference)
    return session.scalar(select(Listing).where(Listing.uuid == found)) if found else None
