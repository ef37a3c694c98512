"""The listing editor, section by section: each section (about, when, where, who it is for,
contact) is its own page, saved into the editor's draft; a check-answers summary with Change
links sends the draft for review (or publishes it, for a trusted organisation); and a preview
shows the draft as the public will see it. Session rows are added and removed with htmx or,
without it, by submit buttons that show the section again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal.accounts.access import org_editor_required, signed_in
from portal.directory.models import Listing
from portal.directory.snapshots import listing_to_dict
from portal.organisations import revisions
from portal.organisations.access import editable_listing_or_404
from portal.organisations.editing import snapshot_from_form
from portal.organisations.editor_routes import editor_or_coordinator, organisations, own_organisation
from portal.organisations.forms import ListingForm
from portal.organisations.models import ListingRevision, Organisation, RevisionState
from portal.organisations.preview import render_preview
from portal.organisations.queries import latest_unpublished
from portal.organisations.sections import (
    BY_SLUG,
    SECTIONS,
    SLUGS,
    Section,
    check_rows,
    initial,
    merged,
    next_section,
    problems_by_section,
    saved_section,
    validate_section,
)
from portal.web.htmx import render_page_or_partial

SECTION = f"<any({', '.join(SLUGS)}):slug>"
LISTING = "<id:listing_id>"
ENDPOINTS = {
    "check": (".create_listing", ".edit_listing"),
    "section": (".edit_new_listing_section", ".edit_listing_section"),
    "preview": (".preview_new_listing", ".preview_listing"),
}


@dataclass(frozen=True)
class Editing:
    """One editor's work on one listing (`listing` None for a new one)."""

    organisation: Organisation
    listing: Listing | None
    published: dict[str, Any] | None
    pending: ListingRevision | None  # waiting for review, or sent back
    draft: ListingRevision | None

    @property
    def listing_id(self) -> int | None:
        return self.listing.id if self.listing else None

    @property
    def snapshot(self) -> dict[str, Any]:
        """What the editor is working on: their draft, else what waits, else what is published."""
        chosen = self.draft or self.pending
        return dict(chosen.snapshot) if chosen else dict(self.published or {})

    def url(self, page: str, **values: Any) -> str:
        """The editor's `page` ("check", "section" or "preview") for this listing."""
        new, existing = ENDPOINTS[page]
        if self.listing is None:
            return url_for(new, **values)
        return url_for(existing, listing_id=self.listing.id, **values)


def _new() -> Editing:
    organisation = own_organisation()
    return Editing(organisation, None, None, None, revisions.editing_draft(organisation.id, None, signed_in()))


def _existing(listing_id: int) -> Editing:
    listing = editable_listing_or_404(listing_id)
    pending = latest_unpublished(listing.organisation_id, listing.id)
    draft = revisions.editing_draft(listing.organisation_id, listing.id, signed_in())
    return Editing(listing.organisation, listing, listing_to_dict(listing), pending, draft)


def _resized(data: MultiDict[str, str]) -> tuple[MultiDict[str, str], int | None]:
    """ "Add another session" / "Remove": the rows changed, and the new row's number, if any."""
    data = MultiDict(data)
    action = data.pop("row_action", "")
    if action == "add_session":
        count = len({key.split("-")[1] for key in data if key.startswith("sessions-")})
        data[f"sessions-{count}-byday"] = ""
        return data, count
    if action.startswith("remove_session-"):
        index = action.removeprefix("remove_session-")
        return MultiDict([(k, v) for k, v in data.items(multi=True) if not k.startswith(f"sessions-{index}-")]), -1
    return data, None


