"""How each listing's group answers referrals, over the last 12 months, worked out nightly
for its public page: "Usually answers within 2 working days", and about how many in 10 it
takes on.

A listing's figures exist only once its group has had `FOLLOWUPS_STATS_MINIMUM` (5)
referrals in the period, and each figure only when it rests on that many: a small number
could point to a person. A referral still inside its deadline is not counted yet; one past
its deadline with no answer counts as answered never, so silence is not hidden.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from portal.db import session
from portal.followups import clock
from portal.followups.models import ListingResponse
from portal.organisations.models import GroupReferral
from portal.organisations.models import GroupReferralStatus as Status
from portal.triage import timing
from portal.triage.working_days import WorkingCalendar

PERIOD = timedelta(days=365)
LONGEST_COUNTED = 60  # working days: anything slower is as good as no answer


def working_days_taken(working: WorkingCalendar, sent: datetime, answered: datetime) -> int:
    """Whole working days from sending to answering, rounded up: an answer the same day is 0."""
    for days in range(LONGEST_COUNTED + 1):
        if working.add_working_days(sent, days) >= answered:
            return days
    return LONGEST_COUNTED


def _time_to_answer(working: WorkingCalendar, item: GroupReferral, now: datetime) -> float | None:
    """Working days to the answer, infinity for none by the deadline, None for not counted."""
    if item.answered_at is not None:
        return working_days_taken(working, item.created_at, item.answered_at)
    due = item.answer_due_at
    if due is None or due > now:
        return None
    if item.status == Status.CANCELLED and item.status_changed_at < due:
        return None  # withdrawn before the group was late
    return math.inf


def _figures(times: list[float], accepted: list[bool], minimum: int) -> tuple[int | None, int | None]:
    usual = statistics.median_high(times)
    answered = len(accepted)
    in_ten = round(10 * sum(accepted) / answered) if answered >= minimum else None
    return (None if math.isinf(usual) else max(1, math.ceil(usual))), in_ten


def work_out_responses(now: datetime) -> int:
    """Replace every listing's figures; returns how many listings have figures to show."""
    minimum = clock.setting("STATS_MINIMUM")
    working = timing.calendar()
    times: dict[int, list[float]] = defaultdict(list)
    accepted: dict[int, list[bool]] = defaultdict(list)
    for item in session.scalars(select(GroupReferral).where(GroupReferral.created_at > now - PERIOD)):
        taken = _time_to_answer(working, item, now)
        if taken is None:
            continue
        times[item.listing_id].append(taken)
        if item.answered_at is not None:
            accepted[item.listing_id].append(item.status != Status.DECLINED)
    session.execute(delete(ListingResponse))
    shown = 0
    for listing_id, listing_times in times.items():
        enough = len(listing_times) >= minimum
        usual, in_ten = _figures(listing_times, accepted[listing_id], minimum) if enough else (None, None)
        session.add(
            ListingResponse(
                listing_id=listing_id,
                referrals=len(listing_times),
                usual_answer_working_days=usual,
                accepted_in_ten=in_ten,
                worked_out_at=now,
            )
        )
        shown += int(usual is not None or in_ten is not None)
    session.flush()
    return shown
