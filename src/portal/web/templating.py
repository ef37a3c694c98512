"""What every template can use: the scheme, the current language, and links to this page in
the other languages."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Flask, current_app, g, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.wrappers import Response
from wtforms import Field

from portal.i18n import LANGUAGES, current_language, shipped_languages, switcher_languages, text_direction
from portal.web.forms import is_web_address
from portal.web.links import public_address


def url_in_language(code: str) -> str:
    """This same page in another language, keeping its query string.

    Every layout asks this for each language (the switcher and the alternates): the address is
    built once per request and the others differ only in their first segment, the language."""
    here = g.get(_THIS_PAGE)
    if here is None:
        current = str(g.get("locale") or "")
        here = g.setdefault(_THIS_PAGE, (current, _url_in_language(current)))
    current, url = here
    prefix = f"{request.script_root}/{current}/"
    if current and url.startswith(prefix):
        return f"{request.script_root}/{code}/{url.removeprefix(prefix)}"
    return _url_in_language(code)


_THIS_PAGE = "portal_url_in_language"


def _url_in_language(code: str) -> str:
    endpoint = request.endpoint
    if endpoint and request.url_rule and "locale" in request.url_rule.arguments and request.method == "GET":
        args = {**request.args.to_dict(flat=False), **(request.view_args or {}), "locale": code}
        return url_for(endpoint, **args)
    if endpoint and request.url_rule and "locale" in request.url_rule.arguments:
        return url_for(endpoint, **{**(request.view_args or {}), "locale": code})
    return url_for("pages.home", locale=code)


def this_page_without_language() -> str:
    """This page's address after its language prefix (`/cookies?x=1` for `/cy/cookies?x=1`),
    for the page listing every language to send a person back to."""
    code = current_language().code
    return url_in_language(code).removeprefix(f"/{code}") or "/"


def bidi(value: object) -> Markup:
    """Person-entered text (names, phone numbers, postcodes) isolated so it reads right in RTL."""
    return Markup('<bdi dir="auto">%s</bdi>') % escape(value)


@cache
def _content_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except FileNotFoundError:
        return "missing"


# css/portal.3f2a1c9e0b.css: the file's name with the first ten hex digits of its content's hash.
HASHED_NAME = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{10}(?P<suffix>\.[A-Za-z0-9]+)$")


def hashed_name(filename: str, content_hash: str) -> str:
    path = PurePosixPath(filename)
    return str(path.with_suffix(f".{content_hash}{path.suffix}"))


def unhashed_name(filename: str) -> str:
    match = HASHED_NAME.match(filename)
    return f"{match['stem']}{match['suffix']}" if match else filename


def static_url(filename: str) -> str:
    """A static file's URL with its content hash in the name, so the proxy and browsers can
    keep it for a year: a changed file gets a new name."""
    return url_for("static", filename=_hashed_static_name(current_app.static_folder or "", filename))


@cache
def _hashed_static_name(folder: str, filename: str) -> str:
    """Kept per process, like the hash itself (`_content_hash`): asked about ten times a page."""
    return hashed_name(filename, _content_hash(Path(folder) / filename))


HASHED_CACHE_CONTROL = "public, max-age=31536000, immutable"  # a changed file gets a new name
PLAIN_CACHE_CONTROL = "public, max-age=3600"  # as the Caddyfile says for both


def send_static_file(filename: str) -> Response:
    """Static files by their hashed or plain names (the proxy serves them itself in production)."""
    plain = unhashed_name(filename)
    response = current_app.send_static_file(plain)
    # Read whole and closed at once (they are small), so compression takes the whole file.
    response.direct_passthrough = False
    content = response.get_data()
    response.close()
    response.set_data(content)
    response.headers["Cache-Control"] = PLAIN_CACHE_CONTROL if plain == filename else HASHED_CACHE_CONTROL
    return response


LAYOUT_PIECES = "portal_layout_pieces"
_LAYOUT_KEY = "portal_layout_key"
LAYOUT_PIECE_LIMIT = 512  # pieces x languages x mount points; cleared whole if ever exceeded


def layout_piece(template: str) -> Markup:
    """A part of the layout that is the same on every page in a language (the footer, the
    "Need help now?" box, the assets), rendered once per language and kept for the process:
    each page joins it instead of rendering its gettext and url_for calls again. A piece must
    use nothing but the language, the scheme's settings and the app's own addresses."""
    pieces: dict[tuple[str, str, str], Markup] = current_app.extensions.setdefault(LAYOUT_PIECES, {})
    if _LAYOUT_KEY not in g:  # asked once a request: a page has about ten pieces
        setattr(g, _LAYOUT_KEY, (current_language().code, request.script_root))
    key = (template, *getattr(g, _LAYOUT_KEY))
    piece = pieces.get(key)
    if piece is None:
        if len(pieces) >= LAYOUT_PIECE_LIMIT:
            pieces.clear()
        piece = pieces[key] = Markup(render_template(template))  # noqa: S704 (rendered by Jinja)
    return piece


def has_endpoint(name: str) -> bool:
    return name in current_app.view_functions


def field_anchor(field: Field) -> str:
    """Where an error summary link lands: the field, its first option, or its first failing part."""
    anchor = getattr(field, "error_anchor", None)
    if anchor:
        return str(anchor)
    if field.type in ("RadioField", "MultiCheckboxField", "SelectMultipleField"):
        return f"{field.id}-0"
    return str(field.id)


def template_context() -> dict[str, Any]:
    settings = current_app.config["SETTINGS"]
    return {
        "scheme": settings.scheme,
        "languages": shipped_languages(settings.locales),
        "switcher_languages": switcher_languages(settings.featured_locales),
        "language": current_language(),
        "text_direction": text_direction(),
        "url_in_language": url_in_language,
        "this_page_without_language": this_page_without_language,
    }


class DuplicateTemplateHelper(RuntimeError):
    """Two parts of the app gave templates the same name: one would silently replace the other."""


def register_template_helpers(
    app: Flask, *, filters: Mapping[str, Callable[..., Any]] | None = None, globals: Mapping[str, Any] | None = None
) -> None:
    """The one way features give templates their filters and globals, so a name is never taken twice."""
    for kind, registry, additions in (
        ("filter", app.jinja_env.filters, filters or {}),
        ("global", app.jinja_env.globals, globals or {}),
    ):
        for name, helper in additions.items():
            if name in registry and registry[name] is not helper:
                raise DuplicateTemplateHelper(f"template {kind} {name!r} is already registered")
            registry[name] = helper


def init_app(app: Flask) -> None:
    app.context_processor(template_context)
    register_template_helpers(
        app,
        filters={"bidi": bidi},
        globals={
            "static_url": static_url,
            "layout_piece": layout_piece,
            "absolute": public_address,
            "has_endpoint": has_endpoint,
            "field_anchor": field_anchor,
            "is_web_address": is_web_address,
            "languages_by_code": LANGUAGES,
        },
    )
    app.view_functions["static"] = send_static_file
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
