"""The case page and the changes made from it, and the caseload.

Only the link worker holding a referral, or a coordinator, changes it; any link worker may
read it. Every view and change is audited (safeguarding views separately).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any, TypeVar, cast

from flask import flash, get_flashed_messages, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from portal import clock
from portal.accounts.access import signed_in, staff_required
from portal.accounts.audit.record import record_event
from portal.accounts.models import Role
from portal.followups.queries import case_flags
from portal.referrals.models import Referral, ReferralStatus
from portal.teams import queries as team_queries
from portal.teams.models import Team
from portal.triage import queries, services, transfers
from portal.triage.access import changeable_referral_or_404, referral_or_404
from portal.triage.case_changes import save_change
from portal.triage.case_page import case_context
from portal.triage.forms import (
    CLOSING_REASONS,
    CloseForm,
    ContactAttemptForm,
    NoteForm,
    SafeguardingForm,
    StatusForm,
    TransferForm,
    UrgentForm,
    VersionedForm,
)
from portal.triage.models import ClosingReason, ContactMethod, ContactOutcome
from portal.triage.queue_routes import triage
from portal.web.forms import clean_text
from portal.web.htmx import is_htmx


def transfer_form_for(
    referral: Referral, formdata: bool = False, targets: Sequence[Team] | None = None
) -> TransferForm:
    """Offering every team but its own (`targets`, when the page has read them already)."""
    form = TransferForm(prefix="transfer") if formdata else TransferForm(formdata=None, prefix="transfer")
    if targets is None:
        targets = [team for team in team_queries.all_teams() if team.id != referral.team_id]
    form.offer([(team.slug, team.name) for team in targets])
    return form


def _forms(
    referral: Referral, failed: int, targets: Sequence[Team], **given: VersionedForm
) -> dict[str, VersionedForm]:
    forms: dict[str, VersionedForm] = {
        "transfer_form": transfer_form_for(referral, targets=targets),
        "contact_form": ContactAttemptForm(formdata=None, method=_usual_method(referral)),
        "note_form": NoteForm(formdata=None),
        "status_form": StatusForm(formdata=None),
        "close_form": CloseForm(formdata=None),
        "safeguarding_form": SafeguardingForm(formdata=None),
        **given,
    }
    offered = services.closing_reasons_offered(failed)
    forms["close_form"].reason.choices = [choice for choice in CLOSING_REASONS if choice.value in offered]
    for form in forms.values():
        form.version.data = referral.version
    return forms


def _usual_method(referral: Referral) -> str | None:
    """The way the person asked to be contacted, chosen already: most attempts use it."""
    channel = str(referral.contact_channel)
    return channel if channel in {method.value for method in ContactMethod} else None


def _render(
    referral: Referral,
    status: int = 200,
    stale: bool = False,
    section: str | None = None,
    saved: str | None = None,
    **given: VersionedForm,
) -> WerkzeugResponse:
    """The case page, or for htmx only the case itself (`triage/_case.html`), which the page's
    script swaps in place, keeping the section the worker used where it was on the screen."""
    context: dict[str, Any] = case_context(referral, signed_in())
    record_event("triage.referral_viewed", "referral", referral.reference)
    if referral.safeguarding:
        record_event("triage.safeguarding_viewed", "referral", referral.reference)
    forms = _forms(referral, context["failed"], context["transfer_targets"], **given)
    form = next((f for f in given.values() if f.errors), None)
    template = "triage/_case.html" if is_htmx() else "triage/case.html"
    notices = _notices(section, saved)
    body = render_template(
        template,
        stale=stale,
        form=form,
        section=section,
        saved=saved,
        notices=notices,
        **forms,
        **context,
    )
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def _notices(section: str | None, saved: str | None) -> defaultdict[str, list[str]]:
    """Messages by the section they are about ("" for the top of the page): the one just saved
    with htmx, or those flashed for the page at a section's anchor."""
    notices: defaultdict[str, list[str]] = defaultdict(list)
    flashed = cast(list[tuple[str, str]], get_flashed_messages(with_categories=True))
    for category, message in flashed:
        notices[category.removeprefix("case-") if category.startswith("case-") else ""].append(message)
    if saved and section:
        notices[section].append(saved)
    return notices


@triage.get("/triage/referrals/<reference>")
@staff_required
def show_referral(reference: str) -> WerkzeugResponse:
    return _render(referral_or_404(reference))


def _done(referral: Referral, message: str, section: str) -> WerkzeugResponse:
    """Saved: htmx gets the case back with the message in the section used; without JavaScript,
    the page again, at that section, with the message there."""
    if is_htmx():
        return _render(referral, section=section, saved=message)
    flash(message, f"case-{section}")
    return redirect(url_for("triage.show_referral", reference=referral.reference, _anchor=section), code=303)


R = TypeVar("R")


def _save(
    referral: Referral,
    section: str,
    form: tuple[str, VersionedForm],
    valid: bool,
    change: Callable[[], R],
    message: str | Callable[[R], str],
) -> WerkzeugResponse:
    """`save_change` on the case page, in one of its sections. `message` may be worked out
    from what the change returned."""
    return save_change(
        referral,
        form,
        valid,
        change,
        partial(_render, section=section),
        lambda result: _done(referral, message(result) if callable(message) else message, section),
    )


