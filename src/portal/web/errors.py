"""Friendly, translated error pages; never a stack trace, always a way forward."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from portal.i18n import _l

log = logging.getLogger(__name__)

PAGES = {
    400: (_l("Something about that request was not right"), "bad-request"),
    403: (_l("You cannot see this page"), "forbidden"),
    404: (_l("Page not found"), "not-found"),
    405: (_l("That action is not possible on this page"), "not-allowed"),
    413: (_l("What you sent is too large"), "too-large"),
    429: (_l("Too many attempts in a short time"), "too-many"),
    500: (_l("Sorry, there is a problem with the service"), "problem"),
}

# Fields that are never sent back to the browser inside a page.
NEVER_REPLAYED = ("csrf_token", "password", "new_password", "current_password", "code")


RENDERERS = "portal_error_renderers"
ErrorRenderer = Callable[[int, str], Response]


def render_errors_under(app: Flask, prefix: str, renderer: ErrorRenderer) -> None:
    """Errors on URLs under `prefix` (an API, say) are rendered by `renderer(code, description)`
    instead of as pages: unknown URLs and wrong methods included, which no blueprint sees."""
    app.extensions.setdefault(RENDERERS, {})[prefix] = renderer


def _renderer_for_path() -> ErrorRenderer | None:
    for prefix, renderer in current_app.extensions.get(RENDERERS, {}).items():
        if request.path == prefix or request.path.startswith(prefix.rstrip("/") + "/"):
            return renderer  # type: ignore[no-any-return]
    return None


def render_error(code: int, description: str = "") -> Response:
    renderer = _renderer_for_path()
    if renderer is not None:
        return renderer(code, description)
    title, kind = PAGES.get(code, PAGES[500])
    response = make_response(render_template("errors/error.html", title=title, kind=kind, code=code), code)
    response.headers["Cache-Control"] = "no-store"
    return response


def replayable_fields() -> list[tuple[str, str]]:
    """What the person typed, so an expired form can be sent again without retyping it."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if not any(secret in name for secret in NEVER_REPLAYED)
    ]


def form_expired(_error: CSRFError) -> Response:
    response = make_response(
        render_template("errors/form-expired.html", fields=replayable_fields(), action=request.path), 400
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        if error.code in (301, 302, 303, 307, 308):
            return error.get_response()
        return render_error(error.code or 500, error.description or "")

    @app.errorhandler(InternalServerError)
    def server_error(_error: InternalServerError) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)

    app.register_error_handler(CSRFError, form_expired)
