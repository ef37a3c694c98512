"""The triage time limits, from the app's settings; "now" is the portal's one clock (`portal.clock`).

Settings (app.config, with defaults in `portal.triage.DEFAULTS`):
- `TRIAGE_TIME_LIMITS`: working days per kind of item (`self_referral`, `callback`, `possible_spam`);
  a self-referral's default is the scheme's promised response time;
- `TRIAGE_CLOSURE_DAYS`: extra days the scheme is closed (ISO dates), on top of bank holidays;
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from flask import current_app

from portal.referrals.models import Referral, ReferralStatus
from portal.triage.working_days import WorkingCalendar


class ItemType(StrEnum):
    SELF_REFERRAL = "self_referral"
    CALLBACK = "callback"
    POSSIBLE_SPAM = "possible_spam"


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    PAUSED = "paused"


def calendar() -> WorkingCalendar:
    closures = frozenset(date.fromisoformat(str(day)) for day in current_app.config.get("TRIAGE_CLOSURE_DAYS", ()))
    scheme = current_app.config["SETTINGS"].scheme
    return WorkingCalendar(scheme.nation, closures, ZoneInfo(scheme.time_zone))


def item_type(referral: Referral) -> ItemType:
    return ItemType.POSSIBLE_SPAM if referral.possible_spam else ItemType(referral.kind)


def time_limit(kind: ItemType, team_promise: int | None = None) -> int:
    """A team's own promise replaces the scheme's for the self-referrals routed to it."""
    if kind == ItemType.SELF_REFERRAL and team_promise is not None:
        return team_promise
    limits: dict[str, int] = current_app.config["TRIAGE_TIME_LIMITS"]
    scheme_default: int = current_app.config["SETTINGS"].scheme.response_working_days
    return int(limits.get(kind, scheme_default))


def due_at_for(referral: Referral, received: datetime, team_promise: int | None = None) -> datetime:
    return calendar().add_working_days(received, time_limit(item_type(referral), team_promise))


def timeliness(referral: Referral, at: datetime) -> Timeliness:
    if referral.paused_at is not None or referral.status == ReferralStatus.CONTACT_ATTEMPTED:
        return Timeliness.PAUSED
    if referral.due_at is None or referral.status == ReferralStatus.CLOSED:
        return Timeliness.ON_TIME
    if referral.due_at <= at:
        return Timeliness.OVERDUE
    working = calendar()
    if working.local_date(referral.due_at) == working.local_date(at):
        return Timeliness.DUE_TODAY
    return Timeliness.ON_TIME
