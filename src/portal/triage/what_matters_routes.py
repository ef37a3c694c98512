"""The "what matters to me" page (assessment, wellbeing plan, ONS4 scores) and the printable plan.

Any link worker may read them; only the holder or a coordinator changes them (see `case_routes`).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.accounts.access import signed_in, staff_required
from portal.accounts.audit.record import record_event
from portal.referrals.models import Referral
from portal.triage import what_matters
from portal.triage.access import changeable_referral_or_404, referral_or_404
from portal.triage.case_changes import save_change
from portal.triage.case_page import plan_context
from portal.triage.forms import VersionedForm
from portal.triage.models import WellbeingStage
from portal.triage.queue_routes import triage
from portal.triage.what_matters_forms import (
    BARRIERS,
    AssessmentForm,
    PlanActionForm,
    PlanForm,
    WellbeingForm,
    date_of,
)
from portal.web.forms import clean_text


def _optional(text: str | None) -> str | None:
    return clean_text(text or "") or None


def _prefilled(referral: Referral) -> dict[str, VersionedForm]:
    plan = what_matters.plan_of(referral)
    forms: dict[str, VersionedForm] = {
        "assessment_form": AssessmentForm(formdata=None, obj=what_matters.assessment_of(referral)),
        "plan_form": PlanForm(formdata=None, obj=plan),
        "action_form": PlanActionForm(formdata=None),
        "wellbeing_form": WellbeingForm(formdata=None),
    }
    if plan and plan.review_on:
        forms["plan_form"].review_on.data = plan.review_on.isoformat()
    return forms


def _render(referral: Referral, status: int = 200, stale: bool = False, **given: VersionedForm) -> WerkzeugResponse:
    forms = {**_prefilled(referral), **given}
    for each in forms.values():
        each.version.data = referral.version
    failing = next((f for f in given.values() if f.errors), None)
    record_event("triage.what_matters_viewed", "referral", referral.reference)
    body = render_template("triage/what-matters.html", stale=stale, form=failing, **forms, **plan_context(referral))
    return make_response(body, status)


def _save(
    referral: Referral, form: tuple[str, VersionedForm], change: Callable[[], object], message: str
) -> WerkzeugResponse:
    """`save_change` on this page: saved, the page again with the message."""

    def saved(_result: object) -> WerkzeugResponse:
        flash(message)
        return redirect(url_for("triage.show_what_matters", reference=referral.reference), code=303)

    return save_change(referral, form, form[1].validate(), change, _render, saved)


@triage.get("/triage/referrals/<reference>/what-matters")
@staff_required
def show_what_matters(reference: str) -> WerkzeugResponse:
    return _render(referral_or_404(reference))


@triage.get("/triage/referrals/<reference>/plan")
@staff_required
def show_plan(reference: str) -> str:
    referral = referral_or_404(reference)
    record_event("triage.plan_viewed", "referral", referral.reference)
    return render_template("triage/plan.html", **plan_context(referral))


@triage.post("/triage/referrals/<reference>/assessment")
@staff_required
def save_assessment(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), AssessmentForm()

    def answers() -> what_matters.AssessmentAnswers:
        return what_matters.AssessmentAnswers(
            needs=clean_text(form.needs.data),
            strengths=_optional(form.strengths.data),
            barriers=[code for code in form.barriers.data or [] if code in {choice.value for choice in BARRIERS}],
            barriers_detail=_optional(form.barriers_detail.data),
            existing_support=_optional(form.existing_support.data),
        )

    return _save(
        referral,
        ("assessment_form", form),
        lambda: what_matters.save_assessment(referral, form.shown_version(), answers(), signed_in()),
        _("Assessment saved."),
    )


@triage.post("/triage/referrals/<reference>/plan")
@staff_required
def save_plan(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), PlanForm()
    return _save(
        referral,
        ("plan_form", form),
        lambda: what_matters.save_plan(
            referral, form.shown_version(), clean_text(form.goals.data), date_of(form.review_on), signed_in()
        ),
        _("Wellbeing plan saved."),
    )


@triage.post("/triage/referrals/<reference>/plan/actions")
@staff_required
def add_plan_action(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), PlanActionForm()
    return _save(
        referral,
        ("action_form", form),
        lambda: what_matters.add_action(
            referral,
            form.shown_version(),
            clean_text(form.what.data),
            clean_text(form.who.data),
            date_of(form.by_when),
            signed_in(),
        ),
        _("Action added to the plan."),
    )


@triage.post("/triage/referrals/<reference>/wellbeing-scores")
@staff_required
def record_wellbeing(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), WellbeingForm()
    return _save(
        referral,
        ("wellbeing_form", form),
        lambda: what_matters.record_scores(
            referral, form.shown_version(), WellbeingStage(form.stage.data), form.scores(), signed_in()
        ),
        _("Wellbeing scores recorded."),
    )
