"""When a group must answer a referral, and when its first session is, in the scheme's
working days (`portal.triage.timing`: weekends, bank holidays and closure days skipped)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app

from portal.directory.models import Listing
from portal.directory.schedules import next_sessions
from portal.organisations.models import GroupReferral, GroupReferralStatus, Organisation
from portal.triage import timing
from portal.triage.working_days import DAY_STARTS, LOCAL

# The "on the day" reminder goes at the start of the deadline's day, and at least this long before it.
DAY_REMINDER_LEAD = timedelta(hours=1)


def setting(name: str) -> int:
    return int(current_app.config[f"FOLLOWUPS_{name}"])


def answer_working_days(organisation: Organisation) -> int:
    """The organisation's own time to answer, else the scheme's."""
    return organisation.answer_within_working_days or setting("ANSWER_WORKING_DAYS")


def start_clock(group_referral: GroupReferral, working_days: int, at: datetime) -> None:
    """Set the deadline `working_days` after `at`, with fresh reminders: halfway (when there
    are at least two working days) and on the day."""
    working = timing.calendar()
    due = working.add_working_days(at, working_days)
    start_of_day = datetime.combine(working.local_date(due), DAY_STARTS, tzinfo=LOCAL).astimezone(UTC)
    on_the_day = min(start_of_day, due - DAY_REMINDER_LEAD)
    halfway = working.add_working_days(at, working_days // 2) if working_days >= 2 else None
    group_referral.answer_due_at = due
    group_referral.day_reminder_at = on_the_day
    group_referral.halfway_reminder_at = halfway if halfway is not None and halfway < on_the_day else None
    group_referral.halfway_reminded_at = group_referral.day_reminded_at = group_referral.escalated_at = None


def is_past_deadline(group_referral: GroupReferral, at: datetime) -> bool:
    due = group_referral.answer_due_at
    return group_referral.status == GroupReferralStatus.SENT and due is not None and due <= at


def first_session_after(listing: Listing, at: datetime) -> datetime:
    """The start of the group's next session after `at`; `at` itself for groups that meet by
    appointment or any time."""
    upcoming = next_sessions(listing.schedules, at, 1)
    if not upcoming:
        return at
    starts = upcoming[0].opens_at or DAY_STARTS
    return datetime.combine(upcoming[0].day, starts, tzinfo=LOCAL).astimezone(UTC)
