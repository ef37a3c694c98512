"""Organisation editors: the dashboard (the listing editor is in `listing_editor_routes`), pause / full / close,
"still correct", and revision history with restore. Editors reach only their own
organisation's records; coordinators reach every organisation's."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts.access import org_editor_required, roles_required, signed_in
from portal.accounts.models import Role
from portal.clock import now
from portal.organisations import group_referrals, problems, revisions, still_correct
from portal.organisations.access import (
    editable_listing_or_404,
    own_listing_or_404,
    own_problem_or_404,
    own_revision_or_404,
)
from portal.organisations.forms import ListingForm, StatusForm, checked_field, validate_field
from portal.organisations.models import ListingRevision, Organisation, RevisionState
from portal.organisations.queries import dashboard_rows
from portal.organisations.status import change_status

organisations = Blueprint("organisations", __name__)
editor_or_coordinator = roles_required(Role.ORG_EDITOR, Role.COORDINATOR, access="org_editor+coordinator")


def own_organisation() -> Organisation:
    organisation = signed_in().organisation
    if organisation is None:
        abort(404)
    return organisation


@organisations.get("/organisation")
@org_editor_required
def show_dashboard() -> str:
    organisation = own_organisation()
    rows = dashboard_rows(organisation.id, now() - still_correct.MONTH * 5)
    return render_template(
        "organisations/dashboard.html",
        organisation=organisation,
        rows=rows,
        problems=problems.open_problems(organisation.id),
        waiting_referrals=group_referrals.waiting_for_an_answer(organisation.id),
        unsent=revisions.editing_draft(organisation.id, None, signed_in()),
    )


@organisations.post("/organisation/problems/<id:problem_id>/resolve")
@org_editor_required
def resolve_reported_problem(problem_id: int) -> Response:
    problems.resolve(own_problem_or_404(problem_id), signed_in())
    flash(_("Marked as resolved."))
    return redirect(url_for(".show_dashboard"), 303)


@organisations.route("/organisation/listings/<id:listing_id>/status", methods=["GET", "POST"])
@org_editor_required
def change_listing_status(listing_id: int) -> Response | str:
    listing = editable_listing_or_404(listing_id)
    current_status = "full" if listing.capacity == "full" and listing.status == "active" else str(listing.status)
    form = StatusForm(data={"status": current_status, "message": listing.status_message})
    if form.validate_on_submit():
        change_status(listing, form.status.data, form.message.data or "", signed_in())
        flash(_("The listing has been updated."))
        return redirect(url_for(".show_dashboard"), 303)
    return render_template("organisations/change-status.html", form=form, listing=listing)


@organisations.post("/organisation/listings/<id:listing_id>/still-correct")
@org_editor_required
def mark_still_correct(listing_id: int) -> Response:
    listing = editable_listing_or_404(listing_id)
    still_correct.mark_checked(listing, "dashboard")
    flash(_("Thank you. %(name)s is marked as checked today.", name=listing.name))
    return redirect(url_for(".show_dashboard"), 303)


@organisations.get("/organisation/listings/<id:listing_id>/history")
@editor_or_coordinator
def show_listing_history(listing_id: int) -> str:
    listing = own_listing_or_404(listing_id)
    return render_template("organisations/history.html", listing=listing, revisions=revisions.history(listing.id))


@organisations.get("/organisation/revisions/<id:revision_id>")
@editor_or_coordinator
def show_revision(revision_id: int) -> str:
    revision = own_revision_or_404(revision_id)
    before = (
        revisions.previous_published(revision)
        if revision.state in (RevisionState.APPROVED, RevisionState.RESTORED)
        else revisions.published_snapshot(revision.listing_id)
    )
    return render_template(
        "organisations/revision.html",
        revision=revision,
        changes=revisions.diff(before, revision.snapshot),
        restorable=_restorable(revision),
    )


def _restorable(revision: ListingRevision) -> bool:
    return revision.listing_id is not None and revision.state in (RevisionState.APPROVED, RevisionState.RESTORED)


@organisations.post("/organisation/revisions/<id:revision_id>/restore")
@editor_or_coordinator
def restore_revision(revision_id: int) -> Response:
    revision = own_revision_or_404(revision_id)
    if not _restorable(revision):
        abort(404)
    restored = revisions.restore(revision, signed_in())
    flash(
        _("The earlier version is published again.")
        if restored.state != RevisionState.WAITING
        else _("The earlier version has been sent for review.")
    )
    return redirect(url_for(".show_listing_history", listing_id=revision.listing_id), 303)


@organisations.post("/organisation/listings/check-field")
@editor_or_coordinator
def check_listing_field() -> Response:
    """htmx: one field checked by the same validators as saving. Its group is sent back (htmx
    swaps only its message slot), with the message for the page's polite live region."""
    form = ListingForm()
    found = checked_field(form, request.args.get("field", ""))
    if found is None:
        abort(404)
    owner, field = found
    validate_field(owner, field)
    response = make_response(render_template("organisations/_field.html", form=form, field=field))
    response.vary.add("HX-Request")
    return response
