"""Reading the audit log: coordinators filter it by person, record, action and date, and
export it as CSV."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from babel import dates
from flask import Flask, current_app
from flask_babel import get_locale, get_timezone
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from portal.accounts.models import AuditEvent
from portal.db import get_database, session
from portal.i18n import _l

PAGE_SIZE = 50
EXTENSION = "portal_audit_actions"

ACCOUNT_ACTIONS = {
    "sign_in.succeeded": _l("Signed in"),
    "sign_in.failed": _l("Failed to sign in"),
    "sign_in.throttled": _l("Stopped for too many attempts"),
    "sign_out": _l("Signed out"),
    "session.timed_out": _l("Signed out automatically"),
    "access.refused": _l("Refused access"),
    "mfa.set_up": _l("Set up an authenticator app"),
    "mfa.replaced": _l("Replaced their authenticator app"),
    "mfa.turned_off": _l("Turned off two-step verification"),
    "mfa.code_failed": _l("Entered a wrong security code"),
    "mfa.recovery_codes_created": _l("Created new recovery codes"),
    "mfa.recovery_code_used": _l("Used a recovery code"),
    "password.changed": _l("Changed their password"),
    "password.reset_requested": _l("Asked to reset a password"),
    "password.reset": _l("Reset their password"),
    "email.changed": _l("Changed their email address"),
    "user.created": _l("Account created"),
    "user.invited": _l("Invited someone"),
    "invitation.accepted": _l("Accepted an invitation"),
    "invitation.withdrawn": _l("Withdrew an invitation"),
    "user.disabled": _l("Disabled an account"),
    "user.enabled": _l("Enabled an account"),
    "user.mfa_reset": _l("Reset someone's two-step verification"),
    "user.signed_out_everywhere": _l("Signed an account out everywhere"),
    "audit.viewed": _l("Looked at the audit log"),
    "audit.exported": _l("Exported the audit log"),
}


def add_audit_actions(app: Flask, labels: dict[str, str]) -> None:
    """Features name their own actions (e.g. `{"referral.viewed": _l("Viewed a referral")}`)
    so the log reads in plain words; unnamed actions show as they are."""
    app.extensions.setdefault(EXTENSION, {}).update(labels)


def action_labels() -> dict[str, str]:
    return {**ACCOUNT_ACTIONS, **current_app.extensions.get(EXTENSION, {})}


def describe_action(action: str) -> str:
    return str(action_labels().get(action, action))


def local_time(moment: datetime) -> tuple[str, str]:
    """An event's time on the scheme's clock, and its difference from GMT ("GMT+01:00" in summer)."""
    zone, locale = get_timezone(), get_locale()
    shown = dates.format_datetime(moment, "yyyy-MM-dd HH:mm:ss", tzinfo=zone, locale=locale)
    return str(shown), str(dates.format_datetime(moment, "ZZZZ", tzinfo=zone, locale=locale))


def zone_name() -> str:
    """The scheme's time zone in words and as its IANA name: "British Time (Europe/London)"."""
    zone = get_timezone()
    return f"{dates.get_timezone_name(zone, locale=get_locale())} ({zone})"


def _start_of(day: date) -> datetime:
    """Midnight on the scheme's clock: a filter by date means the scheme's day, not UTC's."""
    return datetime.combine(day, time(), ZoneInfo(str(get_timezone()))).astimezone(UTC)


@dataclass(frozen=True)
class AuditFilter:
    person: str | None = None
    action: str | None = None
    subject_type: str | None = None
    subject_id: str | None = None
    since: date | None = None
    until: date | None = None

    def apply(self, query: Select[AuditEvent]) -> Select[AuditEvent]:
        if self.person:
            query = query.where(AuditEvent.actor_email == self.person.strip().lower())
        if self.action:
            query = query.where(AuditEvent.action == self.action)
        if self.subject_type:
            query = query.where(AuditEvent.subject_type == self.subject_type)
        if self.subject_id:
            query = query.where(AuditEvent.subject_id == self.subject_id)
        if self.since:
            query = query.where(AuditEvent.occurred_at >= _start_of(self.since))
        if self.until:
            query = query.where(AuditEvent.occurred_at < _start_of(self.until + timedelta(days=1)))
        return query


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    older_than: int | None  # where the next page starts, when there is one


def find_events(
    audit_filter: AuditFilter, before: int | None = None, size: int = PAGE_SIZE, db: Session | None = None
) -> EventPage:
    """Newest first, a page at a time (keyset paging, so deep pages stay fast)."""
    query = audit_filter.apply(select(AuditEvent))
    if before is not None:
        query = query.where(AuditEvent.id < before)
    events = list((db or session).scalars(query.order_by(AuditEvent.id.desc()).limit(size + 1)))
    older = events[size - 1].id if len(events) > size else None
    return EventPage(events[:size], older)


def known_actions() -> list[str]:
    recorded = set(session.scalars(select(AuditEvent.action).distinct()))
    return sorted(recorded | set(action_labels()))


CSV_HEADER = [
    "id", "time_utc", "person", "role", "action", "record_type", "record", "client_address", "detail", "time_local",
]  # fmt: skip


def csv_rows(audit_filter: AuditFilter, batch: int = 1000) -> Iterator[list[str]]:
    """The whole filtered log, read in batches through a session of its own (the request's
    has finished by the time the response is being sent)."""
    before: int | None = None
    zone = get_timezone()
    with get_database().sessionmaker() as db:
        while True:
            page = find_events(audit_filter, before, batch, db)
            yield from (_row(event, zone) for event in page.events)
            if page.older_than is None:
                return
            before = page.older_than


def _row(event: AuditEvent, zone: tzinfo) -> list[str]:
    return [
        str(event.id),
        event.occurred_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        event.actor_email or "",
        event.actor_role or "",
        event.action,
        event.subject_type or "",
        event.subject_id or "",
        event.client_address or "",
        json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else "",
        event.occurred_at.astimezone(zone).isoformat(timespec="seconds"),
    ]
