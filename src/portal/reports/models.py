"""The reports' daily counts: per day (in the scheme's time zone) and per team and area, the
numbers the reports add up, so a year of a million referrals is read as a few thousand rows.

Rows are made from the live tables by `counting` and only ever replaced day by day; nothing
in them points to a person.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base
from portal.followups.models import FollowUp
from portal.organisations.models import GroupReferral
from portal.referrals.models import Referral
from portal.triage.models import SuggestedListing, WellbeingScore

SCHEME, TEAM, AREA, TEAM_AREA = "scheme", "team", "area", "team_area"
BREAKDOWNS = (SCHEME, TEAM, AREA, TEAM_AREA)


class DayScope:
    """Every count's day and the two things a coordinator narrows a report by. Each day is
    counted four times over: for the whole scheme (no team or area), per team, per area, and
    per team and area, so a report reads only the rows of its own breakdown (a few a day for
    the whole scheme, not one for each team and area there were referrals in)."""

    day: Mapped[date] = mapped_column(index=True)
    breakdown: Mapped[str] = mapped_column(String(10))
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


class FollowUpDayCount(DayScope, Base):
    """ "Did you go?" messages sent that day, by their answer and how it came ("" for none yet)."""

    __tablename__ = "report_follow_up_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer: Mapped[str] = mapped_column(String(20))
    answered_by: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]


class EventDayCount(DayScope, Base):
    """Listings suggested (reason empty) and referrals closed (by reason) that day."""

    __tablename__ = "report_event_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(40))
    count: Mapped[int]


class OutcomeDay(DayScope, Base):
    """People with a follow-up or closing ONS4 score recorded that day, per measure: how many,
    and the sums of their first baseline and latest later scores, and how many improved.
    `previous_day` is the day of their previous later score, if any: a period counts a person
    on the first of their days in it (none before it in the period), so once however many
    follow-ups they had."""

    __tablename__ = "report_outcome_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    previous_day: Mapped[date | None]
    question: Mapped[str] = mapped_column(String(30))
    people: Mapped[int]
    baseline: Mapped[int]
    latest: Mapped[int]
    improved: Mapped[int]


class PersonDayCount(DayScope, Base):
    """Referrals received that day, one thing at a time (`dimension`): each need asked for
    (and "" for all of them), each need of those no group referral was made for yet, each
    barrier of their assessments, the age band, gender, ethnic group, outward code and
    deprivation decile ("" where not known or not answered)."""

    __tablename__ = "report_person_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(40))
    count: Mapped[int]


class SearchGroupDayCount(Base):
    """Directory searches that day for the Unmet need report, one thing at a time (`dimension`):
    the kinds of activity and the filters (the JSON of the search record), the page's language,
    the outward code, each word of our own vocabulary typed ("" for any other words, which are
    never kept), and for searches that found little the kinds in each area; how many, and how
    many found little. Counted for the whole scheme (`area` "")
    and again for each area, so an area's report reads only that area's rows."""

    __tablename__ = "report_search_group_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    area: Mapped[str] = mapped_column(String(4))
    dimension: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text)
    searches: Mapped[int]
    found_little: Mapped[int]


class SearchDayCount(Base):
    """Directory searches that day, for the unmet-need reports, by results found (in bands)
    and one thing at a time: the area (outward code), the page's language, the kind of
    activity, each filter, each vocabulary word typed, how the place was found; and, for
    searches that found little, the kind of activity in each area. Never a word typed outside
    our own vocabulary, never a full postcode."""

    __tablename__ = "report_search_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    dimension: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(100))
    result_band: Mapped[str] = mapped_column(String(10))
    count: Mapped[int]


class CountState(Base):
    """How far the counts reach: every day up to `counted_through` is counted, and changes up
    to `checked_at` (and rows up to the last ids) have been counted again. One row."""

    __tablename__ = "report_count_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    counted_through: Mapped[date | None]
    checked_at: Mapped[datetime | None]
    last_attempt_id: Mapped[int] = mapped_column(default=0)
    last_suggestion_id: Mapped[int] = mapped_column(default=0)
    last_score_id: Mapped[int] = mapped_column(default=0)


for _table in (ReferralDayCount, WaitDayCount, GroupReferralDayCount, EventDayCount, OutcomeDay, PersonDayCount,
               FollowUpDayCount):  # fmt: skip
    Index(f"ix_{_table.__tablename__}_breakdown", _table.breakdown, _table.team_id, _table.outward_code, _table.day)

Index("ix_report_search_group_day_area", SearchGroupDayCount.area, SearchGroupDayCount.day)

# The counting job finds what changed since it last looked by these timestamps, and counts
# (and the reports read today's) closings, referrals to groups, suggestions, scores and
# follow-up messages by day.
Index("ix_referral_updated_at", Referral.updated_at)
Index("ix_group_referral_updated_at", GroupReferral.updated_at)
Index("ix_referral_closed_at", Referral.closed_at)
Index("ix_group_referral_created_at", GroupReferral.created_at)
Index("ix_suggested_listing_suggested_at", SuggestedListing.suggested_at)
Index("ix_wellbeing_score_recorded_at", WellbeingScore.recorded_at)
Index("ix_follow_up_sent_at", FollowUp.sent_at)
Index("ix_follow_up_answered_at", FollowUp.answered_at)
