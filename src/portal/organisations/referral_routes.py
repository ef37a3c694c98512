"""Referrals to groups: a link worker refers a person from their referral; the organisation's
inbox shows only what was shared, and its editors move each referral on."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts.access import org_editor_required, signed_in, staff_required
from portal.accounts.audit.record import record_event
from portal.clock import now
from portal.directory.space import is_full, name_with_space
from portal.followups.pages import group_referral_rows
from portal.organisations import group_referrals
from portal.organisations.access import own_group_referral_or_404, referral_or_404
from portal.organisations.editor_routes import organisations
from portal.organisations.forms import GroupReferralForm, GroupReferralUpdateForm
from portal.organisations.models import GroupReferralStatus
from portal.organisations.queries import listings_open_to_referrals
from portal.referrals.choices import options
from portal.triage.access import may_change, require_may_change


@organisations.route("/referrals/<id:referral_id>/refer-to-a-group", methods=["GET", "POST"])
@staff_required
def refer_to_group(referral_id: int) -> Response | str:
    """Any link worker sees where the person was referred; only whoever may change the case
    (its holder or a coordinator) refers them."""
    referral = referral_or_404(referral_id)
    if request.method == "POST":
        require_may_change(referral)
    form = GroupReferralForm(
        data={"contact": group_referrals.preferred_contact(referral)} if request.method == "GET" else None
    )
    listings = {str(listing.id): listing for listing in listings_open_to_referrals()}
    form.listing.choices = options(
        ("", _("Select a group or service")), *((key, name_with_space(listing)) for key, listing in listings.items())
    )
    chosen = listings.get(form.listing.data or "")
    full_chosen = request.method == "POST" and chosen is not None and is_full(chosen)
    if form.validate_on_submit() and chosen is not None:
        if full_chosen and not form.send_while_full.data:
            form.listing.errors = [_("This group is full. Choose another group, or say you want to send it anyway")]
        else:
            group_referrals.refer_to_group(
                referral,
                chosen,
                note=form.note.data or "",
                contact=form.contact.data,
                consent=True,
                by=signed_in(),
                knowing_it_is_full=full_chosen,
            )
            flash(_("Sent. The group will see the name, the contact you gave and your note, and nothing else."))
            return redirect(url_for("triage.show_referral", reference=referral.reference), 303)
    record_event("triage.referral_viewed", "referral", referral.reference)
    return render_template(
        "organisations/refer-to-group.html",
        form=form,
        referral=referral,
        may_refer=may_change(referral, signed_in()),
        full_chosen=full_chosen,
        group_referral_rows=group_referral_rows(referral.id, now()),
    )


@organisations.get("/organisation/referrals")
@org_editor_required
def list_group_referrals() -> str:
    organisation_id = signed_in().organisation_id or 0
    return render_template(
        "organisations/referral-inbox.html", referrals=group_referrals.inbox(organisation_id), now=now()
    )


@organisations.route("/organisation/referrals/<id:group_referral_id>", methods=["GET", "POST"])
@org_editor_required
def update_group_referral(group_referral_id: int) -> Response | str:
    found = own_group_referral_or_404(group_referral_id)
    form = GroupReferralUpdateForm()
    allowed = group_referrals.NEXT.get(found.status, ())
    if form.validate_on_submit():
        if form.status.data not in allowed:
            abort(400)
        group_referrals.change_status(found, GroupReferralStatus(form.status.data), form.reason.data or "")
        flash(_("Saved."))
        return redirect(url_for(".list_group_referrals"), 303)
    return render_template(
        "organisations/group-referral.html", group_referral=found, form=form, allowed=allowed, listing=found.listing
    )
