"""Throttling guesses at passwords and codes without letting anyone lock a person out.

Failed attempts count against the account (the email typed, or the person half-way through
signing in) and against the client address. Each limit has several windows, so the wait grows
as failures mount (a minute, then an hour). Nobody is ever locked out for good, and a person
signing in from a browser where they have signed in before (a signed "known device" cookie)
counts in a bucket of their own: an attacker who fills the account's bucket on purpose does
not stop them (OWASP's device cookie advice).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import Response, current_app, g, request
from flask import session as browser_session
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer

from portal.accounts.models import normalise_account_email

DEVICE_COOKIE_SALT = "portal.accounts.known-device"
DEVICE_COOKIE_LIFETIME = timedelta(days=365)


def configured(name: str) -> Callable[[], str]:
    """A limit read from the app's config when the request comes, so tests and schemes can
    change it."""
    return lambda: str(current_app.config[name])


def count_failure() -> None:
    """The view found a wrong password or code: this request counts against the limits."""
    g.attempt_failed = True


def failed(_response: Response) -> bool:
    return bool(g.get("attempt_failed"))


def every_post(_response: Response) -> bool:
    return True


def device_cookie_name() -> str:
    return "__Host-device" if current_app.config["SETTINGS"].is_production else "device"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=DEVICE_COOKIE_SALT)


def remember_device(response: Response, email: str) -> None:
    value = _serializer().dumps({"email": normalise_account_email(email), "device": secrets.token_urlsafe(12)})
    response.set_cookie(
        device_cookie_name(),
        value,
        max_age=int(DEVICE_COOKIE_LIFETIME.total_seconds()),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Strict",
        path="/",
    )


def known_device(email: str) -> str | None:
    """This browser's device id when the account `email` has signed in with it before."""
    raw = request.cookies.get(device_cookie_name())
    if not raw or not email:
        return None
    try:
        payload = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("email") != normalise_account_email(email):
        return None
    return str(payload.get("device"))


def _hashed(value: str) -> str:
    """Keys in the limiter's storage carry no email addresses."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _bucket(kind: str, identity: str, email: str) -> str:
    device = known_device(email)
    suffix = f":device:{device}" if device else ""
    return f"{kind}:{_hashed(identity)}{suffix}"


def submitted_email() -> str:
    return normalise_account_email(request.form.get("email", ""))


def pending_email() -> str:
    pending = browser_session.get("pending_sign_in") or {}
    return str(pending.get("email", ""))


def account_key() -> str:
    """The account named in the sign-in form."""
    email = submitted_email()
    return _bucket("account", email or "-", email)


def pending_account_key() -> str:
    """The account half-way through signing in (the code step)."""
    email = pending_email()
    return _bucket("account", email or "-", email)


def address_key() -> str:
    email = submitted_email() or pending_email()
    return _bucket("address", get_remote_address() or "-", email)


def user_key() -> str:
    """The signed-in person confirming who they are."""
    from flask_login import current_user

    return f"user:{current_user.get_id()}"


def reset_account_key() -> str:
    """Reset requests for one email address, whoever asks: stops a mailbox being flooded."""
    return f"reset:{_hashed(submitted_email() or '-')}"
