"""A group's answer in time: reminders to the organisation's editors halfway and on the day,
the holder told once the deadline has passed, and the holder's chase and cancel.

Every step records that it was done (`halfway_reminded_at`, `day_reminded_at`,
`escalated_at`), and each email has its own dedupe key, so running the steps again, or twice
at once, sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime

from babel import dates
from sqlalchemy import and_, or_, select

from portal.accounts.audit.record import record_event
from portal.clock import now as time_now
from portal.db import session
from portal.followups import clock
from portal.organisations.models import GroupReferral
from portal.organisations.models import GroupReferralStatus as Status
from portal.organisations.queries import active_editors
from portal.outbox.models import Channel
from portal.outbox.services import queue_message
from portal.triage.working_days import LOCAL
from portal.web.links import public_url

SUBJECT = "group_referral"
MAY_CANCEL = (Status.SENT, Status.ACCEPTED)


class DeadlineProblem(Exception):
    pass


def when_in(locale: str, moment: datetime) -> str:
    """A deadline as the reader says it: "Tuesday 17 March 2026, 14:00"."""
    return str(dates.format_datetime(moment, "EEEE d MMMM y, HH:mm", tzinfo=LOCAL, locale=locale))


def _email_editors(group_referral: GroupReferral, template: str, key: str, **context: object) -> int:
    editors = active_editors(group_referral.organisation_id)
    for editor in editors:
        queue_message(
            channel=Channel.EMAIL,
            to=editor.email,
            template=template,
            locale=editor.locale,
            context={
                "listing": group_referral.listing.name,
                "answer_by": when_in(editor.locale, group_referral.answer_due_at)
                if group_referral.answer_due_at
                else "",
                "link": public_url(
                    "organisations.update_group_referral", group_referral_id=group_referral.id, locale=editor.locale
                ),
                **context,
            },
            dedupe_key=f"{key}:{group_referral.id}:{group_referral.chases}:{editor.id}",
        )
    return len(editors)


def _reminders_due(now: datetime) -> list[GroupReferral]:
    halfway = and_(GroupReferral.halfway_reminder_at <= now, GroupReferral.halfway_reminded_at.is_(None))
    on_the_day = and_(GroupReferral.day_reminder_at <= now, GroupReferral.day_reminded_at.is_(None))
    query = select(GroupReferral).where(GroupReferral.status == Status.SENT, or_(halfway, on_the_day))
    return list(session.scalars(query.order_by(GroupReferral.id)))


def send_reminders(now: datetime) -> int:
    """The latest reminder due for each waiting referral; none once the deadline has passed
    (the holder is told instead), and an earlier one missed is not sent late."""
    sent = 0
    for group_referral in _reminders_due(now):
        on_the_day = group_referral.day_reminder_at is not None and group_referral.day_reminder_at <= now
        group_referral.halfway_reminded_at = group_referral.halfway_reminded_at or now
        if on_the_day:
            group_referral.day_reminded_at = now
        if clock.is_past_deadline(group_referral, now):
            continue
        kind = "day" if on_the_day else "halfway"
        _email_editors(group_referral, "group-answer-reminder", f"group-answer-{kind}", last_day=on_the_day)
        record_event("group_referral.reminded", SUBJECT, group_referral.id, {"reminder": kind})
        sent += 1
    return sent


def escalate(now: datetime) -> int:
    """Past the deadline with no answer: recorded once; the holder's caseload, queue and case
    page show "No answer from the group" from the deadline on (`queries.case_flags`)."""
    query = select(GroupReferral).where(
        GroupReferral.status == Status.SENT,
        GroupReferral.answer_due_at <= now,
        GroupReferral.escalated_at.is_(None),
    )
    escalated = 0
    for group_referral in session.scalars(query.order_by(GroupReferral.id)):
        group_referral.escalated_at = now
        record_event(
            "group_referral.no_answer", SUBJECT, group_referral.id, {"referral_id": group_referral.referral_id}
        )
        escalated += 1
    return escalated


def chase(group_referral: GroupReferral) -> None:
    """Ask the group again, now, with a new, shorter deadline and its own reminders."""
    if group_referral.status != Status.SENT:
        raise DeadlineProblem("only a referral waiting for the group's answer is chased")
    now = time_now()
    group_referral.chases += 1
    group_referral.chased_at = now
    clock.start_clock(group_referral, clock.setting("CHASE_WORKING_DAYS"), now)
    _email_editors(group_referral, "group-referral-chase", "group-chase")
    record_event("group_referral.chased", SUBJECT, group_referral.id, {"chases": group_referral.chases})


def cancel(group_referral: GroupReferral) -> None:
    """The group no longer needs to answer or expect the person; its editors are told."""
    if group_referral.status not in MAY_CANCEL:
        raise DeadlineProblem("only a referral waiting for or accepted by the group is cancelled")
    before = group_referral.status
    group_referral.status, group_referral.status_changed_at = Status.CANCELLED, time_now()
    _email_editors(group_referral, "group-referral-cancelled", "group-cancelled")
    record_event("group_referral.cancelled", SUBJECT, group_referral.id, {"from": before})
