"""The page listing every offered language: each links to the page the person came from, in
that language, so choosing a language never loses their place or their answers."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from portal.i18n import Language, current_language, name_in_current_language, shipped_languages

MAX_PAGE_LENGTH = 2000


@dataclass(frozen=True)
class LanguageLink:
    language: Language
    href: str
    name_here: str  # the language's name in the page's language, beside its own name
    current: bool


def _localised_page(code: str, page: str) -> str | None:
    """`/<code><page>` when that is one of our own localised pages a browser can GET; never
    anywhere else, so the parameter cannot send a person off the site."""
    if not page.startswith("/") or page.startswith("//") or "\\" in page or len(page) > MAX_PAGE_LENGTH:
        return None
    parts = urlsplit(page)
    path = f"/{code}{parts.path}".rstrip("/") if parts.path != "/" else f"/{code}/"
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        rule, _arguments = adapter.match(path, method="GET", return_rule=True)
    except (HTTPException, RequestRedirect):
        return None
    if "locale" not in rule.arguments or rule.endpoint == "pages.languages":
        return None
    return f"{path}?{parts.query}" if parts.query else path


def language_links(page: str) -> list[LanguageLink]:
    here = current_language()
    return [
        LanguageLink(
            language,
            _localised_page(language.code, page) or url_for("pages.languages", locale=language.code),
            name_in_current_language(language.code) if language != here else "",
            language == here,
        )
        for language in shipped_languages(current_app.config["SETTINGS"].locales)
    ]