@triage.post("/triage/referrals/<reference>/contact-attempts")
@staff_required
def record_contact_attempt(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), ContactAttemptForm()
    return _save(
        referral,
        "contact",
        ("contact_form", form),
        form.validate(),
        lambda: services.record_contact(
            referral,
            form.shown_version(),
            ContactMethod(form.method.data),
            ContactOutcome(form.outcome.data),
            signed_in(),
        ),
        _("Contact attempt recorded."),
    )


@triage.post("/triage/referrals/<reference>/notes")
@staff_required
def add_note(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), NoteForm()
    return _save(
        referral,
        "note",
        ("note_form", form),
        form.validate(),
        lambda: services.add_note(referral, form.shown_version(), clean_text(form.body.data), signed_in()),
        _("Note added."),
    )


def _review_date(form: StatusForm) -> tuple[bool, date | None]:
    typed = (form.next_review_on.data or "").strip()
    if not typed:
        return True, None
    try:
        return True, date.fromisoformat(typed)
    except ValueError:
        form.next_review_on.errors = [_("Next review date must be a real date, like 2027-03-27")]
        return False, None


@triage.post("/triage/referrals/<reference>/status")
@staff_required
def change_status(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), StatusForm()
    valid = form.validate()
    date_ok, review_on = _review_date(form)
    return _save(
        referral,
        "status",
        ("status_form", form),
        valid and date_ok,
        lambda: services.change_status(referral, form.shown_version(), ReferralStatus(form.status.data), review_on),
        _("Status changed."),
    )


@triage.post("/triage/referrals/<reference>/close")
@staff_required
def close_referral(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), CloseForm()
    offered = services.closing_reasons_offered(queries.failed_attempts(referral))
    form.reason.choices = [choice for choice in CLOSING_REASONS if choice.value in offered]
    return _save(
        referral,
        "close",
        ("close_form", form),
        form.validate(),
        lambda: services.close(referral, form.shown_version(), ClosingReason(form.reason.data)),
        _("Referral closed."),
    )


@triage.post("/triage/referrals/<reference>/urgent")
@staff_required
def change_urgent(reference: str) -> WerkzeugResponse:
    """Two buttons and nothing to type: there is nothing to get wrong but the version."""
    referral, form = changeable_referral_or_404(reference), UrgentForm()
    return _save(
        referral,
        "summary",
        ("urgent_form", form),
        True,
        lambda: services.set_urgent(referral, form.shown_version(), form.urgent.data == "yes"),
        lambda _result: _("Marked as urgent.") if referral.urgent else _("No longer marked as urgent."),
    )


@triage.post("/triage/referrals/<reference>/safeguarding")
@staff_required
def raise_safeguarding(reference: str) -> WerkzeugResponse:
    referral, form = changeable_referral_or_404(reference), SafeguardingForm()
    return _save(
        referral,
        "safeguarding",
        ("safeguarding_form", form),
        form.validate(),
        lambda: services.raise_safeguarding(
            referral,
            form.shown_version(),
            clean_text(form.concern.data),
            clean_text(form.escalated_to.data),
            signed_in(),
        ),
        _("Safeguarding concern recorded."),
    )


@triage.post("/triage/referrals/<reference>/not-spam")
@staff_required
def mark_not_spam(reference: str) -> WerkzeugResponse:
    """A real person's referral that the spam checks caught: back to its own kind and time limit."""
    referral, form = changeable_referral_or_404(reference), VersionedForm()
    if not referral.possible_spam:
        return _done(referral, _("This referral is not marked as possible spam."), "summary")
    return _save(
        referral,
        "summary",
        ("not_spam_form", form),
        True,
        lambda: services.mark_not_spam(referral, form.shown_version()),
        lambda confirmed: (
            _("Marked as not spam. It now has its usual time limit, and they are sent the confirmation they missed.")
            if confirmed
            else _("Marked as not spam. It now has its usual time limit.")
        ),
    )


@triage.post("/triage/referrals/<reference>/transfer")
@staff_required
def transfer_referral(reference: str) -> WerkzeugResponse:
    """To another team, by whoever holds it or a coordinator."""
    referral = changeable_referral_or_404(reference)
    form = transfer_form_for(referral, formdata=True)
    valid = form.validate()
    to = team_queries.team_by_slug(form.team.data or "")
    if to is None or to.id == referral.team_id:
        to = None
        form.team.errors = [*form.team.errors, _("Select the team to transfer it to")]

    def move_it() -> str:
        assert to is not None  # `_save` changes nothing unless a team was chosen
        transfers.transfer(referral, form.shown_version(), to, clean_text(form.reason.data), signed_in())
        return to.name

    return _save(
        referral,
        "summary",
        ("transfer_form", form),
        valid and to is not None,
        move_it,
        lambda team: _("Transferred to %(team)s. It is in their queue now.", team=team),
    )


@triage.get("/triage/caseload")
@staff_required
def show_caseload() -> str:
    user = signed_in()
    whole_team = Role(user.role) == Role.COORDINATOR
    cases = queries.caseload(user, whole_team)
    people = queries.holders({case.holder_id for case in cases if case.holder_id})
    flags = case_flags([case.id for case in cases], clock.now())
    record_event("triage.caseload_viewed", detail={"whole_team": whole_team})
    return render_template("triage/caseload.html", cases=cases, people=people, whole_team=whole_team, flags=flags)
