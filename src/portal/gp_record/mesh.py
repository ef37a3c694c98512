"""Delivery over MESH, the NHS's secure messaging: pending messages are sent with retries and
backing off, like the outbox's; a sent one is tracked until the practice's mailbox
acknowledges it, and the acknowledgement is recorded on the case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from mesh_client import MeshClient

from portal import clock
from portal.db import session
from portal.feature_settings import MeshSettings
from portal.gp_record import queries, services
from portal.gp_record.models import GpMessage, MessageStatus

RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
DOCUMENT = "gp_record/message-document.html"


Connect = Callable[[MeshSettings], MeshClient]


def connect(settings: MeshSettings) -> MeshClient:
    """One quick try per request: the outbox-style backing off between rounds does the retrying."""
    verify = not settings.url.startswith("http://")
    return MeshClient(
        settings.url,
        settings.mailbox,
        settings.password,
        shared_key=settings.shared_key.encode(),
        verify=verify,
        max_retries=0,
        timeout=30,
        application_name="portal",
    )


def document(message: GpMessage) -> bytes:
    """The document the GP system files, always in English (the record's language)."""
    with force_locale("en"):
        return render_template(DOCUMENT, content=message.content, standalone=True).encode()


def _send_one(client: MeshClient, settings: MeshSettings, message: GpMessage) -> None:
    message.attempts += 1
    mailbox = queries.mailbox_of(message.practice_code)
    if mailbox is None:
        raise LookupError(f"no MESH mailbox for {message.practice_code}")
    message.mesh_message_id = client.send_message(
        mailbox,
        document(message),
        subject="Social prescribing",
        workflow_id=settings.workflow_id,
        local_id=str(message.id),
        filename=f"social-prescribing-{message.id}.html",
    )
    message.status, message.sent_at, message.last_error = MessageStatus.SENT, clock.now(), None
    services.mark_codes_sent(message.referral_id, message.practice_code)


def _failed(message: GpMessage, error: Exception) -> None:
    # The error's type only: a MESH error can quote the request, which holds personal details.
    message.last_error = type(error).__name__
    if message.attempts >= len(RETRY_AFTER):
        message.status = MessageStatus.FAILED
    else:
        message.next_attempt_at = clock.now() + RETRY_AFTER[message.attempts - 1]


def send_due(settings: MeshSettings, connect_with: Connect = connect) -> int:
    """Send what is due; each message is committed as it goes. Returns how many were sent."""
    sent = 0
    due = queries.due_mesh_messages(clock.now())
    if not due:
        return 0
    with connect_with(settings) as client:
        for message in due:
            try:
                _send_one(client, settings, message)
                sent += 1
            except Exception as error:
                message.attempts = max(message.attempts, 1)
                _failed(message, error)
            session.commit()
    return sent


def check_acknowledgements(settings: MeshSettings, connect_with: Connect = connect) -> int:
    """Record each acknowledgement the practice's mailbox has sent back."""
    acknowledged = 0
    waiting = queries.awaiting_acknowledgement()
    if not waiting:
        return 0
    with connect_with(settings) as client:
        for message in waiting:
            tracking = client.track_message(message.mesh_message_id or "")
            if str(tracking.get("status", "")).lower() == "acknowledged":
                message.status, message.acknowledged_at = MessageStatus.ACKNOWLEDGED, clock.now()
                acknowledged += 1
        session.commit()
    return acknowledged


def send_and_track() -> str:
    """The worker's job: send what is due, then record acknowledgements."""
    settings: MeshSettings | None = current_app.config["SETTINGS"].mesh
    if settings is None:
        return "MESH is not set up"
    return f"{send_due(settings)} sent, {check_acknowledgements(settings)} acknowledged"
