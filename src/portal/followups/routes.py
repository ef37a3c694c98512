"""The holder's one-step actions on a referral to a group (chase, cancel, refer elsewhere),
the people not heard from, and a coordinator's answer time for an organisation."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts.access import coordinator_required, signed_in, staff_required
from portal.accounts.audit.record import record_event
from portal.accounts.models import Role
from portal.clock import now as time_now
from portal.followups import clock, deadlines, queries, services
from portal.followups.forms import AnswerTimeForm
from portal.organisations.models import GroupReferral
from portal.outbox.services import send_soon
from portal.triage.access import require_may_change
from portal.triage.queries import holders

followups = Blueprint("followups", __name__)


def _act_for_the_holder(group_referral_id: int, action: Callable[[GroupReferral], None]) -> GroupReferral:
    """One step on a referral to a group, by whoever may change its case (its holder or a
    coordinator); the group's email goes as soon as the response has."""
    found = queries.group_referral_or_none(group_referral_id)
    if found is None:
        abort(404)
    require_may_change(found.referral)
    try:
        action(found)
    except deadlines.DeadlineProblem:
        abort(409)
    send_soon()
    return found


def _back_to_case(group_referral: GroupReferral, message: str) -> Response:
    flash(message)
    reference = group_referral.referral.reference
    return redirect(url_for("triage.show_referral", reference=reference, _anchor="group-referrals"), 303)


@followups.post("/group-referrals/<id:group_referral_id>/chase")
@staff_required
def chase_group(group_referral_id: int) -> Response:
    chased = _act_for_the_holder(group_referral_id, deadlines.chase)
    return _back_to_case(chased, _("Chased. The group has been emailed and has a new deadline."))


@followups.post("/group-referrals/<id:group_referral_id>/cancel")
@staff_required
def cancel_group_referral(group_referral_id: int) -> Response:
    cancelled = _act_for_the_holder(group_referral_id, deadlines.cancel)
    return _back_to_case(cancelled, _("Cancelled. The group has been told they no longer need to contact them."))


@followups.post("/group-referrals/<id:group_referral_id>/refer-elsewhere")
@staff_required
def refer_elsewhere(group_referral_id: int) -> Response:
    cancelled = _act_for_the_holder(group_referral_id, deadlines.cancel)
    flash(_("Cancelled the referral to %(name)s. Choose another group.", name=cancelled.listing.name))
    return redirect(url_for("organisations.refer_to_group", referral_id=cancelled.referral_id), 303)


@followups.get("/triage/not-heard-from")
@staff_required
def list_not_heard_from() -> str:
    user = signed_in()
    whole_team = Role(user.role) == Role.COORDINATOR
    cases = queries.not_heard_from(None if whole_team else user, time_now())
    people = holders({case.referral.holder_id for case in cases if case.referral.holder_id})
    record_event("followups.quiet_viewed", detail={"whole_team": whole_team})
    return render_template(
        "followups/not-heard-from.html",
        cases=cases,
        people=people,
        whole_team=whole_team,
        weeks=clock.setting("QUIET_WEEKS"),
    )


@followups.route("/coordinator/organisations/<id:organisation_id>/answer-time", methods=["GET", "POST"])
@coordinator_required
def change_answer_time(organisation_id: int) -> Response | str:
    organisation = queries.organisation_or_none(organisation_id)
    if organisation is None:
        abort(404)
    form = AnswerTimeForm(data={"working_days": organisation.answer_within_working_days or ""})
    if form.validate_on_submit():
        services.set_answer_time(organisation, form.working_days.data)
        flash(_("Saved. New referrals to %(name)s get this answer time.", name=organisation.name))
        return redirect(url_for("organisations.list_organisations"), 303)
    return render_template(
        "followups/answer-time.html",
        form=form,
        organisation=organisation,
        scheme_days=clock.setting("ANSWER_WORKING_DAYS"),
    )
