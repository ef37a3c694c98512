"""Languages: the locale lives in the URL (/cy/...), chosen once at `/`.

Adding a language is a catalogue in translations/ plus its code in `Settings.locales`;
its name and direction come from `LANGUAGES` below.
"""

from __future__ import annotations

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
    return request.accept_languages.best_match(locales) or default


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
