"""Languages: the locale lives in the URL (/cy/...), chosen once at `/`.

Adding a language is its entry in `LANGUAGES` below (its own name and direction), then
`flask translate update` starts its catalogue in translations/ for a translator to fill (see
`flask translate export`/`import`). Which shipped languages a scheme offers, and which the
switcher shows first, is configuration (`Settings.locales`, `Settings.featured_locales`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale
from flask import Flask, Response, g, request, session
from flask_babel import get_locale, lazy_gettext
from werkzeug.routing import BaseConverter

_l = lazy_gettext


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own script, as a speaker would look for it
    rtl: bool = False


# Every language with a complete catalogue, in the order the switcher lists them: English and
# Welsh, then the most spoken main languages in England and Wales (Census 2021).
LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English"),
        Language("cy", "Cymraeg"),
        Language("pl", "Polski"),
        Language("ro", "Română"),
        Language("pa", "ਪੰਜਾਬੀ"),
        Language("ur", "اردو", rtl=True),
        Language("pt", "Português"),
        Language("es", "Español"),
        Language("ar", "العربية", rtl=True),
        Language("bn", "বাংলা"),
        Language("gu", "ગુજરાતી"),
    )
}
SHIPPED_LOCALES: tuple[str, ...] = tuple(LANGUAGES)


def shipped_languages(codes: tuple[str, ...]) -> list[Language]:
    return [LANGUAGES[code] for code in codes]


def current_language() -> Language:
    return LANGUAGES[str(get_locale() or "en")]


def text_direction() -> str:
    return "rtl" if current_language().rtl else "ltr"


def choose_locale_for_root(locales: tuple[str, ...], default: str) -> str:
    """Where `/` sends a person: their saved choice, else what their browser asks for."""
    saved = session.get("locale")
    if saved in locales:
        return str(saved)
    return best_accepted_locale(request.accept_languages, locales) or default


# Panjabi written in Shahmukhi (Pakistan) is another script from the Gurmukhi we ship.
_OTHER_SCRIPT_TAGS = {"pa": ("arab", "pk")}


def best_accepted_locale(accepted: Iterable[tuple[str, float]], locales: tuple[str, ...]) -> str | None:
    """The first offered language in the browser's order of preference, matching on the
    language alone (`pt-BR` is `pt`, `ar-SA;q=0.8` is `ar`), so a region tag never loses to
    a lower-quality exact match the way werkzeug's `best_match` lets it."""
    for tag, quality in sorted(accepted, key=lambda pair: -pair[1]):
        language, *subtags = tag.lower().replace("_", "-").split("-")
        if quality <= 0 or language not in locales:
            continue
        if any(subtag in _OTHER_SCRIPT_TAGS.get(language, ()) for subtag in subtags):
            continue
        return language
    return None


def _locale_converter(locales: tuple[str, ...]) -> type[BaseConverter]:
    pattern = "|".join(sorted(locales, key=len, reverse=True))

    class LocaleConverter(BaseConverter):
        regex = f"(?:{pattern})"

    return LocaleConverter


def init_app(app: Flask, locales: tuple[str, ...], default: str) -> None:
    app.url_map.converters["locale"] = _locale_converter(locales)

    @app.url_value_preprocessor
    def take_locale_from_url(_endpoint: str | None, values: dict[str, object] | None) -> None:
        from_url = values.pop("locale", None) if values else None
        g.locale_in_url = from_url is not None
        g.locale = str(from_url) if from_url else _fallback_locale(locales, default)

    # Asked for every url_for, and the URL map's answer walks and locks; the rules are fixed
    # once the app serves, so each endpoint's answer is kept.
    expects_locale: dict[str, bool] = {}

    @app.url_defaults
    def add_locale_to_urls(endpoint: str, values: dict[str, object]) -> None:
        if "locale" in values:
            return
        expects = expects_locale.get(endpoint)
        if expects is None:
            expects = expects_locale[endpoint] = app.url_map.is_endpoint_expecting(endpoint, "locale")
        if expects:
            values["locale"] = g.get("locale") or _fallback_locale(locales, default)

    @app.after_request
    def remember_locale(response: Response) -> Response:
        if g.get("locale_in_url") and session.get("locale") != g.locale:
            session["locale"] = g.locale
        return response


def _fallback_locale(locales: tuple[str, ...], default: str) -> str:
    """For pages outside the localised tree (errors on unknown URLs, /exit): the URL's first
    segment if it names a language, else the saved choice."""
    first_segment = request.path.strip("/").split("/", 1)[0]
    if first_segment in locales:
        return first_segment
    saved = session.get("locale")
    return str(saved) if saved in locales else default


def locale_for_babel() -> str:
    from flask import current_app

    settings = current_app.config["SETTINGS"]
    return str(g.get("locale") or _fallback_locale(settings.locales, settings.default_locale))


def locale_name(code: str) -> str:
    return Locale.parse(code).get_display_name(code) or code


def switcher_languages(featured: tuple[str, ...]) -> list[Language]:
    """The compact switcher's languages: the current one first when it is not featured."""
    current = current_language()
    shown = [LANGUAGES[code] for code in featured]
    return shown if current in shown else [current, *shown]


def name_in_current_language(code: str) -> str:
    """`pl` as a Welsh reader would call it ("Pwyleg"); capitalised, since some languages
    write their names in lower case ("polski") but these stand alone as labels."""
    name = str(Locale.parse(code).get_display_name(str(get_locale() or "en")) or code)
    return name[:1].upper() + name[1:]
