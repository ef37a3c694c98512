"""The "what matters to me" page (assessment, wellbeing plan, ONS4 scores) and the printable plan.

Any link worker may read them; only the holder or a coordinator changes them (see `case_routes`).
"""

from __future__ import annotations

from typing import Any

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.accounts.access import staff_required
from portal.accounts.audit import record_event
from portal.db import session
from portal.referrals.models import Referral
from portal.triage import what_matters
from portal.triage.forms import VersionedForm, label
from portal.triage.models import WellbeingStage
from portal.triage.routes import may_change, me, referral_or_404, require_may_change, triage
from portal.triage.services import StaleEdit
from portal.triage.what_matters_forms import (
    BARRIERS,
    SHORT_QUESTIONS,
    STAGES,
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
    assessment = what_matters.assessment_of(session, referral)
    plan = what_matters.plan_of(session, referral)
    forms: dict[str, VersionedForm] = {
        "assessment_form": AssessmentForm(formdata=None, obj=assessment),
        "plan_form": PlanForm(formdata=None, obj=plan),
        "action_form": PlanActionForm(formdata=None),
        "wellbeing_form": WellbeingForm(formdata=None),
    }
    if plan and plan.review_on:
        forms["plan_form"].review_on.data = plan.review_on.isoformat()
    return forms


def plan_context(referral: Referral) -> dict[str, Any]:
    assessment = what_matters.assessment_of(session, referral)
    return {
        "referral": referral,
        "assessment": assessment,
        "barriers": [label(BARRIERS, code) for code in (assessment.barriers if assessment else [])],
        "plan": what_matters.plan_of(session, referral),
        "actions": what_matters.actions_of(session, referral),
        "score_lines": what_matters.score_lines(what_matters.scores_of(session, referral)),
        "stages": [(stage, label(STAGES, stage.value)) for stage in WellbeingStage],
        "question_label": lambda question: label(SHORT_QUESTIONS, question.value),
        "may_change": may_change(referral, me()),
    }


def _render(referral: Referral, status: int = 200, stale: bool = False, **given: VersionedForm) -> WerkzeugResponse:
    forms = {**_prefilled(referral), **given}
    for each in forms.values():
        each.version.data = referral.version
    failing = next((f for f in given.values() if f.errors), None)
    record_event("triage.what_matters_viewed", "referral", referral.reference)
    body = render_template("triage/what-matters.html", stale=stale, form=failing, **forms, **plan_context(referral))
    return make_response(body, status)


def _done(referral: Referral, message: str) -> WerkzeugResponse:
    flash(message)
    return redirect(url_for("triage.show_what_matters", reference=referral.reference), code=303)


def _stale(referral: Referral) -> WerkzeugResponse:
    session.refresh(referral)
    return _render(referral, 409, stale=True)


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
    referral = referral_or_404(reference)
    require_may_change(referral)
    form = AssessmentForm()
    if not form.validate():
        return _render(referral, assessment_form=form)
    answers = what_matters.AssessmentAnswers(
        needs=clean_text(form.needs.data),
        strengths=_optional(form.strengths.data),
        barriers=[code for code in form.barriers.data or [] if code in {choice.value for choice in BARRIERS}],
        barriers_detail=_optional(form.barriers_detail.data),
        existing_support=_optional(form.existing_support.data),
    )
    try:
        what_matters.save_assessment(session, referral, form.shown_version(), answers, me())
    except StaleEdit:
        return _stale(referral)
    return _done(referral, _("Assessment saved."))


@triage.post("/triage/referrals/<reference>/plan")
@staff_required
def save_plan(reference: str) -> WerkzeugResponse:
    referral = referral_or_404(reference)
    require_may_change(referral)
    form = PlanForm()
    if not form.validate():
        return _render(referral, plan_form=form)
    try:
        what_matters.save_plan(
            session, referral, form.shown_version(), clean_text(form.goals.data), date_of(form.review_on), me()
        )
    except StaleEdit:
        return _stale(referral)
    return _done(referral, _("Wellbeing plan saved."))


@triage.post("/triage/referrals/<reference>/plan/actions")
@staff_required
def add_plan_action(reference: str) -> WerkzeugResponse:
    referral = referral_or_404(reference)
    require_may_change(referral)
    form = PlanActionForm()
    if not form.validate():
        return _render(referral, action_form=form)
    try:
        what_matters.add_action(
            session,
            referral,
            form.shown_version(),
            clean_text(form.what.data),
            clean_text(form.who.data),
            date_of(form.by_when),
            me(),
        )
    except StaleEdit:
        return _stale(referral)
    return _done(referral, _("Action added to the plan."))


@triage.post("/triage/referrals/<reference>/wellbeing-scores")
@staff_required
def record_wellbeing(reference: str) -> WerkzeugResponse:
    referral = referral_or_404(reference)
    require_may_change(referral)
    form = WellbeingForm()
    if not form.validate():
        return _render(referral, wellbeing_form=form)
    try:
        what_matters.record_scores(
            session, referral, form.shown_version(), WellbeingStage(form.stage.data), form.scores(), me()
        )
    except StaleEdit:
        return _stale(referral)
    return _done(referral, _("Wellbeing scores recorded."))
