"""Signed-in sessions.

The browser's (signed) session cookie holds a random session id and the user's session
generation; the `user_session` row holds the times. A session ends when the person signs
out, after 30 minutes without activity or 12 hours in all, and for every browser at once when
the user's generation moves on (sign out everywhere, disabled, new password)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, g, request
from flask import session as browser_session
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from portal.accounts.audit.record import record_event
from portal.accounts.models import User, UserSession
from portal.db import session, utcnow

SESSION_KEYS = ("sid", "generation", "pending_sign_in", "reauthenticated_at")
PASSIVE_ATTRIBUTE = "portal_passive"
# The idle clock is written at most this often, so busy pages do not write on every request.
TOUCH_EVERY = timedelta(seconds=60)


def passive(view: Any) -> Any:
    """Mark a view (a background refresh, a poll) as not counting as activity: it never keeps
    an idle session alive."""
    setattr(view, PASSIVE_ATTRIBUTE, True)
    return view


def idle_timeout() -> timedelta:
    return current_app.config["ACCOUNTS_IDLE_TIMEOUT"]  # type: ignore[no-any-return]


def absolute_timeout() -> timedelta:
    return current_app.config["ACCOUNTS_ABSOLUTE_TIMEOUT"]  # type: ignore[no-any-return]


def fresh_browser_session() -> None:
    """A new session at every change of privilege: nothing planted before survives, and the
    CSRF token is new too."""
    locale = browser_session.get("locale")
    browser_session.clear()
    g.pop("csrf_token", None)
    if locale:
        browser_session["locale"] = locale


def start_session(user: User) -> UserSession:
    fresh_browser_session()
    signed_in = UserSession(id=secrets.token_urlsafe(32), user_id=user.id, generation=user.session_generation)
    session.add(signed_in)
    user.last_signed_in_at = utcnow()
    session.flush()
    browser_session["sid"] = signed_in.id
    browser_session["generation"] = user.session_generation
    login_user(user, fresh=True)
    g.signed_in_session = signed_in
    return signed_in


def end_session(because: str) -> None:
    sid = browser_session.get("sid")
    if sid:
        session.execute(
            update(UserSession)
            .where(UserSession.id == sid, UserSession.ended_at.is_(None))
            .values(ended_at=utcnow(), ended_because=because)
        )
    logout_user()
    fresh_browser_session()


def end_every_session(user: User, because: str) -> None:
    """Sign a user out of every browser: the generation moves on and every open row ends."""
    user.end_all_sessions()
    session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_because=because)
    )


def expiry_reason(signed_in: UserSession, user: User, now: datetime) -> str | None:
    if signed_in.ended_at is not None or not user.active:
        return "ended"
    if signed_in.generation != user.session_generation or browser_session.get("generation") != user.session_generation:
        return "ended"
    if now - signed_in.started_at >= absolute_timeout():
        return "absolute"
    if now - signed_in.last_seen_at >= idle_timeout():
        return "idle"
    return None


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user of a session that is still open, else nobody."""
    sid = browser_session.get("sid")
    found = session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id).where(UserSession.id == str(sid))
    ).first()
    if found is None or str(found[1].id) != user_id:
        _forget(None)
        return None
    signed_in, user = found
    now = utcnow()
    reason = expiry_reason(signed_in, user, now)
    if reason is not None:
        _expire(signed_in, user, reason, now)
        return None
    _touch(signed_in, now)
    g.signed_in_session = signed_in
    return user


def _expire(signed_in: UserSession, user: User, reason: str, now: datetime) -> None:
    if reason in ("idle", "absolute") and signed_in.ended_at is None:
        record_event("session.timed_out", "user", user.id, {"after": reason}, actor=user, commit_now=True)
        signed_in.ended_at, signed_in.ended_because = now, reason
    _forget(reason)


def _forget(reason: str | None) -> None:
    g.session_ended_because = reason
    for key in (*SESSION_KEYS, "_user_id", "_fresh", "_id"):
        browser_session.pop(key, None)


def _touch(signed_in: UserSession, now: datetime) -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, PASSIVE_ATTRIBUTE, False):
        return
    if now - signed_in.last_seen_at >= TOUCH_EVERY:
        signed_in.last_seen_at = now


def keep_alive() -> None:
    """The person asked to stay signed in: restart the idle clock now."""
    signed_in = g.get("signed_in_session")
    if signed_in is not None:
        signed_in.last_seen_at = utcnow()


def seconds_left() -> int:
    """Until the current session ends by itself, without counting this request as activity."""
    signed_in = g.get("signed_in_session")
    if signed_in is None:
        return 0
    now = utcnow()
    ends = min(signed_in.last_seen_at + idle_timeout(), signed_in.started_at + absolute_timeout())
    return max(0, int((ends - now).total_seconds()))
