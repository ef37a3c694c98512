""" "Still correct?": reminders at 5 and 6 months since a listing was last checked, each with a
signed, single-purpose, expiring link that marks it checked without signing in. The signature
(itsdangerous, own salt) proves we made the link; the `CheckLink` row makes it work once."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update

from portal.accounts.audit.record import record_event
from portal.db import session, utcnow
from portal.directory.indexing import refresh
from portal.directory.models import Listing, ListingStatus
from portal.organisations.models import CheckLink
from portal.organisations.queries import active_editors
from portal.outbox.services import email_person
from portal.web.links import public_url

SALT = "portal.organisations.still-correct"
MONTH = timedelta(days=30)
REMINDER_MONTHS = (5, 6)


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(link: CheckLink) -> str:
    return _serializer().dumps({"link": link.id, "listing": link.listing_id})


def link_from_token(token: str) -> tuple[CheckLink, Listing] | LinkProblem:
    max_age = int(current_app.config["ORGS_CHECK_LINK_VALID_FOR"].total_seconds())
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        return LinkProblem.EXPIRED
    except BadSignature:
        return LinkProblem.UNKNOWN
    link = session.get(CheckLink, int(data.get("link", 0))) if isinstance(data, dict) else None
    listing = session.get(Listing, link.listing_id) if link else None
    if link is None or listing is None or link.listing_id != data.get("listing"):
        return LinkProblem.UNKNOWN
    if link.used_at is not None or listing.last_checked_at > link.checked_since:
        return LinkProblem.USED
    return link, listing


def use_link(link: CheckLink, listing: Listing) -> bool:
    """A conditional update keeps the link single use even when clicked twice at once."""
    claimed = session.execute(
        update(CheckLink).where(CheckLink.id == link.id, CheckLink.used_at.is_(None)).values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    mark_checked(listing, "email link")
    return True


def mark_checked(listing: Listing, how: str) -> None:
    hidden_before = not is_searchable_now(listing, utcnow())
    listing.last_checked_at = utcnow()
    record_event("listing.checked", "listing", listing.id, {"how": how})
    if hidden_before:
        refresh(session, listing)


def stale_after() -> timedelta:
    return timedelta(days=int(current_app.config["ORGS_HIDE_AFTER_MONTHS"]) * 30)


def is_searchable_now(listing: Listing, now: datetime) -> bool:
    return listing.last_checked_at > now - stale_after()


def due_reminder(listing: Listing, now: datetime) -> int | None:
    """The reminder this listing is due (5 or 6), the latest one only."""
    age = now - listing.last_checked_at
    due = [months for months in REMINDER_MONTHS if age >= MONTH * months]
    return due[-1] if due else None


def send_reminders(now: datetime) -> int:
    """Safe to run repeatedly: one reminder of each kind per check period."""
    sent = 0
    listings = session.scalars(
        select(Listing).where(Listing.status != ListingStatus.CLOSED, Listing.last_checked_at <= now - MONTH * 5)
    )
    for listing in listings:
        months = due_reminder(listing, now)
        if months is None or _already_sent(listing, months):
            continue
        link = CheckLink(listing_id=listing.id, months=months, checked_since=listing.last_checked_at)
        session.add(link)
        session.flush()
        _email_editors(listing, link, months)
        sent += 1
    return sent


def hide_stale(now: datetime) -> int:
    """Take listings not checked for too long out of the search index."""
    hidden = 0
    for listing in session.scalars(select(Listing).where(Listing.last_checked_at <= now - stale_after())):
        refresh(session, listing)
        hidden += 1
    return hidden


def _already_sent(listing: Listing, months: int) -> bool:
    query = select(CheckLink.id).where(
        CheckLink.listing_id == listing.id,
        CheckLink.months == months,
        CheckLink.checked_since == listing.last_checked_at,
    )
    return session.scalar(query) is not None


def _email_editors(listing: Listing, link: CheckLink, months: int) -> None:
    token = make_token(link)
    for editor in active_editors(listing.organisation_id):
        links = {
            "link": public_url("organisations_public.confirm_still_correct", token=token, locale=editor.locale),
            "edit_link": public_url("organisations.edit_listing", listing_id=listing.id, locale=editor.locale),
        }
        context = {"listing": listing.name, "months": months, **links}
        email_person(editor, "listing-still-correct", context, f"still-correct:{link.id}:{editor.id}")
