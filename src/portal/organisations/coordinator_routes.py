"""Coordinators: requests to join, the moderation queue, trusted organisations, the stale
report and reported problems."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts.access import coordinator_required, signed_in
from portal.accounts.audit.record import record_event
from portal.clock import now
from portal.organisations import joining, problems, revisions
from portal.organisations.access import organisation_or_404, own_problem_or_404, request_or_404, revision_or_404
from portal.organisations.editor_routes import organisations
from portal.organisations.forms import ReasonForm
from portal.organisations.models import RequestState, RevisionState
from portal.organisations.queries import (
    approved_organisations,
    listings_checked_before,
    recent_moderation_decisions,
    waiting_requests,
)
from portal.organisations.still_correct import stale_after


@organisations.get("/coordinator/organisation-requests")
@coordinator_required
def list_requests() -> str:
    return render_template("organisations/requests.html", requests=waiting_requests())


@organisations.route("/coordinator/organisation-requests/<id:request_id>", methods=["GET", "POST"])
@coordinator_required
def decide_request(request_id: int) -> Response | str:
    join_request = request_or_404(request_id)
    form = ReasonForm()
    if join_request.state == RequestState.WAITING and request.method == "POST":
        if request.form.get("decision") == "approve":
            try:
                joining.approve(join_request, signed_in())
            except joining.JoiningProblem:
                flash(_("There is already an account with this email address. Decline the request and say why."))
                return redirect(url_for(".decide_request", request_id=request_id), 303)
            flash(_("Approved. We have emailed an invitation to %(email)s.", email=join_request.email))
            return redirect(url_for(".list_requests"), 303)
        if form.validate_on_submit():
            joining.decline(join_request, signed_in(), form.reason.data)
            flash(_("Declined. We have emailed the reason to %(email)s.", email=join_request.email))
            return redirect(url_for(".list_requests"), 303)
    return render_template("organisations/request.html", join_request=join_request, form=form)


@organisations.get("/coordinator/moderation")
@coordinator_required
def list_moderation() -> str:
    return render_template(
        "organisations/moderation.html", waiting=revisions.waiting(), recent=recent_moderation_decisions()
    )


@organisations.route("/coordinator/moderation/<id:revision_id>", methods=["GET", "POST"])
@coordinator_required
def moderate_revision(revision_id: int) -> Response | str:
    revision = revision_or_404(revision_id)
    form = ReasonForm()
    if revision.state == RevisionState.WAITING and request.method == "POST":
        if request.form.get("decision") == "approve":
            revisions.approve(revision, signed_in())
            flash(_("Approved. The listing is published."))
            return redirect(url_for(".list_moderation"), 303)
        if form.validate_on_submit():
            revisions.send_back(revision, signed_in(), form.reason.data)
            flash(_("Sent back to the organisation with your reason."))
            return redirect(url_for(".list_moderation"), 303)
    changes = revisions.diff(revisions.published_snapshot(revision.listing_id), revision.snapshot)
    return render_template("organisations/moderate.html", revision=revision, changes=changes, form=form)


@organisations.get("/coordinator/organisations")
@coordinator_required
def list_organisations() -> str:
    return render_template("organisations/organisations.html", organisations=approved_organisations())


@organisations.post("/coordinator/organisations/<id:organisation_id>/trusted")
@coordinator_required
def set_trusted(organisation_id: int) -> Response:
    organisation = organisation_or_404(organisation_id)
    organisation.trusted = request.form.get("trusted") == "yes"
    record_event("organisation.trusted_changed", "organisation", organisation.id, {"trusted": organisation.trusted})
    return redirect(url_for(".list_organisations"), 303)


@organisations.get("/coordinator/stale-listings")
@coordinator_required
def show_stale_report() -> str:
    return render_template("organisations/stale.html", listings=listings_checked_before(now() - stale_after()))


@organisations.get("/coordinator/problems")
@coordinator_required
def list_problems() -> str:
    return render_template("organisations/problems.html", problems=problems.open_problems())


@organisations.post("/coordinator/problems/<id:problem_id>/resolve")
@coordinator_required
def resolve_problem(problem_id: int) -> Response:
    problems.resolve(own_problem_or_404(problem_id), signed_in())
    flash(_("Marked as resolved."))
    return redirect(url_for(".list_problems"), 303)
