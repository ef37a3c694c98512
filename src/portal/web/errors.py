"""Friendly, translated error pages; never a stack trace, always a way forward.

Two rules keep error pages from being used against the person who sees them:
- An error page never starts a session in place of the one the browser holds. A cross-site
  POST arrives without our SameSite=Lax cookie; had its "form expired" page set a new cookie,
  the browser would drop the person's own session for it (a staff member signed out, a
  person's unsent answers lost).
- A form that failed its CSRF check is never turned into a form ready to send again: that
  would hand a forged request a valid token, one click away. Only a feature's own handler
  (`on_expired_form`) may do better than the plain page, for forms where nothing changes
  without the person seeing it first (the public question pages keep what was typed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, current_app, g, make_response, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_wtf.csrf import CSRFError
from itsdangerous import URLSafeTimedSerializer
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.i18n import _l
from portal.web.caching import never_kept
from portal.web.limits import minutes_until_retry
from portal.web.redirects import own_path

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

ExpiredFormHandler = Callable[[], WerkzeugResponse | None]
EXPIRED_FORMS = "portal_expired_forms"


class SessionKeptOnErrors(SecureCookieSessionInterface):
    """Flask's signed cookie session, except that a response which is an error, or answers a
    form that failed its CSRF check, never sets a session cookie for a request that came
    without one."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Made once per set of keys rather than twice a request (it holds only the keys)."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = getattr(self, "_kept_serializer", None)
        if kept is None or kept[0] != keys:
            kept = (keys, super().get_signing_serializer(app))
            self._kept_serializer = kept
        return kept[1]

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        came_with_session = self.get_cookie_name(app) in request.cookies
        if not came_with_session and (response.status_code >= 400 or g.get("form_expired")):
            return
        super().save_session(app, session, response)


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
    context = {"minutes": minutes_until_retry()} if code == 429 else {}
    page = render_template("errors/error.html", title=title, kind=kind, code=code, **context)
    return never_kept(make_response(page, code))


def on_expired_form(app: Flask, endpoint: str, handler: ExpiredFormHandler) -> None:
    """`handler` answers a failed CSRF check on `endpoint`; returning None gives the plain page."""
    app.extensions.setdefault(EXPIRED_FORMS, {})[endpoint] = handler


def page_sent_from() -> str:
    """The page the form most likely came from: this address when it is also a page (a form
    that posts to itself), else the home page."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(request.path, method="GET")
    except HTTPException:
        return url_for("pages.home")
    return own_path(request.path, url_for("pages.home"))


def form_expired(_error: CSRFError) -> WerkzeugResponse:
    g.form_expired = True
    handlers: dict[str, ExpiredFormHandler] = current_app.extensions.get(EXPIRED_FORMS, {})
    handler = handlers.get(request.endpoint or "")
    if handler is not None and (response := handler()) is not None:
        return never_kept(response)
    page = render_template("errors/form-expired.html", back_url=page_sent_from())
    return never_kept(make_response(page, 400))


def init_app(app: Flask) -> None:
    app.session_interface = SessionKeptOnErrors()
    app.extensions.setdefault(EXPIRED_FORMS, {})

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> WerkzeugResponse:
        if error.code in (301, 302, 303, 307, 308):
            return error.get_response()
        return render_error(error.code or 500, error.description or "")

    @app.errorhandler(InternalServerError)
    def server_error(_error: InternalServerError) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)

    app.register_error_handler(CSRFError, form_expired)
