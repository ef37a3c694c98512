"""Dates, times and distances in the reader's language. English pages use British forms
("25 November 2026", "10:00"), which Babel's plain "en" would give the American way."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale
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


# Babel parses patterns on every call; pages show the same few days and times over and over.
@lru_cache(maxsize=4096)
def _date(day: date, style: str, locale: str) -> str:
    if style == "long":
        return format_date(day, "long", locale=locale)
    return format_skeleton(style, day, locale=locale)


@lru_cache(maxsize=4096)
def _time(value: time, locale: str) -> str:
    return format_time(value, "short", locale=locale)


def html(template: str, *values: object) -> Markup:
    """`template` with `values` escaped into it."""
    return Markup(Markup(template) % values)  # noqa: S704 (templates are literals in our code; values are escaped)


def time_range(opens: time | None, closes: time | None, locale: str | None = None) -> Markup:
    """Times kept in reading order inside right-to-left pages."""
    if opens is None:
        return Markup("")
    text = f"{clock_time(opens, locale)}\u2013{clock_time(closes, locale)}" if closes else clock_time(opens, locale)
    return html('<bdi dir="ltr">%s</bdi>', text)


def session_when(session: Session, locale: str | None = None) -> Markup:
    day = _date(session.day, "MMMMEEEEd", formatting_locale(locale))
    times = time_range(session.opens_at, session.closes_at, locale)
    return html("%s, %s", day, times) if times else html("%s", day)


def miles(value: float, locale: str | None = None) -> str:
    return _decimal(round(value, 1), formatting_locale(locale))


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
