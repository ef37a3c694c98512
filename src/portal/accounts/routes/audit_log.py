"""Coordinators browse, filter and export the audit log. Looking at it is audited too."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from portal.accounts.access import coordinator_required
from portal.accounts.audit import read as audit_log
from portal.accounts.audit.record import record_event
from portal.accounts.forms import AuditFilterForm
from portal.accounts.routes import accounts
from portal.clock import now
from portal.web.csv_files import csv_download
from portal.web.numbers import record_id


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.action.choices = [SelectChoice("", _("Any action"))] + [
        SelectChoice(action, audit_log.describe_action(action)) for action in audit_log.known_actions()
    ]
    return form


def _filter_from(form: AuditFilterForm) -> audit_log.AuditFilter:
    return audit_log.AuditFilter(
        person=form.person.data or None,
        action=form.action.data or None,
        subject_type=form.subject_type.data or None,
        subject_id=form.subject_id.data or None,
        since=form.since.data,
        until=form.until.data,
    )


def _filter_args(form: AuditFilterForm) -> dict[str, Any]:
    return {name: value for name, value in request.args.items() if name != "before" and value and name in form}


@accounts.get("/audit-log")
@coordinator_required
def show_audit_log() -> str:
    form = _filter_form()
    valid = form.validate()
    chosen = _filter_from(form) if valid else audit_log.AuditFilter()
    before = record_id(request.args.get("before"))
    page = audit_log.find_events(chosen, before)
    record_event("audit.viewed", detail=_filter_args(form))
    older_url = (
        url_for("accounts.show_audit_log", **_filter_args(form), before=page.older_than) if page.older_than else None
    )
    return render_template(
        "accounts/audit-log.html",
        form=form,
        page=page,
        older_url=older_url,
        export_url=url_for("accounts.export_audit_log", **_filter_args(form)),
        filtered=bool(_filter_args(form)),
    )


@accounts.get("/audit-log/export.csv")
@coordinator_required
def export_audit_log() -> Response:
    form = _filter_form()
    chosen = _filter_from(form) if form.validate() else audit_log.AuditFilter()
    record_event("audit.exported", detail=_filter_args(form))
    return csv_download(audit_log.CSV_HEADER, audit_log.csv_rows(chosen), f"audit-log-{now():%Y-%m-%d}.csv")
