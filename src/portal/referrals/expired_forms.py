"""When a question page's form has expired (its CSRF token no longer matches the session).

A person who typed an answer should not lose it to a security check, so the question is shown
again with what they typed, to check and send again. Nothing is saved without a valid token,
and this happens only when the browser still holds its own draft: a forged request from
another site comes without our cookie, finds no draft, and changes nothing. Without a draft
the person is told plainly that their answers could not be kept.
"""

from __future__ import annotations

from flask import Flask, current_app, flash, make_response, redirect, render_template, request
from flask import Response as FlaskResponse
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.referrals import drafts, flow
from portal.referrals.journeys import JOURNEYS, SELF_REFERRAL, Journey, someone_else
from portal.referrals.question_pages import render_question
from portal.web.errors import on_expired_form


def _journey() -> Journey:
    return JOURNEYS.get(str((request.view_args or {}).get("journey")), SELF_REFERRAL)


def answers_not_kept(journey: Journey) -> FlaskResponse:
    page = render_template(
        "referrals/answers-not-kept.html",
        journey=journey,
        start_url=flow.start_url(journey),
        draft_hours=current_app.config["SETTINGS"].referrals.draft_hours,
    )
    return make_response(page, 400)


def keep_typed_answer() -> Response | None:
    journey = _journey()
    question = journey.question(str((request.view_args or {}).get("step")))
    if question is None:
        return None
    draft = drafts.find(journey.kind)
    if draft is None:
        return answers_not_kept(journey)
    form = question.form()
    form.someone_else = someone_else(draft.answers)
    return make_response(render_question(journey, question, form, draft.answers, expired=True), 400)


def back_to_check_answers() -> Response | None:
    """Sending from check your answers: the answers are all in the draft already."""
    journey = _journey()
    if drafts.find(journey.kind) is None:
        return answers_not_kept(journey)
    flash(_("This page had expired, so nothing was sent. Your answers are kept: check them and send them again."))
    return redirect(flow.check_url(journey), 303)


def init_app(app: Flask) -> None:
    on_expired_form(app, "referrals.save_answer", keep_typed_answer)
    on_expired_form(app, "referrals.send_answers", back_to_check_answers)
