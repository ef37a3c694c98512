"""The steps of signing in: password, then (for staff, and editors who chose it) a code from
an authenticator app, or setting one up the first time. Between the steps the browser session
holds only who is signing in, since when, and where to go afterwards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, url_for
from flask import session as browser_session
from flask_babel import get_locale

from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.accounts.sessions import fresh_browser_session, start_session
from portal.db import session, utcnow
from portal.web.redirects import is_own_path, own_path

CODE = "code"  # enter a code from the app
ENROL = "enrol"  # set up the app first


def begin(user: User, next_url: str | None, stage: str) -> None:
    fresh_browser_session()
    browser_session["pending_sign_in"] = {
        "user": user.id,
        "email": user.email,
        "generation": user.session_generation,
        "since": utcnow().isoformat(),
        "next": next_url if is_own_path(next_url) else None,
        "stage": stage,
    }


def _pending() -> dict[str, Any]:
    value = browser_session.get("pending_sign_in")
    return value if isinstance(value, dict) else {}


def pending_stage() -> str | None:
    return _pending().get("stage")


def pending_user() -> User | None:
    """Who is half-way through signing in, while that is still recent and their account
    has not changed since."""
    pending = _pending()
    if not pending:
        return None
    since = datetime.fromisoformat(pending["since"])
    if utcnow() - since > current_app.config["ACCOUNTS_PENDING_SIGN_IN"]:
        browser_session.pop("pending_sign_in", None)
        return None
    user = session.get(User, pending["user"])
    if user is None or not user.active or user.session_generation != pending["generation"]:
        browser_session.pop("pending_sign_in", None)
        return None
    return user


def move_to(stage: str) -> None:
    pending = _pending()
    browser_session["pending_sign_in"] = {**pending, "stage": stage}


def destination(next_url: str | None = None) -> str:
    return own_path(next_url, url_for("accounts.dashboard"))


def complete(user: User, how: str) -> str:
    """Signed in at last: a new session, the language remembered for emails, and where to go."""
    next_url = _pending().get("next")
    start_session(user)
    user.locale = str(get_locale() or "en")
    record_event("sign_in.succeeded", "user", user.id, {"with": how}, actor=user)
    return destination(next_url)
