"""An organisation says how much space its group has: taking new people, a waiting list or
full, for the listing and for each session. It publishes at once, like pausing."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts.access import signed_in
from portal.directory.labels import describe_schedule
from portal.directory.models import Listing, ScheduleKind
from portal.organisations.access import editable_listing_or_404
from portal.organisations.editor_routes import editor_or_coordinator, organisations
from portal.organisations.forms import SpaceForm, space_form
from portal.organisations.status import set_space


def _form(listing: Listing) -> SpaceForm:
    sessions = [schedule for schedule in listing.schedules if schedule.kind == ScheduleKind.RECURRING]
    current_space = {f"session_{schedule.id}": schedule.capacity or "" for schedule in sessions}
    return space_form(
        [(schedule.id, describe_schedule(schedule).striptags()) for schedule in sessions],
        data={"capacity": listing.capacity, **current_space},
    )


@organisations.route("/organisation/listings/<id:listing_id>/space", methods=["GET", "POST"])
@editor_or_coordinator
def change_listing_space(listing_id: int) -> Response | str:
    listing = editable_listing_or_404(listing_id)
    form = _form(listing)
    back = (
        url_for(".show_dashboard")
        if signed_in().organisation_id == listing.organisation_id
        else url_for("directory.view_listing", listing_id=listing.id)
    )
    if form.validate_on_submit():
        sessions = {int(field.name.removeprefix("session_")): field.data or None for field in form.session_fields()}
        set_space(listing, form.capacity.data, sessions, signed_in())
        flash(_("Saved. People see the new space straight away."))
        return redirect(back, 303)
    return render_template("organisations/space.html", form=form, listing=listing, back=back)
