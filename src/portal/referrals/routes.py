"""Refer yourself to a link worker, or ask for a call back: one question per page, full page
loads, answers kept on the server until they are sent."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from portal.extensions import limiter
from portal.outbox.services import send_soon
from portal.referrals import drafts, flow, services
from portal.referrals.answers import summary_rows
from portal.referrals.forms import AboutYouForm, SendForm
from portal.referrals.journeys import (
    CALLBACK,
    JOURNEYS,
    NOTICE_QUESTION,
    NOTICES,
    SELF_REFERRAL,
    Journey,
    Question,
    about_listing,
    notice_after,
    someone_else,
)
from portal.referrals.models import Referral
from portal.referrals.queries import listing_to_ask_about, referral_by_reference, referral_sent_with
from portal.referrals.question_pages import question_page, render_question
from portal.referrals.references import spaced
from portal.web.access import public_blueprint
from portal.web.limits import minutes_until_retry

referrals = public_blueprint(Blueprint("referrals", __name__))

JOURNEY = "<any(" + ",".join(f'"{slug}"' for slug in JOURNEYS) + "):journey>"
NOTICE = "<any(" + ",".join(f'"{notice}"' for notice in NOTICES) + "):notice>"


def submit_limit() -> str:
    return str(current_app.config["SETTINGS"].referrals.submit_limit)


def journey_submit_limit() -> str:
    return str(current_app.config["SETTINGS"].referrals.journey_submit_limit)


@referrals.after_request
def never_store(response: Response) -> Response:
    """Every page of both journeys may show a person's answers."""
    response.headers["Cache-Control"] = "no-store"
    return response


def render_start(template: str, journey: Journey, **context: Any) -> str:
    hours = current_app.config["SETTINGS"].referrals.draft_hours
    return render_template(template, journey=journey, draft_hours=hours, **context)


@referrals.get("/refer-yourself")
def start_self_referral() -> str:
    return render_start("referrals/start.html", SELF_REFERRAL)


@referrals.get("/ask-for-a-call-back")
def start_callback() -> str:
    listing = listing_to_ask_about(request.args.get("listing"))
    return render_start("referrals/callback-start.html", CALLBACK, listing=listing)


@referrals.post(f"/{JOURNEY}")
def begin_journey(journey: str) -> Response:
    chosen = JOURNEYS[journey]
    draft = drafts.begin(chosen.kind, flow.carried_answers(chosen))
    if chosen is CALLBACK and (listing := listing_to_ask_about(request.form.get("listing"))) is not None:
        drafts.save(draft, about_listing(listing.id, listing.name), looks_automated=False)
    flow.forget_sent(chosen)
    return redirect(flow.next_url(chosen, draft.answers), 303)


def _question(journey: str, step: str) -> tuple[Journey, Question]:
    chosen = JOURNEYS[journey]
    question = chosen.question(step)
    if question is None:
        abort(404)
    return chosen, question


@referrals.get(f"/{JOURNEY}/<step>")
def show_question(journey: str, step: str) -> Response | str:
    chosen, question = _question(journey, step)
    answers = drafts.answers_so_far(chosen.kind)
    if answers is None:
        return redirect(flow.lost_url(chosen))
    if not question.applies(answers):
        return redirect(flow.next_url(chosen, answers))
    return question_page(chosen, question, answers)


@referrals.post(f"/{JOURNEY}/<step>")
def save_answer(journey: str, step: str) -> Response | str:
    chosen, question = _question(journey, step)
    draft = drafts.find(chosen.kind)
    if draft is None:
        return redirect(flow.lost_url(chosen), 303)
    if not question.applies(draft.answers):
        return redirect(flow.next_url(chosen, draft.answers), 303)
    form = question.form()
    form.someone_else = someone_else(draft.answers)
    if not form.validate():
        drafts.note_signals(draft, form.looks_automated())
        return render_question(chosen, question, form, draft.answers)
    drafts.save(draft, form.answers(), form.looks_automated())
    if (notice := notice_after(question, draft.answers, current_app.config["SETTINGS"].scheme)) is not None:
        return redirect(url_for("referrals.show_notice", notice=notice), 303)
    return redirect(flow.next_url(chosen, draft.answers), 303)


@referrals.get(f"/refer-yourself/{NOTICE}")
def show_notice(notice: str) -> Response | str:
    draft = drafts.find(SELF_REFERRAL.kind)
    if draft is None:
        return redirect(flow.lost_url(SELF_REFERRAL))
    question = SELF_REFERRAL.question(NOTICE_QUESTION[notice])
    assert question is not None
    return render_template(
        f"referrals/{notice}.html",
        journey=SELF_REFERRAL,
        someone_else=someone_else(draft.answers),
        back_url=flow.question_url(SELF_REFERRAL, question),
        continue_url=flow.next_url(SELF_REFERRAL, draft.answers),
    )


