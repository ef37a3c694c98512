"""Answers kept on the server while a person goes through a journey.

The browser holds only a random token (in the session cookie), and when its drafts' time is
up (so it can say so when it is); the answers live in
`journey_draft`, one row per journey, for `draft_hours` after the last change. Expired drafts
are never read and are deleted when a new one starts and by `flask referrals purge-drafts`.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask import session as browser_session
from flask_limiter.util import get_remote_address
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.db import get_database, session, utcnow
from portal.referrals.models import JourneyDraft, ReferralKind

DRAFT_KEY = "journey_draft"
UNTIL_KEY = "journey_draft_until"  # when this browser's latest draft expires, as a Unix time


def lifetime() -> timedelta:
    return timedelta(hours=current_app.config["SETTINGS"].referrals.draft_hours)


def find(kind: ReferralKind, now: datetime | None = None) -> JourneyDraft | None:
    token = browser_session.get(DRAFT_KEY)
    if not isinstance(token, str):
        return None
    return session.scalar(FIND_DRAFT, _this_browsers(token, kind, now))


def answers_so_far(kind: ReferralKind, now: datetime | None = None) -> dict[str, Any] | None:
    """The answers of this browser's draft, or None without one: what a question page shows.
    Every question asks it, so it is one column read on a pooled connection of its own, not
    through the request's session (no object to track, no transaction to commit after: a
    question page changes nothing, and reads only what earlier requests committed)."""
    token = browser_session.get(DRAFT_KEY)
    if not isinstance(token, str):
        return None
    with get_database().engine.connect() as connection:
        found = connection.execute(DRAFT_ANSWERS, _this_browsers(token, kind, now)).first()
    return None if found is None else dict(found.answers or {})


# Built once, since every question page asks (building a statement costs more than running it).
_THIS_BROWSERS = (
    JourneyDraft.token == bindparam("token"),
    JourneyDraft.journey == bindparam("journey"),
    JourneyDraft.expires_at > bindparam("now"),
)
FIND_DRAFT = select(JourneyDraft).where(*_THIS_BROWSERS)
DRAFT_ANSWERS = select(JourneyDraft.answers).where(*_THIS_BROWSERS)


def _this_browsers(token: str, kind: ReferralKind, now: datetime | None) -> dict[str, Any]:
    return {"token": token, "journey": kind, "now": now or utcnow()}


def _keep_until(expires_at: datetime) -> None:
    browser_session[UNTIL_KEY] = int(expires_at.replace(tzinfo=UTC).timestamp())


def expired(now: datetime | None = None) -> bool:
    """This browser had answers and their time ran out (not: sent, exited, or never begun)."""
    until = browser_session.get(UNTIL_KEY)
    moment = (now or utcnow()).replace(tzinfo=UTC).timestamp()
    return isinstance(until, int) and until <= moment


def begin(kind: ReferralKind, carried: dict[str, Any]) -> JourneyDraft:
    """The draft for this journey: the one in progress, or a new one holding what is carried
    over. The cookie lasts as long as the draft, so a person can come back to it tomorrow."""
    if (existing := find(kind)) is not None:
        return existing
    token = browser_session.get(DRAFT_KEY)
    if not isinstance(token, str):
        token = browser_session[DRAFT_KEY] = secrets.token_urlsafe(32)
    browser_session.permanent = True
    now = utcnow()
    purge_expired(session, now)
    draft = JourneyDraft(
        token=token,
        journey=kind,
        answers=carried,
        submission_token=secrets.token_urlsafe(32),
        started_at=now,
        expires_at=now + lifetime(),
    )
    session.add(draft)
    _keep_until(draft.expires_at)
    try:
        session.flush()
    except IntegrityError:  # the same browser started twice at once (a double tap): use the first
        session.rollback()
        started = find(kind)
        if started is None:
            raise
        return started
    return draft


def save(draft: JourneyDraft, answers: dict[str, Any], looks_automated: bool) -> None:
    draft.answers = {**draft.answers, **answers}
    note_signals(draft, looks_automated)
    draft.expires_at = utcnow() + lifetime()
    _keep_until(draft.expires_at)
    session.flush()


def note_signals(draft: JourneyDraft, looks_automated: bool) -> None:
    if looks_automated and "honeypot" not in draft.spam_signals:
        draft.spam_signals = [*draft.spam_signals, "honeypot"]


def discard_all() -> None:
    """Forget every journey this browser started (after sending, and on Exit this page)."""
    token = browser_session.get(DRAFT_KEY)
    browser_session.pop(UNTIL_KEY, None)
    if isinstance(token, str):
        session.execute(delete(JourneyDraft).where(JourneyDraft.token == token))


def limit_key() -> str:
    """Counts sends per journey: this browser's answers (a token, never the answers
    themselves), or its address when it holds none."""
    token = browser_session.get(DRAFT_KEY)
    return f"journey:{token}" if isinstance(token, str) else get_remote_address()


def purge_expired(db: Session, now: datetime | None = None) -> int:
    result = db.execute(delete(JourneyDraft).where(JourneyDraft.expires_at <= (now or utcnow())))
    return int(result.rowcount)  # type: ignore[attr-defined]
