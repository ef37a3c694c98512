"""The directory's object lookups for public pages."""

from __future__ import annotations

from flask import abort

from portal.db import session
from portal.directory.models import Listing
from portal.directory.queries import public_listing


def public_listing_or_404(listing_id: int) -> Listing:
    listing = public_listing(session, listing_id)
    if listing is None:
        abort(404)
    return listing
