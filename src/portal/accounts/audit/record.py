"""The audit log: who saw or changed what, when and from where.

`record_event` works from any request (and from the command line). By default the event is
part of the request's transaction, so a change and its record are saved together or not at
all. Attempts that fail on purpose (refused access, wrong passwords, throttling) pass
`commit_now=True`: they are saved in a transaction of their own when the request ends,
whatever happens to the request (an error page rolls the request's own changes back).
"""

from __future__ import annotations

import logging
from typing import Any, cast

from flask import Flask, g, has_request_context, request
from flask_login import current_user

from portal.accounts.models import AuditEvent, User
from portal.db import get_database, session

log = logging.getLogger(__name__)
KEPT = "audit_events_to_keep"

# Never stored, whatever a caller passes: the audit log holds no secrets.
SECRET_WORDS = ("password", "token", "secret", "code", "hash")


def scrub(detail: dict[str, Any] | None) -> dict[str, Any]:
    return {
        key: value
        for key, value in (detail or {}).items()
        if not any(word in key.lower() for word in SECRET_WORDS)
        and isinstance(value, str | int | float | bool | None | list)
    }


def _actor(actor: User | None) -> User | None:
    if actor is not None:
        return actor
    if has_request_context() and current_user and current_user.is_authenticated:
        return cast(User, current_user)
    return None


def record_event(
    action: str,
    subject_type: str | None = None,
    subject_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    *,
    actor: User | None = None,
    commit_now: bool = False,
) -> None:
    """Record that the current user did `action` to a record (`subject_type`, `subject_id`),
    e.g. `record_event("referral.viewed", "referral", referral.reference)`. `detail` holds
    small facts (a status, a reason); keys that look secret are dropped."""
    who = _actor(actor)
    event = AuditEvent(
        actor_id=who.id if who else None,
        actor_email=who.email if who else None,
        actor_role=str(who.role) if who else None,
        action=action,
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        client_address=request.remote_addr if has_request_context() else None,
        detail=scrub(detail),
    )
    if not commit_now:
        session.add(event)
        session.flush()
    elif has_request_context():
        g.setdefault(KEPT, []).append(event)
    else:
        _save([event])


def _save(events: list[AuditEvent]) -> None:
    with get_database().sessionmaker() as own_session:
        own_session.add_all(events)
        own_session.commit()


def save_kept_events(_error: BaseException | None) -> None:
    """At the end of the request: finish the request's own transaction first (committed
    already on success, rolled back on failure), so SQLite is free to write, then save."""
    events = g.pop(KEPT, None)
    if not events:
        return
    request_session = g.get("db_session")
    if request_session is not None:
        request_session.rollback()
    try:
        _save(events)
    except Exception:
        log.exception("could not save %s audit events", len(events))


def init_app(app: Flask) -> None:
    # Registered after the database's own teardown, so it runs before the session is closed.
    app.teardown_appcontext(save_kept_events)