@referrals.get(f"/{JOURNEY}/answers-deleted")
def show_answers_deleted(journey: str) -> Response | str:
    chosen = JOURNEYS[journey]
    if not drafts.expired():
        return redirect(flow.start_url(chosen))
    return render_template(
        "referrals/answers-deleted.html",
        journey=chosen,
        draft_hours=current_app.config["SETTINGS"].referrals.draft_hours,
    )


@referrals.get(f"/{JOURNEY}/check-your-answers")
def check_answers(journey: str) -> Response | str:
    chosen = JOURNEYS[journey]
    draft = drafts.find(chosen.kind)
    if draft is None:
        return redirect(flow.sent_or_start_url(chosen))
    if (elsewhere := flow.unfinished(chosen, draft)) is not None:
        return redirect(elsewhere)
    return render_template(
        "referrals/check-answers.html",
        journey=chosen,
        rows=summary_rows(chosen, draft.answers),
        form=SendForm(data={"submission_token": draft.submission_token}),
        back_url=flow.back_url(chosen, chosen.applicable(draft.answers)[-1], draft.answers, change=False),
    )


@referrals.post(f"/{JOURNEY}/check-your-answers")
@limiter.limit(submit_limit)
@limiter.limit(journey_submit_limit, key_func=drafts.limit_key)
def send_answers(journey: str) -> Response:
    chosen = JOURNEYS[journey]
    form = SendForm()
    # The draft first: when another send of this journey has just finished, the draft is gone
    # and its referral is found; in any order of events, a second send finds the first.
    draft = drafts.find(chosen.kind)
    if (already := referral_sent_with(form.submission_token.data)) is not None:
        return _confirmed(chosen, already.reference)
    if draft is None:
        return redirect(flow.sent_or_start_url(chosen), 303)
    if form.submission_token.data != draft.submission_token:
        return redirect(flow.check_url(chosen), 303)
    if (elsewhere := flow.unfinished(chosen, draft)) is not None:
        return redirect(elsewhere, 303)
    try:
        referral = services.send(chosen, draft, form.looks_automated(), str(get_locale()))
    except services.NotSent:
        page = render_template("referrals/not-sent.html", journey=chosen, check_url=flow.check_url(chosen))
        return make_response(page, 503)
    send_soon()
    return _confirmed(chosen, referral.reference)


@referrals.errorhandler(429)
def too_many_sends(_error: Exception) -> Response:
    """The submit limit counts a whole library's or surgery's wifi as one place: say that
    nothing is lost, when to try again, and how to reach us instead."""
    chosen = JOURNEYS.get(str((request.view_args or {}).get("journey")), SELF_REFERRAL)
    page = render_template(
        "referrals/too-many-sends.html",
        journey=chosen,
        minutes=minutes_until_retry(),
        draft_hours=current_app.config["SETTINGS"].referrals.draft_hours,
        check_url=flow.check_url(chosen),
    )
    response = make_response(page, 429)
    response.headers["Cache-Control"] = "no-store"
    return response


def _confirmed(journey: Journey, reference: str) -> Response:
    flow.remember_sent(journey, reference)
    return redirect(url_for("referrals.show_confirmation", journey=journey.slug), 303)


def _render_confirmation(journey: Journey, referral: Referral, about_you: AboutYouForm | None) -> str:
    if about_you is None and journey is SELF_REFERRAL and not flow.about_you_answered(referral.reference):
        about_you = AboutYouForm()
    if about_you is not None:
        about_you.someone_else = referral.for_someone_else
    return render_template(
        "referrals/confirmation.html",
        journey=journey,
        referral=referral,
        reference=spaced(referral.reference),
        message_channel=services.confirmation_channel(referral),
        working_days=services.promised_working_days(referral, current_app.config["SETTINGS"]),
        about_you=about_you,
        about_you_saved=flow.about_you_answered(referral.reference),
    )


@referrals.get(f"/{JOURNEY}/confirmation")
def show_confirmation(journey: str) -> Response | str:
    chosen = JOURNEYS[journey]
    referral = referral_by_reference(flow.sent_reference(chosen))
    if referral is None:
        return redirect(flow.start_url(chosen))
    return _render_confirmation(chosen, referral, None)


@referrals.post("/refer-yourself/confirmation")
def save_about_you() -> Response | str:
    """The optional questions under the confirmation: only for the referral this browser sent."""
    referral = referral_by_reference(flow.sent_reference(SELF_REFERRAL))
    if referral is None:
        return redirect(flow.start_url(SELF_REFERRAL), 303)
    form = AboutYouForm()
    form.someone_else = referral.for_someone_else
    if not form.validate():
        return _render_confirmation(SELF_REFERRAL, referral, form)
    if not form.looks_automated():
        services.give_about_you(referral, form.gender.data, form.ethnic_group.data)
    flow.remember_about_you(referral.reference)
    return redirect(url_for("referrals.show_confirmation", journey=SELF_REFERRAL.slug, _anchor="about-you"), 303)
