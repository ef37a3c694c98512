"""Result cards rendered once and kept in memory, per language, listing and day, so a search
nobody asked for before joins a few kept cards instead of loading and rendering each listing.

A kept card holds nothing of anyone's search: the two parts that come from it, the link (which
carries the search back) and the distance, are put in for each page. A card is dropped, like
a kept page (`page_cache`), after `DIRECTORY_CACHE_SECONDS` (0: cards are never kept), at once
when a listing or the categories change in this process (`changes`), on another day, and the
moment the session it shows as next is over, so it never offers a session that has passed.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from flask import Flask, current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from portal.directory import changes
from portal.directory.cards import ID_PLACEHOLDER, make_card
from portal.directory.categories import current_categories
from portal.directory.formatting import miles_away
from portal.directory.models import Listing
from portal.directory.queries import listings_by_id
from portal.directory.schedules import LOCAL, local_now, next_sessions
from portal.directory.search import Hit

# Stand-ins for a search's own parts. Organisations' text is escaped into a card, so it can
# never hold a bare "<" and so never one of these.
LINK = Markup("<card-link>")
DISTANCE = Markup("<card-distance>")
MAX_CARDS = 20_000  # about 1 kB each

Key = tuple[str, int, bool, date, int]  # language, listing, online or by phone, day, categories' version


@dataclass(frozen=True)
class KeptCard:
    html: str
    expires: float
    over_at: datetime | None  # when the next session the card shows is over
    generation: int


class KeptCards:
    """Least recently used first out, within `max_cards`; thread-safe."""

    def __init__(self, seconds: int, max_cards: int = MAX_CARDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.max_cards = max_cards
        self.clock = clock
        self._cards: OrderedDict[Key, KeptCard] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key, now: datetime) -> str | None:
        with self._lock:
            card = self._cards.get(key)
            if card is None:
                return None
            over = card.over_at is not None and now >= card.over_at
            if over or card.expires <= self.clock() or card.generation != changes.generation():
                del self._cards[key]
                return None
            self._cards.move_to_end(key)
            return card.html

    def put(self, key: Key, card: KeptCard) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            self._cards.pop(key, None)
            self._cards[key] = card
            while len(self._cards) > self.max_cards:
                self._cards.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._cards.clear()

    def __len__(self) -> int:
        return len(self._cards)


def result_cards(
    db: Session, groups: Sequence[Sequence[Hit]], locale: str, now: datetime, link: str
) -> list[list[Markup]]:
    """Each group's cards in the order of its hits (a listing gone since the search is left
    out); `link` is `cards.listing_link` of the search."""
    kept, today, version = kept_cards(current_app), local_now(now).date(), current_categories().version
    hits = [hit for group in groups for hit in group]
    found = {key: kept.get(key, now) for key in (_key_of(hit, locale, today, version) for hit in hits)}
    missing = [key for key, html in found.items() if html is None]
    if missing:
        generation = changes.generation()  # read before the listings, so a change meanwhile drops them
        listings = {listing.id: listing for listing in listings_by_id(db, list({key[1] for key in missing}), locale)}
        for key in missing:
            if key[1] in listings:
                found[key] = _keep(kept, key, listings[key[1]], now, generation)
    return [
        [_filled(html, hit, locale, link) for hit in group if (html := found[_key_of(hit, locale, today, version)])]
        for group in groups
    ]


def _key_of(hit: Hit, locale: str, today: date, version: int) -> Key:
    return (locale, hit.listing_id, hit.miles is None, today, version)


def _keep(kept: KeptCards, key: Key, listing: Listing, now: datetime, generation: int) -> str:
    locale, _id, remote, _day, _version = key
    card = make_card(listing, None if remote else 0.0, locale, now, LINK, distance=DISTANCE)
    labels = {"next_session": _("Next session"), "cost": _("Cost")}
    html = current_app.jinja_env.get_template("directory/_result-card.html").render(card=card, labels=labels)
    kept.put(key, KeptCard(html, kept.clock() + kept.seconds, _over_at(listing, now), generation))
    return html


def _over_at(listing: Listing, now: datetime) -> datetime | None:
    upcoming = next_sessions(listing.schedules, now, 1)
    ends = (upcoming[0].closes_at or upcoming[0].opens_at) if upcoming else None
    return datetime.combine(upcoming[0].day, ends, tzinfo=LOCAL) if upcoming and ends else None


def _filled(html: str | None, hit: Hit, locale: str, link: str) -> Markup:
    url = escape(link.replace(str(ID_PLACEHOLDER), str(hit.listing_id), 1))
    filled = str(html).replace(LINK, url, 1)
    if hit.miles is not None:
        filled = filled.replace(DISTANCE, escape(miles_away(hit.miles, locale)), 1)
    return Markup(filled)  # noqa: S704 (rendered by Jinja; the parts put in are escaped)


EXTENSION = "directory_kept_cards"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = KeptCards(app.config["SETTINGS"].directory_cache_seconds)


def kept_cards(app: Flask) -> KeptCards:
    return cast(KeptCards, app.extensions[EXTENSION])
