"""Connecting from the case: search the directory, suggest listings, send them to the person."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response as WerkzeugResponse

from portal import clock
from portal.accounts.access import signed_in, staff_required
from portal.accounts.audit.record import record_event
from portal.directory.space import name_with_space
from portal.i18n import current_language
from portal.outbox.models import Channel
from portal.outbox.services import send_soon
from portal.referrals.choices import label
from portal.referrals.models import Referral
from portal.triage import connecting
from portal.triage.access import changeable_referral_or_404, may_change, referral_or_404
from portal.triage.case_changes import save_change
from portal.triage.connect_forms import CHANNELS, ConnectSearchForm, SendSuggestionsForm, SuggestForm
from portal.triage.forms import VersionedForm
from portal.triage.queue_routes import triage
from portal.web.forms import clean_text
from portal.web.numbers import record_id


def _render(referral: Referral, status: int = 200, stale: bool = False, **given: VersionedForm) -> WerkzeugResponse:
    search = ConnectSearchForm(request.args)
    words = clean_text(search.words.data or "")[:200]
    found = connecting.search_for(referral, words, clock.now(), current_language().code) if words else []
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
        suggested=connecting.suggestions(referral),
        suggest_form=suggest_form,
        send_form=send_form,
        allowed=allowed,
        channel_label=lambda value: label(CHANNELS, value),
        may_change=may_change(referral, signed_in()),
        form=failing,
        stale=stale,
    )
    return make_response(body, status)


@triage.get("/triage/referrals/<reference>/connect")
@staff_required
def show_connect(reference: str) -> WerkzeugResponse:
    return _render(referral_or_404(reference))


def _back(referral: Referral, message: str) -> WerkzeugResponse:
    flash(message)
    return redirect(url_for("triage.show_connect", reference=referral.reference), code=303)


@triage.post("/triage/referrals/<reference>/suggestions")
@staff_required
def suggest_listings(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), SuggestForm()
    chosen = [number for value in form.listings.data or [] if (number := record_id(value)) is not None]
    if not chosen:
        form.listings.errors = [_("Select the groups or services to suggest")]
    return save_change(
        referral,
        ("suggest_form", form),
        bool(chosen),
        lambda: connecting.suggest(referral, form.shown_version(), chosen, signed_in()),
        _render,
        lambda added: _back(referral, ngettext("%(num)d suggestion added.", "%(num)d suggestions added.", added)),
    )


def _sent(referral: Referral, sent: int) -> WerkzeugResponse:
    if not sent:
        return _back(referral, _("Every suggestion has been sent already."))
    send_soon()
    return _back(referral, ngettext("%(num)d suggestion sent.", "%(num)d suggestions sent.", sent))


@triage.post("/triage/referrals/<reference>/suggestions/send")
@staff_required
def send_suggestions(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), SendSuggestionsForm()
    form.channel.choices = [choice for choice in CHANNELS if choice.value in connecting.channels_allowed(referral)]
    return save_change(
        referral,
        ("send_form", form),
        form.validate(),
        lambda: connecting.send(referral, form.shown_version(), Channel(form.channel.data)),
        _render,
        lambda sent: _sent(referral, sent),
    )
