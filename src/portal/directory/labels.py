"""Words for a listing's facts, in the reader's language, for templates."""

from __future__ import annotations

from babel.dates import get_day_names
from babel.lists import format_list
from flask import Flask
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from portal.directory import vocabulary as v
from portal.directory.categories import current as current_categories
from portal.directory.formatting import comma, formatting_locale, html, time_range
from portal.directory.models import Listing, Schedule, ScheduleKind
from portal.directory.schedules import parse_byday
from portal.directory.space import listing_space, session_space, space_label
from portal.i18n import _l
from portal.web.templating import register_template_helpers

NTH = {
    1: _l("First %(day)s of the month"),
    2: _l("Second %(day)s of the month"),
    3: _l("Third %(day)s of the month"),
    4: _l("Fourth %(day)s of the month"),
    -1: _l("Last %(day)s of the month"),
}


def _join(items: list[str]) -> str:
    return format_list(items, locale=formatting_locale()) if items else ""


def _days(schedule: Schedule) -> list[tuple[int | None, str]]:
    names = get_day_names("wide", locale=formatting_locale())
    return [(nth, str(names[weekday])) for nth, weekday in parse_byday(schedule.byday)]


def describe_schedule(schedule: Schedule) -> Markup:
    """ "Every other Tuesday, 10:00 to 12:00", "Last Friday of the month", "By appointment"."""
    if schedule.kind == ScheduleKind.ANY_TIME:
        return html("%s", _("Any time"))
    if schedule.kind == ScheduleKind.BY_APPOINTMENT:
        return html("%s", _("By appointment"))
    days = _days(schedule)
    if schedule.freq == "MONTHLY":
        parts = [str(NTH[nth]) % {"day": day} if nth in NTH else day for nth, day in days]
        text = _join(parts)
    elif schedule.interval == 2:
        text = _("Every other %(day)s", day=_join([day for _nth, day in days]))
    else:
        text = _("Every %(day)s", day=_join([day for _nth, day in days]))
    times = time_range(schedule.opens_at, schedule.closes_at)
    return html(f"%s{comma()}%s", text, times) if times else html("%s", text)


def access_label(code: str) -> str:
    return v.term_label(v.ATTENDING_ACCESS_BY_CODE, code)


def delivery_labels(codes: list[str]) -> str:
    return _join([str(v.DELIVERY_BY_CODE[code].label) for code in codes if code in v.DELIVERY_BY_CODE])


def access_features(codes: list[str]) -> str:
    return _join([str(v.ACCESS_BY_CODE[code].label) for code in codes if code in v.ACCESS_BY_CODE])


def language_names(codes: list[str]) -> str:
    return _join([v.language_name(code) for code in codes])


def audience_text(listing: Listing) -> str:
    groups = _join([str(v.AUDIENCE_BY_CODE[c].label) for c in listing.audiences if c in v.AUDIENCE_BY_CODE])
    low, high = listing.minimum_age, listing.maximum_age
    ages = ""
    if low is not None and high is not None:
        ages = _("Ages %(low)d to %(high)d", low=low, high=high)
    elif low is not None:
        ages = _("Ages %(low)d and over", low=low)
    elif high is not None:
        ages = _("Ages up to %(high)d", high=high)
    return ". ".join(part for part in (groups or _("Everyone"), ages) if part)


def related_categories(chosen: str | None, found: tuple[str, ...]) -> list[str]:
    """Categories next to what the person looked for, to suggest when nothing matched."""
    vocabulary = current_categories()
    looked_for = [code for code in (chosen or "", *found) if vocabulary.is_active(code)]
    related = [other for code in looked_for for other in vocabulary.related(code)]
    return [code for code in dict.fromkeys(related) if code not in looked_for][:3]


def category_label(code: str) -> str:
    """A category's name in the reader's language."""
    return current_categories().label(code, str(get_locale() or "en"))


def init_app(app: Flask) -> None:
    register_template_helpers(
        app,
        filters={"describe_schedule": describe_schedule},
        globals={
            "access_label": access_label,
            "delivery_labels": delivery_labels,
            "access_features": access_features,
            "language_names": language_names,
            "audience_text": audience_text,
            "related_categories": related_categories,
            "category_label": category_label,
            "listing_space": listing_space,
            "session_space": session_space,
            "space_label": space_label,
        },
    )
