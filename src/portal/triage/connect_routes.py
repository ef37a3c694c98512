"""Connecting from the case: search the directory, suggest listings, send them to the person."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response as WerkzeugResponse

from portal import clock
from portal.accounts.access import staff_required
from portal.accounts.audit import record_event
from portal.db import session
from portal.directory.space import name_with_space
from portal.i18n import current_language
from portal.outbox.models import Channel
from portal.outbox.services import send_soon
from portal.referrals.models import Referral
from portal.triage import connecting
from portal.triage.connect_forms import CHANNELS, ConnectSearchForm, SendSuggestionsForm, SuggestForm
from portal.triage.forms import label
from portal.triage.routes import me, referral_or_404, require_may_change, triage
from portal.triage.services import StaleEdit
from portal.triage.what_matters_routes import plan_context
from portal.web.forms import clean_text
from portal.web.numbers import record_id


def _render(referral: Referral, status: int = 200, stale: bool = False, **given: object) -> WerkzeugResponse:
    search = ConnectSearchForm(request.args)
    words = clean_text(search.words.data or "")[:200]
    found = connecting.search_for(session, referral, words, clock.now(), current_language().code) if words else []
    allowed = connecting.channels_allowed(referral)
    suggest_form = given.get("suggest_form") or SuggestForm(formdata=None)
    send_form = given.get("send_form") or SendSuggestionsForm(formdata=None)
    assert isinstance(suggest_form, SuggestForm) and isinstance(send_form, SendSuggestionsForm)
    suggest_form.listings.choices = [(str(item.listing.id), name_with_space(item.listing)) for item in found]
    send_form.channel.choices = [choice for choice in CHANNELS if choice.value in allowed]
    for form in (suggest_form, send_form):
        form.version.data = referral.version
    failing = next((form for form in (suggest_form, send_form) if form.errors), None)
    record_event("triage.connect_viewed", "referral", referral.reference, {"searched": bool(words)})
    body = render_template(
        "triage/connect.html",
        referral=referral,
        search_form=search,
        words=words,
        found=found,
        suggested=connecting.suggestions(session, referral),
        suggest_form=suggest_form,
        send_form=send_form,
        allowed=allowed,
        channel_label=lambda value: label(CHANNELS, value),
        may_change=plan_context(referral)["may_change"],
        form=failing,
        stale=stale,
    )
    return make_response(body, status)


@triage.get("/triage/referrals/<reference>/connect")
@staff_required
def show_connect(reference: str) -> WerkzeugResponse:
    return _render(referral_or_404(reference))


def _back(referral: Referral) -> WerkzeugResponse:
    return redirect(url_for("triage.show_connect", reference=referral.reference), code=303)


@triage.post("/triage/referrals/<reference>/suggestions")
@staff_required
def suggest_listings(reference: str) -> WerkzeugResponse:
    referral = referral_or_404(reference)
    require_may_change(referral)
    form = SuggestForm()
    chosen = [number for value in form.listings.data or [] if (number := record_id(value)) is not None]
    if not chosen:
        form.listings.errors = [_("Select the groups or services to suggest")]
        return _render(referral, suggest_form=form)
    try:
        added = connecting.suggest(session, referral, form.shown_version(), chosen, me())
    except StaleEdit:
        session.refresh(referral)
        return _render(referral, 409, stale=True)
    flash(ngettext("%(num)d suggestion added.", "%(num)d suggestions added.", added))
    return _back(referral)


@triage.post("/triage/referrals/<reference>/suggestions/send")
@staff_required
def send_suggestions(reference: str) -> WerkzeugResponse:
    referral = referral_or_404(reference)
    require_may_change(referral)
    form = SendSuggestionsForm()
    form.channel.choices = [choice for choice in CHANNELS if choice.value in connecting.channels_allowed(referral)]
    if not form.validate():
        return _render(referral, send_form=form)
    try:
        sent = connecting.send(session, referral, form.shown_version(), Channel(form.channel.data))
    except StaleEdit:
        session.refresh(referral)
        return _render(referral, 409, stale=True)
    if sent:
        send_soon()
        flash(ngettext("%(num)d suggestion sent.", "%(num)d suggestions sent.", sent))
    else:
        flash(_("Every suggestion has been sent already."))
    return _back(referral)
