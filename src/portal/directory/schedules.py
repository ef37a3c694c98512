"""When sessions happen: weekly, fortnightly, nth weekday of the month, by appointment or any
time. The rules follow iCalendar (freq, interval, byday) as ORUK's schedule does."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from portal.directory.models import Schedule, ScheduleKind

LOCAL = ZoneInfo("Europe/London")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BYDAY = re.compile(r"^(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
EVERY_DAY = 0b1111111
LOOK_AHEAD_DAYS = 70  # long enough to reach any monthly rule's next session


@dataclass(frozen=True)
class Session:
    day: date
    opens_at: time | None
    closes_at: time | None
    schedule: Schedule


@lru_cache(maxsize=1024)
def parse_byday(byday: str) -> tuple[tuple[int | None, int], ...]:
    """ "2TU,-1FR" -> [(2, 1), (-1, 4)]: (nth or None, weekday with Monday 0)."""
    rules: list[tuple[int | None, int]] = []
    for part in byday.replace(" ", "").upper().split(","):
        match = BYDAY.match(part)
        if match:
            rules.append((int(match.group(1)) if match.group(1) else None, WEEKDAYS.index(match.group(2))))
    return tuple(rules)


def _nth_matches(day: date, nth: int) -> bool:
    if nth > 0:
        return (day.day - 1) // 7 + 1 == nth
    return (day + timedelta(days=7 * -nth)).month != day.month and (
        day + timedelta(days=7 * (-nth - 1))
    ).month == day.month


def _in_interval(schedule: Schedule, day: date) -> bool:
    start = schedule.dtstart
    if start is None or schedule.interval <= 1:
        return True
    if schedule.freq == "MONTHLY":
        return ((day.year - start.year) * 12 + day.month - start.month) % schedule.interval == 0
    start_week = start - timedelta(days=start.weekday())
    return ((day - start_week).days // 7) % schedule.interval == 0


def occurs_on(schedule: Schedule, day: date) -> bool:
    if schedule.kind == ScheduleKind.ANY_TIME:
        return True
    if schedule.kind != ScheduleKind.RECURRING:
        return False
    if (schedule.dtstart and day < schedule.dtstart) or (schedule.until and day > schedule.until):
        return False
    if not _in_interval(schedule, day):
        return False
    for nth, weekday in parse_byday(schedule.byday):
        if day.weekday() == weekday and (nth is None or schedule.freq != "MONTHLY" or _nth_matches(day, nth)):
            return True
    return False


def day_mask(schedules: Iterable[Schedule]) -> int:
    """Weekdays a listing ever meets on (Monday bit 0), for the search index."""
    result = 0
    for schedule in schedules:
        if schedule.kind == ScheduleKind.ANY_TIME:
            return EVERY_DAY
        if schedule.kind == ScheduleKind.RECURRING:
            for _nth, weekday in parse_byday(schedule.byday):
                result |= 1 << weekday
    return result


def local_now(now: datetime) -> datetime:
    return now.astimezone(LOCAL)


def next_sessions(schedules: Iterable[Schedule], now: datetime, count: int = 3) -> list[Session]:
    """The next `count` sessions from `now` (aware), in local time, soonest first."""
    here = local_now(now)
    recurring = [s for s in schedules if s.kind == ScheduleKind.RECURRING]
    found: list[Session] = []
    for offset in range(LOOK_AHEAD_DAYS):
        day = here.date() + timedelta(days=offset)
        for schedule in recurring:
            if occurs_on(schedule, day) and not _already_over(schedule, day, here):
                found.append(Session(day, schedule.opens_at, schedule.closes_at, schedule))
        if len(found) >= count:
            break
    found.sort(key=lambda s: (s.day, s.opens_at or time.min))
    return found[:count]


def _already_over(schedule: Schedule, day: date, here: datetime) -> bool:
    ends = schedule.closes_at or schedule.opens_at
    return day == here.date() and ends is not None and ends <= here.time().replace(tzinfo=None)


def meets_on(schedules: Iterable[Schedule], day: date) -> bool:
    return any(occurs_on(schedule, day) for schedule in schedules)
