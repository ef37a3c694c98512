"""The Unmet need report: what people looked for and did not find, and what they needed that
no group was found for.

- Searches that found little: the directory's searches of the period (first pages only) that
  found fewer than `FEW_RESULTS` listings, by kind of activity (chosen, or named by the words
  typed), by filter, by the page's language, by area, and by the words typed: only the words
  of our own vocabulary (`directory.search_words`) are ever kept, each counted, and every
  search with any other word counts once under "Other words".
- Needs on referrals received in the period for which no group referral has been made.
- For each kind of activity and area that searches found little for, the nearest place a
  listing of that kind meets, measured from the area's centre.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime

from flask_babel import get_locale
from flask_babel import gettext as _

from portal.directory.categories import current_categories
from portal.directory.formatting import within_miles
from portal.directory.forms import FILTER_FIELDS, SearchForm
from portal.geo.lookup import miles_between
from portal.i18n import name_in_current_language
from portal.reports import counted, figures, people_counting, search_queries
from portal.reports.access import Scope
from portal.reports.charts import bar_chart
from portal.reports.pages import Cell, Report, Table, bars
from portal.reports.people_pages import need_rows
from portal.reports.search_queries import FEW_RESULTS, SearchGroup

NEAREST_ROWS = 20  # the kinds and areas that most searches found little for
KeysOf = Callable[[SearchGroup], Iterable[str]]


def _breakdown(groups: list[SearchGroup], keys_of: KeysOf, *, suppress: bool = False) -> list[list[Cell]]:
    """Searches and searches that found little, per key (a search may count under several)."""
    searches: Counter[str] = Counter()
    little: Counter[str] = Counter()
    for group in groups:
        for key in keys_of(group):
            searches[key] += group.searches
            little[key] += group.found_little
    ordered = sorted(searches, key=lambda key: (-little[key], -searches[key], key))

    def shown(count: int) -> Cell:
        return figures.suppressed(count) if suppress else count

    return [[key, shown(little[key]), shown(searches[key])] for key in ordered]


def _kinds() -> KeysOf:
    vocabulary, locale, any_kind = current_categories(), _locale(), _("Any kind")

    def kinds_of(group: SearchGroup) -> Iterable[str]:
        return [vocabulary.label(code, locale) for code in group.categories] or [any_kind]

    return kinds_of


def _locale() -> str:
    return str(get_locale() or "en")


def _filter_labels() -> dict[tuple[str, str], str]:
    form = SearchForm(formdata=None)
    return {
        (name, str(value)): f"{form[name].label.text}: {label}"
        for name in FILTER_FIELDS
        for value, label in form[name].choices
    }


def _filters(labels: dict[tuple[str, str], str]) -> KeysOf:
    def filters_of(group: SearchGroup) -> Iterable[str]:
        values = [(name, str(value)) for name in FILTER_FIELDS for value in group.filters.get(name, [])]
        chosen = [labels.get(pair, pair[1]) for pair in values]
        if group.filters.get("words"):
            chosen.append(_("Words typed"))
        if group.filters.get("distance"):
            chosen.append(within_miles(int(group.filters["distance"])))
        return chosen or [_("No filters")]

    return filters_of


def _languages() -> KeysOf:
    names: dict[str, str] = {}

    def language_of(group: SearchGroup) -> Iterable[str]:
        if group.locale not in names:
            names[group.locale] = name_in_current_language(group.locale)
        return [names[group.locale]]

    return language_of


def _area(group: SearchGroup) -> Iterable[str]:
    return [group.outward_code or _("No place given")]


def _word_rows(groups: list[SearchGroup]) -> list[list[Cell]]:
    """Each vocabulary word typed, then "Other words"; small numbers suppressed, as a word
    with a kind of help and an area could point to a person."""
    rows = _breakdown(groups, lambda group: group.words, suppress=True)
    others = [group for group in groups if not group.words]
    if others:
        searches, little = sum(group.searches for group in others), sum(group.found_little for group in others)
        rows.append([_("Other words"), figures.suppressed(little), figures.suppressed(searches)])
    return rows


def _nearest_rows(groups: list[SearchGroup]) -> list[list[Cell]]:
    """Asked for a kind in an area: how many searches found little, and the nearest offer."""
    asked: Counter[tuple[str, str]] = Counter()
    for group in groups:
        for code in group.categories if group.outward_code else []:
            asked[code, group.outward_code or ""] += group.found_little
    top = [pair for pair, count in sorted(asked.items(), key=lambda item: (-item[1], item[0])) if count][:NEAREST_ROWS]
    centres = search_queries.area_centres({area for _code, area in top})
    places = {code: search_queries.places_of_kind(code) for code in {code for code, _area in top}}
    vocabulary, locale, rows = current_categories(), _locale(), []
    for code, area in top:
        nearest = _nearest(places[code], centres.get(area))
        name, miles = nearest if nearest else (_("None listed"), "")
        rows.append([vocabulary.label(code, locale), area, figures.suppressed(asked[code, area]), name, miles])
    return rows


def _nearest(places: list[tuple[str, float, float]], centre: tuple[float, float] | None) -> tuple[str, Cell] | None:
    if centre is None or not places:
        return None
    miles, name = min((miles_between(*centre, latitude, longitude), name) for name, latitude, longitude in places)
    return name, round(miles, 1)


def unmet_need_report(scope: Scope, _now: datetime) -> Report:
    groups = counted.search_counts(scope)
    searches, little = sum(group.searches for group in groups.areas), sum(group.found_little for group in groups.areas)
    kinds = _breakdown(groups.kinds, _kinds())
    filters = _breakdown(groups.filters, _filters(_filter_labels()))
    languages = _breakdown(groups.locales, _languages())
    unreferred = counted.person_counts(scope, people_counting.UNREFERRED_NEED)
    header = [_("Searches that found little"), _("Searches")]
    title = _("Unmet need")
    return Report(
        slug="unmet-need",
        title=title,
        chart=bar_chart("chart-unmet-need", title, _("Searches that found little, by kind of activity"), bars(kinds)),
        summary=[
            _("Searches in this period: %(count)s", count=searches),
            _("Searches that found nothing or fewer than %(few)s listings: %(count)s", few=FEW_RESULTS, count=little),
            _("Searches are counted for the whole scheme: they belong to no team or caseload."),
            _("Referrals with no referral to a group: %(count)s", count=unreferred[""]),
        ],
        tables=[
            Table(_("Searches by kind of activity"), [_("Kind of activity"), *header], kinds),
            Table(_("Searches by filter"), [_("Filter"), *header], filters),
            Table(
                _("Searches by language of the page"),
                [_("Language"), *header],
                languages,
            ),
            Table(_("Searches by area"), [_("Outward code"), *header], _breakdown(groups.areas, _area, suppress=True)),
            Table(_("What people typed"), [_("Words typed"), *header], _word_rows(groups.words)),
            Table(
                _("Asked for, and the nearest offer"),
                [_("Kind of activity"), _("Area"), _("Searches that found little"), _("Nearest offer"), _("Miles")],
                _nearest_rows(groups.kinds_in_areas),
            ),
            Table(
                _("Needs of referrals with no referral to a group"),
                [_("Help with"), _("Referrals"), _("Share (%)")],
                need_rows(unreferred),
            ),
        ],
        notes=[
            _(
                "What people typed: only words from the directory's own list of activities and needs are kept. "
                "Any other word, such as a name, a phone number or a postcode, is never kept: those searches "
                "count under “Other words”."
            )
        ],
    )