def _section_page(editing: Editing, section: Section) -> Response:
    returning = request.args.get("return") == "check"
    action = editing.url("section", slug=section.slug, **({"return": "check"} if returning else {}))
    added = None
    if request.method == "POST":
        data, added = _resized(merged(editing.snapshot, request.form, section))
        form = ListingForm(formdata=data)
        if added is None and validate_section(form, section):
            snapshot = saved_section(editing.snapshot, snapshot_from_form(form, editing.published), section)
            revisions.save_draft(editing.organisation.id, editing.listing_id, signed_in(), snapshot)
            return redirect(_after_saving(editing, section, returning), 303)
    else:
        form = ListingForm(data=initial(editing.snapshot))
    return render_page_or_partial(
        "organisations/edit-section.html",
        "organisations/_sessions.html",
        form=form,
        section=section,
        editing=editing,
        action=action,
        focus_row=added if added is not None and added >= 0 else None,
        title=_title(editing),
    )


def _after_saving(editing: Editing, section: Section, returning: bool) -> str:
    """A new listing goes on to its next section; a change, or a Change link, back to the summary."""
    following = next_section(section)
    if returning or editing.listing is not None or following is None:
        return editing.url("check")
    return editing.url("section", slug=following.slug)


def _title(editing: Editing) -> str:
    return str(_("Edit %(name)s", name=editing.listing.name) if editing.listing else _("Add a listing"))


def _check_page(editing: Editing) -> Response:
    problems: list[tuple[Section, str]] = []
    if request.method == "POST" and editing.draft is not None:
        problems = problems_by_section(editing.draft.snapshot)
        if not problems:
            return _sent(editing, revisions.send_draft(editing.organisation, editing.draft, signed_in()))
    elif request.method == "POST":
        return redirect(editing.url("check"), 303)
    page = render_template(
        "organisations/check-listing.html",
        editing=editing,
        rows=check_rows(
            editing.snapshot, lambda section: editing.url("section", slug=section.slug, **{"return": "check"})
        ),
        problems=problems,
        title=_title(editing),
    )
    return make_response(page, 200)


def _change_url(editing: Editing, section: Section) -> str:
    return editing.url("section", slug=section.slug, **{"return": "check"})


def _sent(editing: Editing, revision: ListingRevision) -> Response:
    if revision.state == RevisionState.WAITING:
        flash(
            _("Your changes have been sent for review. People see the current version until then.")
            if editing.listing
            else _("Your listing has been sent for review.")
        )
    else:
        flash(_("Your changes are published."))
    if signed_in().organisation or editing.listing is None:
        return redirect(url_for(".show_dashboard"), 303)
    return redirect(url_for(".show_listing_history", listing_id=editing.listing.id), 303)


def _preview(editing: Editing) -> Response:
    response = make_response(render_preview(editing.snapshot, editing.organisation, editing.listing, editing.url))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@organisations.route("/organisation/listings/new", methods=["GET", "POST"])
@org_editor_required
def create_listing() -> Response:
    """A new listing's summary; with nothing written yet, its first section."""
    editing = _new()
    if editing.draft is None and request.method == "GET":
        return _section_page(editing, SECTIONS[0])
    return _check_page(editing)


@organisations.route(f"/organisation/listings/new/{SECTION}", methods=["GET", "POST"])
@org_editor_required
def edit_new_listing_section(slug: str) -> Response:
    return _section_page(_new(), BY_SLUG[slug])


@organisations.get("/organisation/listings/new/preview")
@org_editor_required
def preview_new_listing() -> Response:
    editing = _new()
    if editing.draft is None:
        abort(404)
    return _preview(editing)


@organisations.route(f"/organisation/listings/{LISTING}/edit", methods=["GET", "POST"])
@editor_or_coordinator
def edit_listing(listing_id: int) -> Response:
    return _check_page(_existing(listing_id))


@organisations.route(f"/organisation/listings/{LISTING}/edit/{SECTION}", methods=["GET", "POST"])
@editor_or_coordinator
def edit_listing_section(listing_id: int, slug: str) -> Response:
    return _section_page(_existing(listing_id), BY_SLUG[slug])


@organisations.get(f"/organisation/listings/{LISTING}/preview")
@editor_or_coordinator
def preview_listing(listing_id: int) -> Response:
    return _preview(_existing(listing_id))
