"""The retention job: each closed referral whose time is up is anonymised, once.

Unsent drafts go after `ReferralSettings.draft_hours` (deleted: nothing in them is counted);
referrals closed as spam after `RetentionSettings.spam_days`; any other closed referral after
`closed_years`. Anonymising goes through every record source (`registry`), last the referral
itself, which is then marked (`personal_details_erased_at`): a second run finds nothing to do.
What sent messages said goes `outbox_days` after sending (`expiry`); audit events are kept
`audit_years`, longer than the records they describe, then deleted; search records hold no
personal data and are kept as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from portal.data_protection.expiry import clear_sent_messages, delete_expired_audit_events
from portal.data_protection.registry import record_sources
from portal.feature_settings import RetentionSettings
from portal.referrals.drafts import purge_expired
from portal.referrals.models import JourneyDraft, Referral, ReferralStatus

SPAM = "spam"
BATCH = 500


@dataclass(frozen=True)
class RetentionReport:
    drafts: int
    spam: int
    closed: int
    dry_run: bool
    messages: int = 0
    audit_events: int = 0

    def describe(self) -> str:
        verb = "Would remove" if self.dry_run else "Removed"
        return (
            f"{verb} {self.drafts} expired drafts; {verb.lower()} the personal details of "
            f"{self.spam} referrals closed as spam and {self.closed} other closed referrals; "
            f"{verb.lower()} the content of {self.messages} sent messages and {self.audit_events} expired audit events."
        )


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _expired(db: Session, settings: RetentionSettings, now: datetime, spam: bool) -> Sequence[int]:
    closed = (Referral.status == ReferralStatus.CLOSED) & Referral.personal_details_erased_at.is_(None)
    if spam:
        when = and_(Referral.closing_reason == SPAM, Referral.closed_at <= now - timedelta(days=settings.spam_days))
    else:
        when = and_(
            or_(Referral.closing_reason.is_(None), Referral.closing_reason != SPAM),
            Referral.closed_at <= _years_before(now, settings.closed_years),
        )
    return db.scalars(select(Referral.id).where(closed & when).order_by(Referral.id)).all()


def anonymise(db: Session, referrals: Sequence[Referral]) -> None:
    """Every source, the referral's own details last (they mark it done)."""
    for source in reversed(record_sources()):
        source.anonymise(db, referrals)
    db.flush()


def anonymise_ids(db: Session, ids: Sequence[int]) -> None:
    for start in range(0, len(ids), BATCH):
        batch = db.scalars(select(Referral).where(Referral.id.in_(ids[start : start + BATCH]))).all()
        anonymise(db, batch)


def run(db: Session, now: datetime, dry_run: bool = False) -> RetentionReport:
    settings: RetentionSettings = current_app.config["SETTINGS"].retention
    spam, closed = _expired(db, settings, now, spam=True), _expired(db, settings, now, spam=False)
    if dry_run:
        drafts = int(
            db.scalar(select(func.count()).select_from(JourneyDraft).where(JourneyDraft.expires_at <= now)) or 0
        )
    else:
        drafts = purge_expired(db, now)
        anonymise_ids(db, [*spam, *closed])
    messages = clear_sent_messages(db, now, settings.outbox_days, dry_run)
    audit_events = delete_expired_audit_events(db, _years_before(now, settings.audit_years), dry_run)
    return RetentionReport(drafts, len(spam), len(closed), dry_run, messages, audit_events)
