"""The reports' daily counts: per day (in the scheme's time zone) and per team and area, the
numbers the reports add up, so a year of a million referrals is read as a few thousand rows.

Rows are made from the live tables by `counting` and only ever replaced day by day; nothing
in them points to a person except the outcome tables, which hold a referral's id and scores
(never its details) because a person counts once however many follow-ups they had.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base
from portal.organisations.records import GroupReferral
from portal.referrals.models import Referral


class DayScope:
    """Every count's day and the two things a coordinator narrows a report by."""

    day: Mapped[date] = mapped_column(index=True)
    team_id: Mapped[int | None]
    outward_code: Mapped[str | None] = mapped_column(String(4))


class ReferralDayCount(DayScope, Base):
    """Referrals received: by route, language and interpreter, and whether closed as unable to contact."""

    __tablename__ = "report_referral_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    route: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(20))
    interpreter: Mapped[bool]
    unable_to_contact: Mapped[bool]
    count: Mapped[int]


class WaitDayCount(DayScope, Base):
    """A histogram of working days from receipt to a step, by the day the wait began: a
    referral's first contact attempt or first conversation, a group's first answer. No
    `working_days` is a wait not over (counted in the total only)."""

    __tablename__ = "report_wait_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(String(20))
    working_days: Mapped[int | None]
    within_promise: Mapped[bool]
    count: Mapped[int]


class GroupReferralDayCount(DayScope, Base):
    """Referrals to groups made that day, by listing and status now."""

    __tablename__ = "report_group_referral_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]


class EventDayCount(DayScope, Base):
    """Listings suggested (reason empty) and referrals closed (by reason) that day."""

    __tablename__ = "report_event_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(40))
    count: Mapped[int]


class OutcomeDay(DayScope, Base):
    """A referral that had a follow-up or closing ONS4 score recorded that day."""

    __tablename__ = "report_outcome_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(index=True)


class OutcomePair(Base):
    """A referral's first baseline and latest later score for one ONS4 measure."""

    __tablename__ = "report_outcome_pair"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(index=True)
    question: Mapped[str] = mapped_column(String(30))
    baseline: Mapped[int]
    latest: Mapped[int]
    improved: Mapped[bool]


class SearchDayCount(Base):
    """Directory searches that day, for the unmet-need reports: never the words typed, never a
    full postcode; the results found in bands."""

    __tablename__ = "report_search_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    outward_code: Mapped[str | None] = mapped_column(String(4))
    locale: Mapped[str] = mapped_column(String(10))
    place_outcome: Mapped[str] = mapped_column(String(20))
    categories: Mapped[str] = mapped_column(String(400))  # the JSON list as recorded
    filters: Mapped[str] = mapped_column(String(400))  # the JSON object, keys sorted
    result_band: Mapped[str] = mapped_column(String(10))
    count: Mapped[int]


class CountState(Base):
    """How far the counts reach: every day up to `counted_through` is counted, and changes up
    to `checked_at` (and rows up to the last ids) have been counted again."""

    __tablename__ = "report_count_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    counted_through: Mapped[date | None]
    checked_at: Mapped[datetime | None]
    last_attempt_id: Mapped[int] = mapped_column(default=0)
    last_suggestion_id: Mapped[int] = mapped_column(default=0)
    last_score_id: Mapped[int] = mapped_column(default=0)


# The counting job finds what changed since it last looked by these timestamps.
Index("ix_referral_updated_at", Referral.updated_at)
Index("ix_group_referral_updated_at", GroupReferral.updated_at)
