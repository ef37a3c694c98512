"""Dates, times and distances in the reader's language. English pages use British dates
("25 November 2026") and GOV.UK times ("10:30am to 11:30am", "1pm", "midday"); other
languages take Babel's times in the form their locale prefers, 12 or 24 hour."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale, gettext, ngettext
from markupsafe import Markup

from portal.directory.schedules import Session, local_now
from portal.web.templating import register_template_helpers

BRITISH = {"en": "en_GB", "cy": "cy_GB"}
STALE_AFTER_DAYS = 183  # about six months


def formatting_locale(code: str | None = None) -> str:
    """The Babel locale for a page language (the current request's when not given): a card
    builder passes it in, rather than asking Flask-Babel again for every date and distance."""
    code = code or str(get_locale() or "en")
    return BRITISH.get(code, code)


def long_date(value: date | datetime | str) -> str:
    """The day in the scheme's own time zone: 23:30 UTC on 30 June is 1 July in the UK. Emails
    carry their dates as ISO text, and are rendered in the recipient's language."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    day = local_now(value).date() if isinstance(value, datetime) else value
    return _date(day, "long", formatting_locale())


def clock_time(value: time, locale: str | None = None) -> str:
    return _time(value, formatting_locale(locale))


def _is_english(locale: str) -> bool:
    return locale == "en" or locale.startswith("en_")


def govuk_time(value: time) -> str:
    """ "1pm", "10:30am", "midday", "midnight": the GOV.UK style, for English pages only
    (other languages get their own locale's form from Babel)."""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour, suffix = value.hour % 12 or 12, "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


# Babel parses patterns on every call; pages show the same few days and times over and over.
@lru_cache(maxsize=4096)
def _date(day: date, style: str, locale: str) -> str:
    if style == "long":
        return format_date(day, "long", locale=locale)
    return format_skeleton(style, day, locale=locale)


@lru_cache(maxsize=4096)
def _time(value: time, locale: str) -> str:
    return govuk_time(value) if _is_english(locale) else format_time(value, "short", locale=locale)


@lru_cache(maxsize=4096)
def _times(opens: time, closes: time, locale: str) -> str:
    if _is_english(locale):
        return f"{govuk_time(opens)} to {govuk_time(closes)}"
    twelve_hour = "h" in Locale.parse(locale).time_formats["short"].pattern
    return format_interval(opens, closes, "hm" if twelve_hour else "Hm", locale=locale)


# Arabic script has its own comma (U+060C); a Latin one after Urdu or Arabic words looks wrong.
_COMMAS = {"ar": "\u060c ", "ur": "\u060c "}


def comma(locale: str | None = None) -> str:
    return _COMMAS.get(formatting_locale(locale).partition("_")[0], ", ")


def html(template: str, *values: object) -> Markup:
    """`template` with `values` escaped into it."""
    return Markup(Markup(template) % values)  # noqa: S704 (templates are literals in our code; values are escaped)


def time_range(opens: time | None, closes: time | None, locale: str | None = None) -> Markup:
    """Times kept in reading order inside right-to-left pages."""
    if opens is None:
        return Markup("")
    code = formatting_locale(locale)
    text = _times(opens, closes, code) if closes else _time(opens, code)
    return html('<bdi dir="ltr" class="times">%s</bdi>', text)


def session_when(session: Session, locale: str | None = None) -> Markup:
    day = _date(session.day, "MMMMEEEEd", formatting_locale(locale))
    times = time_range(session.opens_at, session.closes_at, locale)
    return html(f"%s{comma(locale)}%s", day, times) if times else html("%s", day)


def session_text(session: Session, locale: str | None = None) -> str:
    """`session_when` as plain text, for a text message or email."""
    code = formatting_locale(locale)
    day = _date(session.day, "MMMMEEEEd", code)
    if session.opens_at is None:
        return day
    times = _times(session.opens_at, session.closes_at, code) if session.closes_at else _time(session.opens_at, code)
    return f"{day}{comma(code)}{times}"


def miles(value: float, locale: str | None = None) -> str:
    return _decimal(round(value, 1), formatting_locale(locale))


def miles_away(value: float, locale: str | None = None) -> str:
    """ "1 mile away", "3 miles away", "0.4 miles away": a number with a fraction takes the
    plural form in every language we ship, so only whole numbers need `ngettext`."""
    return _miles_away(round(value, 1), str(get_locale() or ""), formatting_locale(locale))


@lru_cache(maxsize=4096)
def _miles_away(shown: float, _translated_into: str, number_locale: str) -> str:
    """Kept per language: every result card says it."""
    if shown.is_integer():
        return str(ngettext("%(num)d mile away", "%(num)d miles away", int(shown)))
    return str(gettext("%(miles)s miles away", miles=_decimal(shown, number_locale)))


def within_miles(value: int) -> str:
    return str(ngettext("Within %(num)d mile", "Within %(num)d miles", value))


@lru_cache(maxsize=4096)
def _decimal(value: float, locale: str) -> str:
    return format_decimal(value, "0.0", locale=locale)


def is_stale(checked: datetime, now: datetime) -> bool:
    return (now - checked).days > STALE_AFTER_DAYS


def init_app(app: Flask) -> None:
    register_template_helpers(
        app,
        filters={"long_date": long_date, "session_when": session_when, "miles": miles, "clock_time": clock_time},
    )
