""" "Preview as the public sees it": the public listing page rendered from the editor's draft
(or the change waiting for review), never saved: the listing is built in memory only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template
from sqlalchemy.orm.attributes import set_committed_value

from portal.clock import now
from portal.directory.models import Listing
from portal.directory.schedules import next_sessions
from portal.directory.snapshots import apply_dict
from portal.organisations.models import Organisation


def _listing_in_memory(snapshot: dict[str, Any], organisation: Organisation, listing: Listing | None) -> Listing:
    shown = Listing(organisation_id=organisation.id)
    apply_dict(shown, snapshot)
    shown.id = listing.id if listing else 0
    for column in Listing.__table__.columns:  # what saving would fill in: "" for an empty description
        if getattr(shown, column.key, None) is None and column.default is not None and column.default.is_scalar:
            setattr(shown, column.key, column.default.arg)
    shown.last_checked_at = listing.last_checked_at if listing else now()
    # Without the relationship's events, so the in-memory listing never joins the session.
    set_committed_value(shown, "organisation", organisation)
    return shown


def render_preview(
    snapshot: dict[str, Any], organisation: Organisation, listing: Listing | None, url: Callable[..., str]
) -> str:
    shown = _listing_in_memory(snapshot, organisation, listing)
    return render_template(
        "organisations/preview.html",
        listing=shown,
        sessions=next_sessions(shown.schedules, now(), 3),
        stale=False,
        saved=False,
        back=url("check"),
        search="",
    )
