"""Reading referrals back: by the journey's one-time token, and by reference."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.directory.models import Listing
from portal.directory.queries import public_listing
from portal.referrals.models import Referral

MAX_ID = 2147483647


def referral_sent_with(submission_token: str | None) -> Referral | None:
    if not submission_token:
        return None
    return session.scalar(select(Referral).where(Referral.submission_token == submission_token))


def listing_to_ask_about(listing_id: str | None) -> Listing | None:
    """The listing a call back is about, from the one thing the URL carries: its id."""
    if not listing_id or not listing_id.isdecimal() or not 0 < int(listing_id) <= MAX_ID:
        return None
    return public_listing(session, int(listing_id))


def referral_by_reference(reference: str | None) -> Referral | None:
    if not reference:
        return None
    return session.scalar(select(Referral).where(Referral.reference == reference))
