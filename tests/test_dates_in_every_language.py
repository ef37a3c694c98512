"""Months and dates in every shipped language: read as people type them, shown as they read them."""

from datetime import date

import pytest
from babel.dates import get_month_names
from flask_babel import format_date

from portal.directory.formatting import comma
from portal.i18n import SHIPPED_LOCALES
from portal.referrals.dates import read_month


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
def test_a_month_typed_by_name_in_any_shipped_language_is_understood(locale):
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=locale).items():
                assert read_month(name) == number, (locale, name)
                assert read_month(name.upper()) == number, (locale, name)


@pytest.mark.parametrize(
    ("typed", "month"),
    [("marca", 3), ("Marzec", 3), ("martie", 3), ("março", 3), ("marzo", 3), ("مارس", 3), ("মার্চ", 3)],
)
def test_everyday_month_names_are_understood(typed, month):
    assert read_month(typed) == month


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
def test_a_date_is_shown_with_the_month_in_the_pages_language(app, locale):
    with app.test_request_context(f"/{locale}/"):
        shown = format_date(date(1985, 3, 27), "d MMMM y")
    march = get_month_names("wide", "format", locale=locale)[3]
    assert march in shown
    assert (march == "March") == (locale == "en")


@pytest.mark.parametrize(("locale", "expected"), [("en", ", "), ("cy", ", "), ("pl", ", "), ("ur", "، "), ("ar", "، ")])
def test_a_day_and_time_are_joined_with_the_scripts_own_comma(locale, expected):
    assert comma(locale) == expected
