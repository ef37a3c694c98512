"""The Reports pages: the list of reports under one filter bar, each report, and its CSV."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers import Response

from portal import clock
from portal.accounts.access import signed_in, staff_required
from portal.reports import choosing, queries
from portal.reports.catalogue import REPORTS
from portal.reports.forms import ReportFilterForm
from portal.reports.pages import ReportKind
from portal.web.csv_files import csv_download

reports = Blueprint("reports", __name__)


def _form() -> ReportFilterForm:
    form = ReportFilterForm(request.args)
    form.offer(queries.teams_offered())
    return form


def _kind_or_404(slug: str) -> ReportKind:
    kind = REPORTS.get(slug)
    if kind is None:
        abort(404)
    return kind


@reports.get("/reports")
@staff_required
def show_reports() -> str:
    form = _form()
    choice = choosing.chosen(form, signed_in(), clock.now())
    return render_template("reports/reports.html", form=form, choice=choice, kinds=list(REPORTS.values()))


@reports.get("/reports/<slug>")
@staff_required
def show_report(slug: str) -> str:
    kind = _kind_or_404(slug)
    form = _form()
    choice = choosing.chosen(form, signed_in(), clock.now())
    report = kind.build(choice.scope, clock.now())
    return render_template("reports/report.html", form=form, choice=choice, report=report)


@reports.get("/reports/<slug>/download.csv")
@staff_required
def download_report(slug: str) -> Response:
    kind = _kind_or_404(slug)
    choice = choosing.chosen(_form(), signed_in(), clock.now())
    report = kind.build(choice.scope, clock.now())
    filename = f"{slug}-{choice.period.first.isoformat()}-{choice.period.last.isoformat()}.csv"
    return csv_download([report.title, choice.label], report.csv_rows(), filename)
