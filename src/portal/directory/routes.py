"""The public directory: search, a listing, the shortlist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.clock import now
from portal.directory.access import public_listing_or_404
from portal.directory.formatting import is_stale
from portal.directory.forms import SendShortlistForm
from portal.directory.queries import outward_code_near
from portal.directory.schedules import next_sessions
from portal.directory.search_html import more_results_html, results_html, search_page_html
from portal.directory.search_page import search_page
from portal.directory.search_records import record_search
from portal.directory.services import (
    add_to_shortlist,
    remove_from_shortlist,
    send_shortlist,
    shortlist,
    shortlisted_listings,
)
from portal.extensions import limiter
from portal.outbox.models import Channel
from portal.web.access import public_blueprint
from portal.web.caching import no_store, offer_page
from portal.web.htmx import is_htmx
from portal.web.limits import went_through
from portal.web.numbers import record_id

directory = public_blueprint(Blueprint("directory", __name__))


@directory.get("/directory")
def search() -> Response:
    page = search_page(request.args)
    if is_htmx() and request.headers.get("HX-Target") == "result-list":
        html = more_results_html(page)
    elif is_htmx():
        html = results_html(page, htmx=True)
    else:
        html = search_page_html(page)
    response = current_app.make_response(html)
    response.vary.add("HX-Request")
    response.vary.add("HX-Target")
    record_search(page.record)
    offer_page(page.record)
    return response


@directory.get("/directory/listings/<id:listing_id>")
def view_listing(listing_id: int) -> str:
    """A first visit (no session yet) gets a page without a CSRF token, which would set a
    cookie, so the page cache can share it: its "Add to your shortlist" asks first
    (`confirm_add_to_shortlist`), and that page's form carries the token."""
    listing = public_listing_or_404(listing_id)
    search = request.args.get("search", "")
    back = url_for("directory.search", **_search_args(search))
    first_visit = not session
    if first_visit:
        offer_page()
    return render_template(
        "directory/listing.html",
        listing=listing,
        sessions=next_sessions(listing.schedules, now(), 3),
        stale=is_stale(listing.last_checked_at, now()),
        saved=listing.id in shortlist(),
        back=back,
        search=search,
        ask_first=first_visit,
    )


@directory.get("/directory/shortlist/add")
@no_store
def confirm_add_to_shortlist() -> str:
    """The shortlist's form with its CSRF token, for a person with no session yet: changes nothing."""
    listing = public_listing_or_404(_listing_id(request.args))
    search = request.args.get("search", "")
    back = url_for("directory.view_listing", listing_id=listing.id, search=search)
    return render_template("directory/add-to-shortlist.html", listing=listing, search=search, back=back)


def _search_args(query_string: str) -> dict[str, Any]:
    args: dict[str, list[str]] = {}
    for key, value in parse_qsl(query_string[:2000]):
        args.setdefault(key, []).append(value)
    return args


# Per internet address: enough for a family or a library's few computers, too few for a robot.
SEND_LIMIT = "10 per hour"


@directory.get("/directory/shortlist")
@no_store
def view_shortlist() -> str:
    return _shortlist_page(SendShortlistForm(formdata=None))


def _shortlist_page(form: SendShortlistForm) -> str:
    listings = shortlisted_listings()
    # `form` too: the layout starts the title with "Error:" when it has errors.
    return render_template("directory/shortlist.html", listings=listings, now=now(), send_form=form, form=form)


@directory.post("/directory/shortlist/send")
@limiter.limit(SEND_LIMIT, deduct_when=went_through)
@no_store
def send_shortlist_page() -> Response | str:
    form = SendShortlistForm()
    listings = shortlisted_listings()
    if not listings:
        return redirect(url_for("directory.view_shortlist"), 303)
    if not form.validate_on_submit():
        return _shortlist_page(form)
    channel = send_shortlist(listings, form.contact.data, str(get_locale() or "en"), now())
    flash(_("We are texting you your list.") if channel == Channel.SMS else _("We are emailing you your list."))
    return redirect(url_for("directory.view_shortlist"), 303)


@directory.post("/directory/shortlist")
def add_to_shortlist_page() -> Response:
    listing = public_listing_or_404(_listing_id())
    add_to_shortlist(listing.id)
    flash(_("%(name)s is in your shortlist.", name=listing.name))
    return redirect(
        url_for("directory.view_listing", listing_id=listing.id, search=request.form.get("search", "")), 303
    )


@directory.post("/directory/shortlist/remove")
def remove_from_shortlist_page() -> Response:
    remove_from_shortlist(_listing_id())
    flash(_("Removed from your shortlist."))
    return redirect(url_for("directory.view_shortlist"), 303)


def _listing_id(given: Mapping[str, str] | None = None) -> int:
    listing_id = record_id((request.form if given is None else given).get("listing_id"))
    if listing_id is None:
        abort(400)
    return listing_id


@directory.get("/directory/area")
def find_area() -> Response:
    """ "Use my location": the browser's position, rounded, to the nearest outward code."""
    try:
        latitude = round(float(request.args["latitude"]), 2)
        longitude = round(float(request.args["longitude"]), 2)
    except (KeyError, ValueError):
        abort(400)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        abort(400)
    code = outward_code_near(latitude, longitude)
    response = jsonify(outward_code=code)
    response.headers["Cache-Control"] = "no-store"
    return response
