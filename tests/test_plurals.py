"""Plurals follow CLDR in every shipped language: each plural string, in each locale, with
counts that pick every form (Welsh and Arabic six, Polish, Romanian, Portuguese and Spanish
three, the others two; Polish's fourth CLDR form is for fractions, which we never count)."""

import re
from gettext import c2py

import pytest
from babel.messages.plurals import get_plural
from flask_babel import ngettext

from portal import catalogues
from portal.i18n import SHIPPED_LOCALES

COUNTS = (0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 14, 19, 20, 21, 22, 25, 99, 100, 101, 102, 111, 1000, 1000000)
PLACEHOLDER = re.compile(r"%\((\w+)\)")
TRANSLATED = [code for code in SHIPPED_LOCALES if code != "en"]
FORMS = {"cy": 6, "ar": 6, "pl": 3, "ro": 3, "pt": 3, "es": 3, "ur": 2, "pa": 2, "bn": 2, "gu": 2}


@pytest.mark.parametrize("locale", TRANSLATED)
def test_each_catalogue_uses_the_cldr_plural_rule(settings, locale):
    catalog = catalogues.read_catalogue(settings.project_root, locale)
    cldr = get_plural(locale)
    assert catalog.num_plurals == cldr.num_plurals == FORMS[locale]
    ours, theirs = c2py(catalog.plural_expr), c2py(cldr.plural_expr)
    assert [ours(n) for n in COUNTS] == [theirs(n) for n in COUNTS]


def plural_messages(settings, locale):
    return [m for m in catalogues.read_catalogue(settings.project_root, locale) if m.id and isinstance(m.id, tuple)]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_plural_string_shows_the_right_form_for_every_count(app, settings, locale):
    form_of = c2py(catalogues.read_catalogue(settings.project_root, locale).plural_expr)
    messages = plural_messages(settings, locale)
    assert messages, "the portal has plural strings"
    with app.test_request_context(f"/{locale}/"):
        for message in messages:
            singular, plural = message.id
            others = {name: "Name" for name in PLACEHOLDER.findall(singular + plural) if name not in ("num", "count")}
            for count in COUNTS:
                values = {**others, "count": count} if "%(count)" in singular else others
                shown = ngettext(singular, plural, count, **values)
                expected = message.string[form_of(count)] % {**values, "num": count}
                assert shown == expected, (locale, singular, count)
                english = (singular % {**values, "num": count}, plural % {**values, "num": count})
                assert shown not in english, (locale, singular, count)


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("pl", 1, "Spróbuj ponownie za 1 godzinę."),
        ("pl", 3, "Spróbuj ponownie za 3 godziny."),
        ("pl", 5, "Spróbuj ponownie za 5 godzin."),
        ("pl", 12, "Spróbuj ponownie za 12 godzin."),
        ("pl", 22, "Spróbuj ponownie za 22 godziny."),
        ("ro", 1, "Încercați din nou peste 1 oră."),
        ("ro", 19, "Încercați din nou peste 19 ore."),
        ("ro", 21, "Încercați din nou peste 21 de ore."),
        ("ar", 1, "حاول مرة أخرى بعد ساعة واحدة."),
        ("ar", 2, "حاول مرة أخرى بعد ساعتين."),
        ("ar", 5, "حاول مرة أخرى بعد 5 ساعات."),
        ("ar", 11, "حاول مرة أخرى بعد 11 ساعة."),
        ("pt", 1000000, "Tente de novo daqui a 1000000 de horas."),
        ("es", 0, "Inténtelo de nuevo dentro de 0 horas."),
    ],
)
def test_hours_read_as_a_speaker_says_them(app, locale, count, expected):
    with app.test_request_context(f"/{locale}/"):
        assert ngettext("Try again in %(count)s hour.", "Try again in %(count)s hours.", count, count=count) == expected
