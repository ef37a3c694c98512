"""What every template can use: the scheme, the current language, and links to this page in
the other languages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request, url_for
from markupsafe import Markup, escape
from wtforms import Field

from portal.i18n import current_language, shipped_languages, text_direction
from portal.web.forms import is_web_address
from portal.web.links import public_address


def url_in_language(code: str) -> str:
    """This same page in another language, keeping its query string."""
    endpoint = request.endpoint
    if endpoint and request.url_rule and "locale" in request.url_rule.arguments and request.method == "GET":
        args = {**request.args.to_dict(flat=False), **(request.view_args or {}), "locale": code}
        return url_for(endpoint, **args)
    if endpoint and request.url_rule and "locale" in request.url_rule.arguments:
        return url_for(endpoint, **{**(request.view_args or {}), "locale": code})
    return url_for("pages.home", locale=code)


def bidi(value: object) -> Markup:
    """Person-entered text (names, phone numbers, postcodes) isolated so it reads right in RTL."""
    return Markup('<bdi dir="auto">%s</bdi>') % escape(value)


@cache
def _content_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except FileNotFoundError:
        return "missing"


def static_url(filename: str) -> str:
    """A static file's URL with its content hash, so it can be cached for a year."""
    folder = Path(current_app.static_folder or "")
    return url_for("static", filename=filename, v=_content_hash(folder / filename))


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
        "language": current_language(),
        "text_direction": text_direction(),
        "url_in_language": url_in_language,
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
            "absolute": public_address,
            "has_endpoint": has_endpoint,
            "field_anchor": field_anchor,
            "is_web_address": is_web_address,
        },
    )
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
