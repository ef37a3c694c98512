"""Changes made from the case page. Each one first claims the version the link worker saw (a
conditional UPDATE: the version must still be the one on their page), so two people can never
overwrite each other's work; an edit made on an older copy raises `StaleEdit`."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import update
from sqlalchemy.engine import CursorResult

from portal import clock
from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.db import session
from portal.referrals.models import Referral, ReferralStatus
from portal.referrals.services import confirmation_channel, queue_messages
from portal.triage import claims, timing
from portal.triage.models import CaseNote, ClosingReason, ContactAttempt, ContactMethod, ContactOutcome
from portal.triage.queries import Within

FAILED_ATTEMPTS_BEFORE_GIVING_UP = 3
SUBJECT = "referral"


class StaleEdit(Exception):
    """Someone changed the referral after this page was shown."""


def check_version(referral: Referral, shown: int) -> None:
    statement = (
        update(Referral)
        .where(Referral.id == referral.id, Referral.version == shown)
        .values(version=shown + 1)
        .execution_options(synchronize_session=False)
    )
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        record_event(
            "triage.stale_edit_refused", SUBJECT, referral.reference, {"shown_version": shown}, commit_now=True
        )
        raise StaleEdit
    session.refresh(referral)


def take_referral(referral_id: int, user: User) -> claims.Claim:
    return claims.take(session, referral_id, user)


def take_next_referral(user: User, takeable: Within = None) -> claims.Claim:
    return claims.take_next(session, user, takeable)


def reassign(referral: Referral, to: User | None) -> None:
    """A coordinator's decision: it replaces whoever holds the referral, or frees it."""
    referral.holder_id = to.id if to else None
    referral.claimed_at = clock.now() if to else None
    if to is None and referral.status == ReferralStatus.IN_TRIAGE:
        referral.status = ReferralStatus.NEW
    elif to is not None and referral.status == ReferralStatus.NEW:
        referral.status = ReferralStatus.IN_TRIAGE
    referral.version += 1
    session.flush()


def record_contact(referral: Referral, shown: int, method: ContactMethod, outcome: ContactOutcome, by: User) -> None:
    check_version(referral, shown)
    session.add(
        ContactAttempt(referral_id=referral.id, made_by_id=by.id, made_at=clock.now(), method=method, outcome=outcome)
    )
    if outcome.reached_the_person:
        move(referral, ReferralStatus.IN_SUPPORT)
    elif referral.status in (ReferralStatus.NEW, ReferralStatus.IN_TRIAGE):
        move(referral, ReferralStatus.CONTACT_ATTEMPTED)
    session.flush()
    record_event("triage.contact_recorded", SUBJECT, referral.reference, {"method": method, "outcome": outcome})


def add_note(referral: Referral, shown: int, body: str, by: User) -> None:
    check_version(referral, shown)
    session.add(CaseNote(referral_id=referral.id, author_id=by.id, written_at=clock.now(), body=body))
    session.flush()
    record_event("triage.note_added", SUBJECT, referral.reference)


def move(referral: Referral, status: ReferralStatus) -> None:
    """Contact attempted pauses the time limit; leaving it moves the due time on by the pause."""
    at = clock.now()
    if status == ReferralStatus.CONTACT_ATTEMPTED and referral.paused_at is None:
        referral.paused_at = at
    elif status != ReferralStatus.CONTACT_ATTEMPTED and referral.paused_at is not None:
        if referral.due_at is not None:
            referral.due_at += at - referral.paused_at
        referral.paused_at = None
    referral.status = status


def change_status(referral: Referral, shown: int, status: ReferralStatus, next_review_on: date | None) -> None:
    check_version(referral, shown)
    before = referral.status
    move(referral, status)
    if next_review_on is not None:
        referral.next_review_on = next_review_on
    session.flush()
    record_event("triage.status_changed", SUBJECT, referral.reference, {"from": before, "to": status})


def close(referral: Referral, shown: int, reason: ClosingReason) -> None:
    check_version(referral, shown)
    move(referral, ReferralStatus.CLOSED)
    referral.closing_reason = reason
    referral.closed_at = clock.now()
    session.flush()
    record_event("triage.referral_closed", SUBJECT, referral.reference, {"reason": reason})


def set_urgent(referral: Referral, shown: int, urgent: bool) -> None:
    check_version(referral, shown)
    referral.urgent = urgent
    session.flush()
    record_event("triage.urgent_changed", SUBJECT, referral.reference, {"urgent": urgent})


def mark_not_spam(referral: Referral, shown: int) -> bool:
    """The checks' reasons stay on the record; the time limit becomes the one for its kind, and
    the person gets the confirmation that possible spam is never sent. True when one is sent."""
    check_version(referral, shown)
    referral.possible_spam = False
    referral.due_at = timing.due_at_for(referral, referral.submitted_at)
    queue_messages(referral, current_app.config["SETTINGS"])
    session.flush()
    record_event("triage.spam_cleared", SUBJECT, referral.reference, {"reasons": referral.spam_reasons or []})
    return confirmation_channel(referral) is not None


def raise_safeguarding(referral: Referral, shown: int, body: str, escalated_to: str, by: User) -> None:
    check_version(referral, shown)
    at = clock.now()
    referral.safeguarding = True
    session.add(
        CaseNote(
            referral_id=referral.id,
            author_id=by.id,
            written_at=at,
            body=body,
            safeguarding=True,
            escalated_to=escalated_to,
            escalated_at=at,
        )
    )
    session.flush()
    record_event("triage.safeguarding_raised", SUBJECT, referral.reference, {"escalated_to": escalated_to})


def closing_reasons_offered(failed_attempts: int) -> list[ClosingReason]:
    """ "Unable to contact" only after three tries that did not reach the person."""
    return [
        reason
        for reason in ClosingReason
        if reason != ClosingReason.UNABLE_TO_CONTACT or failed_attempts >= FAILED_ATTEMPTS_BEFORE_GIVING_UP
    ]
