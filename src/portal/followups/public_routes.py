"""The person's answer to "Did you go?", from the link in their text or email, without signing
in, and GOV.UK Notify's callback for replies by text.

Opening a link changes nothing (phones and mail scanners open links on their own): the page
shows the answer tapped with one button to send it, and the other two answers."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from portal import clock
from portal.extensions import csrf
from portal.followups import asking, inbound
from portal.followups.forms import AnswerForm
from portal.followups.models import ANSWER_NUMBERS, AnsweredBy
from portal.web.access import public_blueprint
from portal.web.caching import no_store

followups_public = public_blueprint(Blueprint("followups_public", __name__))
notify_callbacks = public_blueprint(Blueprint("notify_callbacks", __name__))

PROBLEM_STATUS = {asking.LinkProblem.UNKNOWN: 404, asking.LinkProblem.EXPIRED: 410, asking.LinkProblem.USED: 410}


def _problem(problem: asking.LinkProblem) -> tuple[str, int]:
    return render_template("followups/link-problem.html", problem=problem), PROBLEM_STATUS[problem]


@followups_public.route("/how-it-went/<token>/<any('1', '2', '3'):number>", methods=["GET", "POST"])
@no_store
def answer(token: str, number: str) -> Response | str | tuple[str, int]:
    now = clock.now()
    found = asking.follow_up_for_link(token, now)
    if isinstance(found, asking.LinkProblem):
        return _problem(found)
    form = AnswerForm()
    if not form.validate_on_submit():
        listing = found.group_referral.listing
        return render_template("followups/answer.html", listing=listing, token=token, chosen=number, form=form)
    if not asking.record_answer(found, ANSWER_NUMBERS[number], AnsweredBy.LINK, now):
        return _problem(asking.LinkProblem.USED)
    return redirect(url_for(".answered", token=token), 303)


@followups_public.get("/how-it-went/<token>/thank-you")
@no_store
def answered(token: str) -> str | tuple[str, int]:
    """Shown for a short while after the answer (a reload included); the link is used up."""
    found = asking.just_answered(token, clock.now())
    if found is None:
        return _problem(asking.LinkProblem.USED)
    return render_template("followups/answered.html", follow_up=found, answer=found.answer)


@notify_callbacks.post("/notify/received-text")
@csrf.exempt
def receive_text() -> Response:
    """Notify retries a failed callback, so anything it cannot fix is still answered 2xx."""
    expected = current_app.config["SETTINGS"].notify_inbound_token
    if not inbound.is_from_notify(request.headers.get("Authorization", ""), expected):
        return Response(status=401)
    try:
        text = inbound.parse(request.get_json(silent=True))
    except inbound.BadPayload:
        return Response(status=400)
    inbound.receive(text, clock.now())
    return Response(status=204)
