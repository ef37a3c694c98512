from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from flask import Flask, Response, after_this_request, current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.db import get_database, session, utcnow
from portal.outbox.backends import Backend, PermanentFailure, make_backend
from portal.outbox.models import Channel, DeliveryStatus, OutboxMessage

log = logging.getLogger(__name__)

RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)


def queue_message(
    *,
    channel: Channel,
    to: str,
    template: str,
    locale: str,
    context: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Add a message to the outbox in the current transaction: it exists only if the caller's
    change is committed. Callers pass no health details in `context`."""
    if dedupe_key is not None:
        existing = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))
        if existing is not None:
            return existing
    message = OutboxMessage(
        channel=channel, recipient=to, template=template, locale=locale, context=context or {}, dedupe_key=dedupe_key
    )
    session.add(message)
    session.flush()
    return message


class Addressee(Protocol):
    """Anyone emailed by name in their own language: an account, an invitation."""

    @property
    def email(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def locale(self) -> str: ...


def email_person(
    person: Addressee, template: str, context: Mapping[str, Any], dedupe_key: str | None = None
) -> OutboxMessage:
    """An email to one person in their language, with their name for the greeting."""
    return queue_message(
        channel=Channel.EMAIL,
        to=person.email,
        template=template,
        locale=person.locale,
        context={"name": person.name, **context},
        dedupe_key=dedupe_key,
    )


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _due(db: Session, now: datetime, limit: int) -> list[tuple[int, bool]]:
    """Each message due, and whether a sender that died was sending it."""
    waiting = (OutboxMessage.status == DeliveryStatus.PENDING) & (OutboxMessage.next_attempt_at <= now)
    abandoned = (OutboxMessage.status == DeliveryStatus.SENDING) & (OutboxMessage.claimed_until < now)
    query = (
        select(OutboxMessage.id, OutboxMessage.status)
        .where(or_(waiting, abandoned))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return [(message_id, status == DeliveryStatus.SENDING) for message_id, status in db.execute(query)]


def _claim(db: Session, message_id: int, now: datetime) -> OutboxMessage | None:
    """Take one message for sending; two senders running at once never both get it."""
    claim_for = timedelta(seconds=current_app.config["SETTINGS"].outbox_claim_seconds)
    claimable = or_(
        OutboxMessage.status == DeliveryStatus.PENDING,
        (OutboxMessage.status == DeliveryStatus.SENDING) & (OutboxMessage.claimed_until < now),
    )
    result = db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, claimable)
        .values(status=DeliveryStatus.SENDING, claimed_until=now + claim_for)
        .execution_options(synchronize_session=False)
    )
    db.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return db.get(OutboxMessage, message_id, populate_existing=True)


def _record_failure(message: OutboxMessage, error: Exception, now: datetime, permanent: bool) -> DeliveryStatus:
    message.attempts += 1
    # The error's type and text only: never the message body or recipient.
    message.last_error = f"{type(error).__name__}: {str(error)[:300]}"
    message.claimed_until = None
    if permanent or message.attempts > len(RETRY_DELAYS):
        message.status = DeliveryStatus.FAILED
    else:
        message.status = DeliveryStatus.PENDING
        message.next_attempt_at = now + RETRY_DELAYS[message.attempts - 1]
    log.warning("outbox message %s not sent (attempt %s): %s", message.id, message.attempts, type(error).__name__)
    return message.status


def _mark_sent(message: OutboxMessage, reference: str | None, now: datetime) -> DeliveryStatus:
    message.status, message.sent_at, message.claimed_until = DeliveryStatus.SENT, now, None
    # Delivered: the personalisation (links that sign people in, names) is no longer needed.
    message.context = {}
    message.attempts += 1
    message.provider_reference = reference
    return DeliveryStatus.SENT


def _deliver(db: Session, backend: Backend, message: OutboxMessage, now: datetime, interrupted: bool) -> DeliveryStatus:
    """Send, then record the provider's reference and "sent" in one commit. When an earlier
    sender died mid-send (`interrupted`), ask the provider first: it may have the message."""
    try:
        reference = backend.find_sent(message) if interrupted else None
        if reference is None:
            reference = backend.send(message)
    except PermanentFailure as error:
        status = _record_failure(message, error, now, permanent=True)
    except Exception as error:
        status = _record_failure(message, error, now, permanent=False)
    else:
        status = _mark_sent(message, reference, now)
    db.commit()
    return status


def send_due(backend: Backend | None = None, now: datetime | None = None, limit: int = 200) -> SendReport:
    settings = current_app.config["SETTINGS"]
    backend = backend or make_backend(settings, settings.notify_templates)
    now = now or utcnow()
    counts = {DeliveryStatus.SENT: 0, DeliveryStatus.PENDING: 0, DeliveryStatus.FAILED: 0}
    with get_database().sessionmaker() as db:
        for message_id, interrupted in _due(db, now, limit):
            message = _claim(db, message_id, now)
            if message is not None:
                counts[_deliver(db, backend, message, now, interrupted)] += 1
    return SendReport(
        sent=counts[DeliveryStatus.SENT], retrying=counts[DeliveryStatus.PENDING], failed=counts[DeliveryStatus.FAILED]
    )


def send_soon() -> None:
    """Deliver what this request queued once the response has gone, without making the person
    wait; `flask outbox send` picks up anything this misses."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config["SETTINGS"].outbox_send_after_request:
        return

    @after_this_request
    def start_sender(response: Response) -> Response:
        response.call_on_close(lambda: _send_in_background(app))
        return response


def _send_in_background(app: Flask) -> None:
    def run() -> None:
        with app.app_context():
            try:
                send_due(limit=20)
            except Exception:
                log.exception("background outbox send failed")

    threading.Thread(target=run, name="outbox-sender", daemon=True).start()


def failed_messages(db: Session) -> list[OutboxMessage]:
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.status == DeliveryStatus.FAILED)))
