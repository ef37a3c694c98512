"""What the search page shows: the person's place, the results as cards, what to announce.

Bad input never raises: a malformed, unknown or out-of-area postcode gets a message by the
field and the online and phone services that can still help."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from flask_babel import get_locale, ngettext
from markupsafe import Markup
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from portal.clock import now
from portal.config import SchemeSettings, current_scheme
from portal.db import session
from portal.directory.cards import listing_link
from portal.directory.categories import current_categories
from portal.directory.forms import DEFAULT_DISTANCE, DISTANCES, FILTER_FIELDS, SearchQuery
from portal.directory.kept_cards import result_cards
from portal.directory.schedules import local_now
from portal.directory.search import Criteria, Hit, Results, search_near, search_remote
from portal.directory.search_records import SearchFacts
from portal.directory.search_words import KeptWords, kept_words
from portal.directory.suggestions import did_you_mean
from portal.geo.lookup import Place, PlaceProblem, find_place
from portal.i18n import _l
from portal.web.forms import clean_text
from portal.web.numbers import whole_number
from portal.web.paths import path_for, query_string

PAGE_SIZE = 10
MAX_PAGE = 50
SEARCH_FIELDS = ("postcode", "q", "category", *FILTER_FIELDS)

PROBLEM_MESSAGES = {
    PlaceProblem.MALFORMED: _l("Enter a postcode, like %(example)s 1AN, or just the first part, like %(example)s"),
    PlaceProblem.UNKNOWN: _l("We cannot find that postcode. Check it, or enter just the first part, like %(example)s"),
    PlaceProblem.OUTSIDE_AREA: _l("That postcode is outside %(area)s. Enter a postcode in %(area)s"),
}


@dataclass
class SearchPage:
    form: SearchQuery
    page: int
    searched: bool = False
    place: Place | None = None
    problem: PlaceProblem | None = None
    near: bool = False
    results: Results = field(default_factory=Results)
    cards: list[Markup] = field(default_factory=list)  # rendered (`kept_cards`)
    remote_cards: list[Markup] = field(default_factory=list)
    args: MultiDict[str, str] = field(default_factory=MultiDict)
    record: SearchFacts | None = None  # for the unmet-need reports: first pages of searches only
    suggestion: str = ""  # "Did you mean ...?" when the words typed found nothing

    @property
    def suggestion_url(self) -> str:
        args = self.args.copy()
        args.setlist("q", [self.suggestion])
        args.setlist("page", [])
        return self._address(args)

    def url_for_page(self, page: int) -> str:
        args = self.args.copy()
        args.setlist("page", [str(page)] if page > 1 else [])
        return self._address(args)

    @cached_property
    def query_string(self) -> str:
        return _query(self.args)

    @cached_property
    def _search_path(self) -> str:
        return path_for("directory.search")

    def _address(self, args: MultiDict[str, str]) -> str:
        """What `url_for("directory.search", **args)` gives, built from strings: a results page
        has several of these, and routing would build each from scratch."""
        query = _query(args)
        return f"{self._search_path}?{query}" if query else self._search_path

    @property
    def summary(self) -> str:
        count, where = self.results.total, self.place.label if self.place and self.near else ""
        if self.results.more_than_cap:
            return str(
                ngettext(
                    "More than %(num)d group or service near %(place)s",
                    "More than %(num)d groups and services near %(place)s",
                    count,
                    place=where,
                )
            )
        if self.near:
            return str(
                ngettext(
                    "%(num)d group or service near %(place)s",
                    "%(num)d groups and services near %(place)s",
                    count,
                    place=where,
                )
            )
        return str(ngettext("%(num)d service online or by phone", "%(num)d services online or by phone", count))


def _query(args: MultiDict[str, str]) -> str:
    return query_string(list(args.items(multi=True)))


def criteria_from(form: SearchQuery) -> Criteria:
    when, only = form.chosen("when"), form.chosen("only")
    distance = form.distance.data if form.distance.data in DISTANCES else DEFAULT_DISTANCE
    return Criteria(
        words=clean_text(form.q.data)[:200],
        category=form.category.data if current_categories().is_active(form.category.data or "") else "",
        days=frozenset(int(day) for day in when if day.isdigit()),
        on_today="today" in when,
        free_only="free" in only,
        drop_in="drop_in" in only,
        delivery=frozenset(form.chosen("delivery")),
        access=frozenset(form.chosen("access")),
        languages=frozenset(form.chosen("language")),
        audiences=frozenset(form.chosen("audience")),
        miles=float(distance),
    )


def page_number(args: MultiDict[str, str]) -> int:
    return min(whole_number(clean_text(args.get("page", "")), minimum=1) or 1, MAX_PAGE)


def _check_place(db: Session, page: SearchPage, scheme: SchemeSettings) -> None:
    typed = clean_text(page.form.postcode.data)[:20]
    if not typed:
        return
    found = find_place(db, typed, scheme.outward_codes)
    if isinstance(found, Place):
        page.place = found
        page.form.postcode.data = found.label
        return
    page.problem = found
    example = scheme.outward_codes[0] if scheme.outward_codes else "LS1"
    page.form.postcode.errors = [str(PROBLEM_MESSAGES[found] % {"example": example, "area": scheme.area})]


def search_page(args: MultiDict[str, str]) -> SearchPage:
    """This request's search page, on the request's session, clock and scheme."""
    return build_search_page(session, args, now(), current_scheme())


def build_search_page(db: Session, args: MultiDict[str, str], now: datetime, scheme: SchemeSettings) -> SearchPage:
    form = SearchQuery(args)
    kept = MultiDict([(key, value) for key, value in args.items(multi=True) if key in (*SEARCH_FIELDS, "distance")])
    page = SearchPage(form, page_number(args), args=kept)
    page.searched = any(clean_text(args.get(name, "")) for name in SEARCH_FIELDS)
    if not page.searched:
        return page
    _check_place(db, page, scheme)
    criteria = criteria_from(form)
    offset, today = (page.page - 1) * PAGE_SIZE, local_now(now).date()
    page.near = page.place is not None and criteria.wants_in_person
    if page.place is not None and page.near:
        page.results = search_near(db, criteria, page.place.latitude, page.place.longitude, today, offset, PAGE_SIZE)
    else:
        page.results = search_remote(db, criteria, today, offset, PAGE_SIZE)
    _make_cards(db, page, now)
    if criteria.words and not page.cards and not page.remote_cards:
        page.suggestion = did_you_mean(db, criteria.words, current_categories(db), str(get_locale() or "en"))
    if page.page == 1:
        page.record = _facts(page, criteria, kept_words(criteria.words, current_categories(db)))
    return page


def _make_cards(db: Session, page: SearchPage, now: datetime) -> None:
    found: tuple[list[Hit], list[Hit]] = (page.results.hits, page.results.remote)
    link = listing_link(page.query_string)
    page.cards, page.remote_cards = result_cards(db, found, str(get_locale() or "en"), now, link)


def _facts(page: SearchPage, criteria: Criteria, typed: KeptWords) -> SearchFacts:
    outcome = page.place.precision.value if page.place else (page.problem.value if page.problem else "none")
    filters: dict[str, Any] = {name: page.form.chosen(name) for name in FILTER_FIELDS if page.form.chosen(name)}
    filters["distance"] = criteria.miles
    filters["words"] = bool(criteria.words)
    categories = [*([criteria.category] if criteria.category else []), *page.results.categories]
    return SearchFacts(
        outward_code=page.place.outward_code if page.place else None,
        place_outcome=outcome,
        categories=list(dict.fromkeys(categories)),
        filters=filters,
        result_count=page.results.total,
        locale=str(get_locale() or "en"),
        known_words=list(typed.words),
        other_words=typed.other,
    )
