"""Working days taken, as `followups.stats.working_days_taken` counts them, for many waits at
once: the calendar's working days are worked out once for the years asked, not per step of
each wait (the bank-holiday table is built afresh on every `is_working_day`)."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, datetime, time, timedelta

from portal.followups.stats import LONGEST_COUNTED
from portal.triage.working_days import DAY_STARTS, WorkingCalendar


class WorkingDays:
    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self._days: list[date] = []
        self._first = self._last = date.min

    def _cover(self, day: date) -> None:
        """Know the working days from a year before `day` to a year after."""
        if self._days and self._first <= day - timedelta(days=100) and day + timedelta(days=200) <= self._last:
            return
        first = min(day, self._first) if self._days else day
        last = max(day, self._last) if self._days else day
        self._first, self._last = date(first.year - 1, 1, 1), date(last.year + 1, 12, 31)
        years = range(self._first.year, self._last.year + 1)
        holidays = self.calendar._bank_holidays(years)
        every = (self._first + timedelta(days=number) for number in range((self._last - self._first).days + 1))
        self._days = [
            day for day in every if day.weekday() < 5 and day not in self.calendar.closure_days and day not in holidays
        ]

    def _start(self, moment: datetime) -> tuple[int, time]:
        """Where a wait starts: its working day's place in the list, and its time of day."""
        local = moment.astimezone(self.calendar.zone)
        self._cover(local.date())
        index = bisect_left(self._days, local.date())
        if self._days[index] != local.date():
            return index, DAY_STARTS
        return index, local.time()

    def taken(self, sent: datetime, answered: datetime) -> int:
        """Whole working days from `sent` to `answered`, rounded up; the same day is 0."""
        index, at = self._start(sent)
        zone = self.calendar.zone
        for days in range(LONGEST_COUNTED + 1):
            if datetime.combine(self._days[index + days], at, tzinfo=zone) >= answered:
                return days
        return LONGEST_COUNTED
