"""Links to our own pages that are read away from the site: in emails and texts, and the
alternate-language links search engines keep.

They are built from the configured PUBLIC_BASE_URL and never from the request. A request's
`Host` (or `X-Forwarded-Host`) is whatever its sender wrote: a password reset link built from
it would carry the token to the sender's own site. Requests naming any host outside
TRUSTED_HOSTS are refused before a view runs (Flask checks `TRUSTED_HOSTS` as it matches the
URL; the answer is a plain 400, since no page can be built for a host we do not serve).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Response

from portal.config import Settings


def public_url(endpoint: str, **values: Any) -> str:
    """The full address of one of our pages, as people reach it from outside.

    Works with or without a request (the CLI's reminders), and whatever host a request named."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)


def public_address(path: str) -> str:
    """A path on our site (from `url_for`) as a full address."""
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/") + path


def unknown_host(_error: SecurityError) -> Response:
    return Response("This site does not answer for that host name.\n", 400, mimetype="text/plain")


def init_app(app: Flask, settings: Settings) -> None:
    app.config.update(PUBLIC_BASE_URL=settings.public_base_url, TRUSTED_HOSTS=list(settings.trusted_hosts))
    app.register_error_handler(SecurityError, unknown_host)
