"""Coordinators: listings as CSV, out and in."""

from __future__ import annotations

from typing import cast

from flask import Response, render_template
from werkzeug.datastructures import FileStorage

from portal.accounts.access import coordinator_required
from portal.accounts.routes.helpers import current
from portal.config import current_scheme
from portal.db import utcnow
from portal.organisations import spreadsheets
from portal.organisations.editor_routes import organisations
from portal.organisations.forms import ImportForm
from portal.web.csv_files import csv_download


@organisations.get("/coordinator/listings.csv")
@coordinator_required
def export_listings() -> Response:
    return csv_download(spreadsheets.COLUMNS, spreadsheets.export_rows(), f"listings-{utcnow():%Y-%m-%d}.csv")


@organisations.route("/coordinator/listings/import", methods=["GET", "POST"])
@coordinator_required
def import_listings() -> str:
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("organisations/import.html", form=form, reports=None)
    rows = spreadsheets.read_file(cast(FileStorage, form.spreadsheet.data).read())
    if isinstance(rows, str):
        form.spreadsheet.errors = [rows]
        return render_template("organisations/import.html", form=form, reports=None)
    reports = spreadsheets.check_rows(rows, current_scheme().outward_codes)
    with_problems = [report for report in reports if report.problems]
    imported = 0
    if not with_problems or form.when_problems.data == "valid_rows":
        imported = spreadsheets.import_rows(reports, current())
    return render_template(
        "organisations/import.html", form=form, reports=with_problems, imported=imported, total=len(reports)
    )
