"""Coordinators' data protection pages: a person's records found and exported (subject access),
their details corrected (rectification) or erased at their request. Every search and change is
sent by POST, and no page is kept by a browser or proxy."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal import clock
from portal.accounts.access import coordinator_required
from portal.config import current_scheme
from portal.data_protection import erasure, rectification, subject_access
from portal.data_protection.forms import CorrectDetailsForm, SubjectAccessExportForm, SubjectAccessForm
from portal.triage.access import referral_or_404
from portal.web.caching import never_kept, no_store

data_protection = Blueprint("data_protection", __name__)
SUBJECT_ACCESS = "/data-protection/subject-access"


def _query(form: SubjectAccessForm) -> subject_access.PersonQuery:
    return subject_access.PersonQuery(
        full_name=form.full_name.data or "",
        date_of_birth=form.date_of_birth.data,
        phone=form.phone.data or "",
        email=form.email.data or "",
        nhs_number=form.nhs_number.data or "",
        reference=form.reference.data or "",
    )


@data_protection.get(SUBJECT_ACCESS)
@coordinator_required
@no_store
def subject_access_form() -> str:
    return render_template("data-protection/subject-access.html", form=SubjectAccessForm(), referrals=None)


@data_protection.post(SUBJECT_ACCESS)
@coordinator_required
@no_store
def find_person() -> tuple[str, int] | str:
    form = SubjectAccessForm()
    if not form.validate():
        return render_template("data-protection/subject-access.html", form=form, referrals=None), 400
    referrals = subject_access.find(_query(form))
    return render_template("data-protection/subject-access.html", form=form, referrals=referrals)


@data_protection.post(f"{SUBJECT_ACCESS}/export")
@coordinator_required
def export_records() -> Response | tuple[Response, int]:
    form = SubjectAccessExportForm()
    if not form.validate():
        page = render_template("data-protection/subject-access.html", form=form, referrals=None)
        return never_kept(make_response(page)), 400
    chosen = set(form.references.data or [])
    found = subject_access.find(_query(form), audited=False)
    referrals = [referral for referral in found if referral.reference in chosen]
    records = subject_access.records_of(referrals, form.export_format.data)
    made_at = clock.now()
    if form.export_format.data == "json":
        body = subject_access.as_json(records, current_scheme().name, made_at)
        response = current_app.response_class(body, mimetype="application/json")
        response.headers["Content-Disposition"] = f'attachment; filename="subject-access-{made_at.date()}.json"'
        return never_kept(response)
    page = render_template("data-protection/subject-access-export.html", records=records, made_at=made_at)
    return never_kept(make_response(page))


@data_protection.route("/data-protection/referrals/<reference>/correct", methods=["GET", "POST"])
@coordinator_required
@no_store
def correct_details(reference: str) -> Response | str | tuple[str, int]:
    referral = referral_or_404(reference)
    details = rectification.PersonDetails.of(referral)
    form = CorrectDetailsForm(data=vars(details))
    page = "data-protection/correct.html"
    if referral.personal_details_erased_at is not None or not form.is_submitted():
        return render_template(page, referral=referral, form=form)
    if not form.validate():
        return render_template(page, referral=referral, form=form), 400
    corrected = rectification.PersonDetails(
        form.full_name.data or "",
        form.date_of_birth.data,
        form.postcode.data or "",
        form.phone.data or "",
        form.email.data or "",
    )
    changed = rectification.correct_details(referral, corrected)
    flash(_("Details corrected") if changed else _("Nothing was changed: the details were already these"))
    return redirect(url_for("data_protection.correct_details", reference=referral.reference), code=303)


@data_protection.get("/data-protection/referrals/<reference>/erase")
@coordinator_required
def confirm_erasure(reference: str) -> str:
    referral = referral_or_404(reference)
    return render_template("data-protection/erase.html", referral=referral, blocked=erasure.blocked_because(referral))


@data_protection.post("/data-protection/referrals/<reference>/erase")
@coordinator_required
def erase_person(reference: str) -> Response | tuple[str, int]:
    referral = referral_or_404(reference)
    try:
        erasure.erase([referral.reference])
    except erasure.ErasureBlocked as blocked:
        return render_template("data-protection/erase.html", referral=referral, blocked=blocked.reason), 409
    return redirect(url_for("data_protection.confirm_erasure", reference=referral.reference), code=303)
