"""Connecting the person to groups: search the directory from the case, keep the listings
suggested, and send them to the person by text or email in their language, only with their
consent (given on the referral)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal import clock
from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.db import session
from portal.directory.cards import Card, listing_link, make_card
from portal.directory.models import Listing
from portal.directory.queries import listings_by_id
from portal.directory.search import Criteria, search_near, search_remote
from portal.directory.vocabulary import CAPACITY_BY_CODE, term_label
from portal.geo.models import OutwardCode
from portal.outbox.models import Channel
from portal.referrals.models import Referral
from portal.referrals.services import message_the_person
from portal.triage.models import SuggestedListing
from portal.triage.services import SUBJECT, check_version
from portal.web.forms import is_web_address

SEARCH_LIMIT = 20


class NoConsent(Exception):
    """The person has not agreed to be sent messages this way, or gave no address for it."""


@dataclass(frozen=True)
class Found:
    """A listing found for the person, as a link worker weighs it up: how far, when, what it
    costs and whether there is room."""

    card: Card
    space: str

    @property
    def listing(self) -> Listing:
        return self.card.listing


def search_for(referral: Referral, words: str, now: datetime, locale: str) -> list[Found]:
    """The directory's own search, from the middle of the person's area when it is known."""
    criteria = Criteria(words=words)
    area = session.get(OutwardCode, referral.outward_code) if referral.outward_code else None
    if area is not None:
        results = search_near(session, criteria, area.latitude, area.longitude, now.date(), 0, SEARCH_LIMIT)
    else:
        results = search_remote(session, criteria, now.date(), 0, SEARCH_LIMIT)
    miles: dict[int, float | None] = {}
    for hit in [*results.hits, *results.remote]:
        miles.setdefault(hit.listing_id, hit.miles)
    link = listing_link("")
    return [
        Found(make_card(listing, miles[listing.id], locale, now, link), term_label(CAPACITY_BY_CODE, listing.capacity))
        for listing in listings_by_id(session, list(miles), locale)
    ]


def suggestions(referral: Referral) -> Sequence[tuple[SuggestedListing, Listing]]:
    query = (
        select(SuggestedListing, Listing)
        .join(Listing, Listing.id == SuggestedListing.listing_id)
        .where(SuggestedListing.referral_id == referral.id)
        .order_by(SuggestedListing.suggested_at, SuggestedListing.id)
    )
    return [(suggested, listing) for suggested, listing in session.execute(query).all()]


def channels_allowed(referral: Referral) -> list[Channel]:
    """Texts and emails the person agreed to, in the house order (text message, then email)."""
    allowed = []
    if referral.may_send_texts and referral.phone:
        allowed.append(Channel.SMS)
    if referral.may_send_emails and referral.email:
        allowed.append(Channel.EMAIL)
    return allowed


def suggest(referral: Referral, shown: int, listing_ids: list[int], by: User) -> int:
    check_version(referral, shown)
    already = {suggested.listing_id for suggested, _listing in suggestions(referral)}
    found = [listing.id for listing in listings_by_id(session, listing_ids) if listing.id not in already]
    at = clock.now()
    for listing_id in found:
        session.add(
            SuggestedListing(referral_id=referral.id, listing_id=listing_id, suggested_at=at, suggested_by_id=by.id)
        )
    session.flush()
    record_event("triage.listings_suggested", SUBJECT, referral.reference, {"listings": found})
    return len(found)


def send(referral: Referral, shown: int, channel: Channel) -> int:
    """Sends every suggestion not sent yet, in one message in the person's language."""
    if channel not in channels_allowed(referral):
        raise NoConsent
    check_version(referral, shown)
    unsent = [(suggested, listing) for suggested, listing in suggestions(referral) if suggested.sent_at is None]
    if not unsent:
        return 0
    at = clock.now()
    message_the_person(
        referral,
        channel,
        "suggested-listings",
        {"listings": [_for_message(listing) for _suggested, listing in unsent]},
        f"referral-{referral.reference}-suggestions-{unsent[-1][0].id}-{channel}",
    )
    for suggested, _listing in unsent:
        suggested.sent_at, suggested.sent_by = at, channel.value
    session.flush()
    record_event("triage.suggestions_sent", SUBJECT, referral.reference, {"channel": channel, "count": len(unsent)})
    return len(unsent)


def _for_message(listing: Listing) -> dict[str, str]:
    url = listing.url if is_web_address(listing.url) else ""
    return {"name": listing.name, "phone": listing.phone or "", "url": url, "email": listing.email or ""}
