"""Coordinators: requests to join, the moderation queue, trusted organisations, the stale
report and reported problems."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal.accounts.access import coordinator_required
from portal.accounts.audit import record_event
from portal.accounts.routes.helpers import current
from portal.db import session, utcnow
from portal.directory.models import Listing
from portal.organisations import joining, problems, revisions
from portal.organisations.checks import stale_after
from portal.organisations.editor_routes import organisations
from portal.organisations.forms import ReasonForm
from portal.organisations.models import Organisation
from portal.organisations.queries import approved_organisations, own_problem_or_404, request_or_404, waiting_requests
from portal.organisations.records import ListingRevision, RequestState, RevisionState


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
                joining.approve(join_request, current())
            except joining.JoiningProblem:
                flash(_("There is already an account with this email address. Decline the request and say why."))
                return redirect(url_for(".decide_request", request_id=request_id), 303)
            flash(_("Approved. We have emailed an invitation to %(email)s.", email=join_request.email))
            return redirect(url_for(".list_requests"), 303)
        if form.validate_on_submit():
            joining.decline(join_request, current(), form.reason.data)
            flash(_("Declined. We have emailed the reason to %(email)s.", email=join_request.email))
            return redirect(url_for(".list_requests"), 303)
    return render_template("organisations/request.html", join_request=join_request, form=form)


@organisations.get("/coordinator/moderation")
@coordinator_required
def list_moderation() -> str:
    recent = session.scalars(
        select(ListingRevision)
        .where(ListingRevision.decided_at.is_not(None))
        .order_by(ListingRevision.decided_at.desc())
        .limit(50)
    )
    return render_template("organisations/moderation.html", waiting=revisions.waiting(), recent=list(recent))


def _revision_or_404(revision_id: int) -> ListingRevision:
    revision = session.get(ListingRevision, revision_id)
    if revision is None:
        abort(404)
    return revision


@organisations.route("/coordinator/moderation/<id:revision_id>", methods=["GET", "POST"])
@coordinator_required
def moderate_revision(revision_id: int) -> Response | str:
    revision = _revision_or_404(revision_id)
    form = ReasonForm()
    if revision.state == RevisionState.WAITING and request.method == "POST":
        if request.form.get("decision") == "approve":
            revisions.approve(revision, current())
            flash(_("Approved. The listing is published."))
            return redirect(url_for(".list_moderation"), 303)
        if form.validate_on_submit():
            revisions.send_back(revision, current(), form.reason.data)
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
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    organisation.trusted = request.form.get("trusted") == "yes"
    record_event("organisation.trusted_changed", "organisation", organisation.id, {"trusted": organisation.trusted})
    return redirect(url_for(".list_organisations"), 303)


@organisations.get("/coordinator/stale-listings")
@coordinator_required
def show_stale_report() -> str:
    cutoff = utcnow() - stale_after()
    listings = session.scalars(
        select(Listing).where(Listing.last_checked_at <= cutoff).order_by(Listing.last_checked_at)
    )
    return render_template("organisations/stale.html", listings=list(listings))


@organisations.get("/coordinator/problems")
@coordinator_required
def list_problems() -> str:
    return render_template("organisations/problems.html", problems=problems.open_problems())


@organisations.post("/coordinator/problems/<id:problem_id>/resolve")
@coordinator_required
def resolve_problem(problem_id: int) -> Response:
    problems.resolve(own_problem_or_404(problem_id), current())
    flash(_("Marked as resolved."))
    return redirect(url_for(".list_problems"), 303)
