"""Small pieces the account views share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, current_app, make_response, redirect, render_template, request, url_for
from flask import session as browser_session
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.exceptions import TooManyRequests

from portal.accounts import mfa, signing_in
from portal.accounts.audit.record import record_event
from portal.accounts.invitations import LinkState
from portal.accounts.models import User
from portal.accounts.throttling import configured, remember_device
from portal.clock import now
from portal.extensions import limiter
from portal.web.limits import minutes_until_retry

View = TypeVar("View", bound=Callable[..., Any])


def finish_sign_in(user: User, how: str) -> Response:
    """Signed in: off to where they were going, and this browser is now a known device."""
    response = cast(Response, redirect(signing_in.complete(user, how), 303))
    remember_device(response, user.email)
    return response


def limited(config_name: str, key: Callable[[], str], deduct_when: Callable[[Response], bool]) -> Any:
    return limiter.limit(configured(config_name), key_func=key, methods=["POST"], deduct_when=deduct_when)


def too_many_attempts(error: TooManyRequests) -> Response:
    """Our own 429 page for sign-in, codes and resets: how long to wait, in plain words."""
    record_event("access.throttled", detail={"endpoint": request.endpoint}, commit_now=True)
    minutes = minutes_until_retry()
    wait = ngettext("Wait %(num)d minute, then try again.", "Wait %(num)d minutes, then try again.", minutes)
    response = make_response(render_template("accounts/too-many-attempts.html", wait=wait), 429)
    response.headers["Cache-Control"] = "no-store"
    return response


def link_problem(state: LinkState, kind: str) -> Response:
    """An emailed link that cannot be used: say why and what to do instead."""
    status = 404 if state == LinkState.UNKNOWN else 410
    response = make_response(render_template("accounts/link-problem.html", state=str(state), kind=kind), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def recently_confirmed(view: View) -> View:
    """Changes to how someone signs in (their app, their email) need their password (and
    code) again, within the last few minutes."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        confirmed = browser_session.get("reauthenticated_at")
        valid_for = current_app.config["ACCOUNTS_REAUTHENTICATION_VALID_FOR"]
        if not confirmed or now() - datetime.fromisoformat(confirmed) > valid_for:
            return redirect(url_for("accounts.confirm_identity", next=request.path))
        return view(*args, **kwargs)

    return cast(View, guarded)


def authenticator_page(template: str, user: User, secret: str, **context: Any) -> str:
    """The page that sets up an authenticator app: QR code and the key as text."""
    issuer = current_app.config["SETTINGS"].scheme.name
    uri = mfa.provisioning_uri(secret, user.email, issuer)
    return render_template(
        template,
        qr_code=mfa.qr_code_svg(uri, _("QR code to scan with your authenticator app")),
        key=mfa.grouped(secret),
        **context,
    )


def candidate_secret(user: User) -> str:
    """A new authenticator key for this person, the same on every try until it is confirmed.
    Derived on the server from a random value in the session: the key itself is never stored
    anywhere until it works."""
    nonce = browser_session.get("enrol_nonce")
    if not nonce:
        nonce = browser_session["enrol_nonce"] = mfa.new_nonce()
    return mfa.derived_secret(current_app.config["SECRET_KEY"], user.id, str(nonce))


def recovery_codes_page(codes: list[str], continue_url: str) -> Response:
    browser_session.pop("enrol_nonce", None)
    response = make_response(
        render_template(
            "accounts/recovery-codes.html", codes=[mfa.show_recovery_code(c) for c in codes], continue_url=continue_url
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response
