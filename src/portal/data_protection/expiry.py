"""What the retention job removes besides referrals: what sent messages said, once their time is
up, and audit events older than the audit retention.

The audit log is otherwise append-only; on PostgreSQL its trigger lets a row go only when the
transaction names the moment before which events have expired and the row is older (migration
0018). The ORM refuses deletions too, so expired events go by one bulk delete.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from portal.accounts.models import AuditEvent
from portal.outbox.models import DeliveryStatus, OutboxMessage

EXPIRED_BEFORE = "portal.audit_expired_before"
DONE = (DeliveryStatus.SENT, DeliveryStatus.FAILED)


def _messages_done_before(cutoff: datetime) -> ColumnElement[bool]:
    when = func.coalesce(OutboxMessage.sent_at, OutboxMessage.updated_at)
    return (OutboxMessage.status.in_(DONE)) & (when <= cutoff) & (OutboxMessage.recipient != "")


def clear_sent_messages(db: Session, now: datetime, days: int, dry_run: bool) -> int:
    """The recipient and content of each message sent (or given up on) more than `days` ago."""
    expired = _messages_done_before(now - timedelta(days=days))
    if dry_run:
        return int(db.scalar(select(func.count()).select_from(OutboxMessage).where(expired)) or 0)
    cleared = db.execute(
        update(OutboxMessage)
        .where(expired)
        .values(recipient="", context={})
        .execution_options(synchronize_session=False)
    )
    return int(cleared.rowcount or 0)  # type: ignore[attr-defined]


def delete_expired_audit_events(db: Session, expired_before: datetime, dry_run: bool) -> int:
    expired = AuditEvent.occurred_at < expired_before
    if dry_run:
        return int(db.scalar(select(func.count()).select_from(AuditEvent).where(expired)) or 0)
    if db.get_bind().dialect.name == "postgresql":
        db.execute(
            text("SELECT set_config(:name, :value, true)"),
            {"name": EXPIRED_BEFORE, "value": expired_before.isoformat()},
        )
    deleted = db.execute(delete(AuditEvent).where(expired).execution_options(synchronize_session=False))
    return int(deleted.rowcount or 0)  # type: ignore[attr-defined]
