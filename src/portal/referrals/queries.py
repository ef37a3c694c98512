"""Reading referrals back: by the journey's one-time token, and by reference."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.directory.models import Listing
from portal.directory.queries import public_listing
from portal.referrals.models import Referral
from portal.web.numbers import record_id


def referral_sent_with(submission_token: str | None) -> Referral | None:
    if not submission_token:
        return None
    return session.scalar(select(Referral).where(Referral.submission_token == submission_token))


def listing_to_ask_about(listing_id: str | None) -> Listing | None:
    """The listing a call back is about, from the one thing the URL carries: its id."""
    number = record_id(listing_id)
    return None if number is None else public_listing(session, number)


def referral_by_reference(reference: str | None) -> Referral | None:
    if not reference:
        return None
    return session.scalar(select(Referral).where(Referral.reference == reference))
