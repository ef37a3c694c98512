"""The GP record on the case: NHS number, consent, coded events, and the message back."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts.access import coordinator_required, signed_in, staff_required
from portal.accounts.audit.record import record_event
from portal.gp_record import message, queries, services
from portal.gp_record.access import gp_record_or_403
from portal.gp_record.forms import GpConsentForm, GpMessageForm, NhsNumberForm, ReferrerForm
from portal.gp_record.models import AskedHow, GpSharing, MessageRoute
from portal.gp_record.pages import practice_email_is_secure, routes_to, section_of
from portal.referrals.models import Referral

gp_record = Blueprint("gp_record", __name__)
CASE = "/triage/referrals/<reference>"


def _back(referral: Referral, text: str) -> Response:
    flash(text, "case-gp-record")
    return redirect(url_for("triage.show_referral", reference=referral.reference, _anchor="gp-record"), code=303)


def _problem(referral: Referral, form: NhsNumberForm | GpConsentForm | ReferrerForm) -> Response:
    problems = [str(error) for errors in form.errors.values() for error in errors]
    return _back(referral, problems[0] if problems else _("Something went wrong"))


@gp_record.post(f"{CASE}/nhs-number")
@staff_required
def change_nhs_number(reference: str) -> Response:
    referral = gp_record_or_403(reference)
    form = NhsNumberForm()
    if not form.validate():
        return _problem(referral, form)
    services.set_nhs_number(referral, form.nhs_number.data or "", signed_in())
    return _back(referral, _("NHS number saved"))


@gp_record.post(f"{CASE}/referrer")
@staff_required
def change_referrer(reference: str) -> Response:
    referral = gp_record_or_403(reference)
    form = ReferrerForm()
    if not form.validate():
        return _problem(referral, form)
    data = (form.referrer_name.data or "", form.referrer_organisation.data or "", form.referrer_email.data or "")
    services.set_referrer(referral, *data, signed_in())
    return _back(referral, _("Referrer saved"))


@gp_record.post(f"{CASE}/gp-consent")
@staff_required
def record_consent(reference: str) -> Response:
    referral = gp_record_or_403(reference)
    form = GpConsentForm()
    if not form.validate():
        return _problem(referral, form)
    services.record_consent(referral, GpSharing(form.sharing.data), AskedHow(form.asked_how.data), signed_in())
    return _back(referral, _("Consent recorded"))


@gp_record.post(f"{CASE}/support-accepted")
@staff_required
def record_accepted(reference: str) -> Response:
    referral = gp_record_or_403(reference)
    services.record_code(referral, services.ACCEPTED, signed_in())
    return _back(referral, _("Code recorded"))


@gp_record.post(f"{CASE}/support-declined")
@staff_required
def record_declined(reference: str) -> Response:
    referral = gp_record_or_403(reference)
    services.record_code(referral, services.DECLINED, signed_in())
    return _back(referral, _("Code recorded"))


@gp_record.get(f"{CASE}/gp-message")
@staff_required
def preview_message(reference: str) -> str:
    referral = gp_record_or_403(reference)
    section = section_of(referral)
    sharing = section.sending_as
    content = message.message_content(referral, sharing, signed_in()) if sharing else None
    record_event("gp_record.message_previewed", "referral", referral.reference)
    return render_template(
        "gp_record/message.html",
        referral=referral,
        section=section,
        content=content,
        form=GpMessageForm().offer(routes_to(referral.gp_practice_code)),
        practice_email_is_secure=practice_email_is_secure(referral.gp_practice_code),
        secure_domains=", ".join(current_app.config["SETTINGS"].secure_email_domains),
    )


@gp_record.post(f"{CASE}/gp-message")
@staff_required
def send_message(reference: str) -> Response:
    referral = gp_record_or_403(reference)
    section = section_of(referral)
    form = GpMessageForm().offer(routes_to(referral.gp_practice_code))
    sharing = section.sending_as
    if sharing is None or not referral.gp_practice_code or not form.validate():
        return _back(referral, _("The GP message cannot be sent: record consent and the practice first"))
    content = message.message_content(referral, sharing, signed_in())
    route = MessageRoute(form.route.data)
    to_referrer = bool(form.to_referrer.data and section.referrer_email)
    services.queue_gp_message(referral, referral.gp_practice_code, route, content, signed_in(), to_referrer)
    if route == MessageRoute.PRINT:
        return redirect(url_for("gp_record.preview_message", reference=reference, printing=1), code=303)
    return _back(referral, _("The GP message is on its way"))


@gp_record.get("/coordinator/gp-codes-sent")
@coordinator_required
def codes_report() -> Response | str:
    rows = queries.events_sent_by_practice()
    record_event("gp_record.report_viewed")
    if request.args.get("format") != "csv":
        return render_template("gp_record/codes-report.html", rows=rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ods_code", "snomed_code", "term", "count"])
    writer.writerows(rows)
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = "attachment; filename=gp-codes-sent.csv"
    return response
