"""One search result, with everything it shows worked out in Python: a results page shows ten
or more, and doing it here costs a fraction of doing it in template macros."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from flask_babel import gettext as _
from markupsafe import Markup

from portal.directory import vocabulary as v
from portal.directory.categories import current_categories
from portal.directory.formatting import html, miles_away, session_when
from portal.directory.models import Listing, ScheduleKind
from portal.directory.schedules import next_sessions
from portal.directory.space import listing_space
from portal.web.numbers import MAX_ID
from portal.web.paths import path_for, query_string


def language_attributes(text_language: str, page_language: str) -> Markup:
    """Organisation-written text keeps its own language inside a page in another one."""
    return html(' lang="%s" dir="auto"', text_language) if text_language != page_language else Markup("")


@dataclass(frozen=True)
class Card:
    listing: Listing
    miles: float | None
    url: str
    name: str
    name_attributes: Markup
    summary: str
    summary_attributes: Markup
    where: Markup
    when: Markup
    cost: Markup
    badges: list[str]
    kinds: list[str]
    space: str  # "Full at the moment" or "Waiting list"; empty while taking new people


ID_PLACEHOLDER = MAX_ID  # stands in for each listing's id in a link built once per page


@lru_cache(maxsize=64)
def card_words(locale: str) -> dict[str, str]:
    """The fixed words on a card, translated once per language rather than for every card."""
    words = {
        "remote": _("Online or by phone"),
        "any_time": _("Any time"),
        "by_appointment": _("By appointment"),
        "ask_dates": _("Ask them for dates"),
        "free": _("Free"),
        "ask_cost": _("Ask about the cost"),
        "drop_in": _("Drop in"),
        "wheelchair": _("Wheelchair access"),
    }
    words |= {code: str(v.CAPACITY_BY_CODE[code].label) for code in ("waiting_list", "full")}
    return words | {code: str(v.DELIVERY_BY_CODE[code].label) for code in ("online", "phone")}


def listing_link(search: str) -> str:
    """A link to any listing, carrying the search, with `ID_PLACEHOLDER` for its id."""
    return f"{path_for('directory.view_listing', listing_id=ID_PLACEHOLDER)}?{query_string([('search', search)])}"


def make_card(
    listing: Listing, miles: float | None, locale: str, now: datetime, link: str, distance: Markup | None = None
) -> Card:
    """`distance` stands in for the miles, when a card is kept for searches from other places."""
    words = card_words(locale)
    name, name_language = listing.translated("name", locale)
    summary, summary_language = listing.translated("summary", locale)
    return Card(
        listing=listing,
        miles=miles,
        url=link.replace(str(ID_PLACEHOLDER), str(listing.id), 1),
        name=name,
        name_attributes=language_attributes(name_language, locale),
        summary=summary,
        summary_attributes=language_attributes(summary_language, locale),
        where=_where(listing, miles, locale, words, distance),
        when=_when(listing, now, locale, words),
        cost=_cost(listing, locale, words),
        badges=badges(listing, words),
        kinds=kinds_of_activity(listing, locale),
        space=words.get(listing_space(listing), ""),
    )


def kinds_of_activity(listing: Listing, locale: str) -> list[str]:
    """The listing's categories that people can still choose, by their names now."""
    return current_categories().active_labels(listing.categories, locale)


def _where(
    listing: Listing, miles: float | None, locale: str, words: dict[str, str], distance: Markup | None
) -> Markup:
    if miles is None:
        return html("%s", words["remote"])
    distance = distance or html("%s", miles_away(miles, locale))
    if not listing.locations:
        return distance
    return html("%s, <span%s>%s</span>", distance, language_attributes("en", locale), listing.locations[0].name)


def _when(listing: Listing, now: datetime, locale: str, words: dict[str, str]) -> Markup:
    upcoming = next_sessions(listing.schedules, now, 1)
    if upcoming:
        return session_when(upcoming[0], locale)
    kinds = {schedule.kind for schedule in listing.schedules}
    if ScheduleKind.ANY_TIME in kinds:
        return html("%s", words["any_time"])
    if ScheduleKind.BY_APPOINTMENT in kinds:
        return html("%s", words["by_appointment"])
    return html("%s", words["ask_dates"])


def _cost(listing: Listing, locale: str, words: dict[str, str]) -> Markup:
    if listing.is_free:
        return html("%s", words["free"])
    return html("<span%s>%s</span>", language_attributes("en", locale), listing.fees_description or words["ask_cost"])


def badges(listing: Listing, words: dict[str, str]) -> list[str]:
    labels = []
    if listing.is_free:
        labels.append(words["free"])
    if listing.attending_access == "drop_in":
        labels.append(words["drop_in"])
    if "step_free" in listing.accessibility:
        labels.append(words["wheelchair"])
    return labels + [words[code] for code in ("online", "phone") if code in listing.attending_type]
