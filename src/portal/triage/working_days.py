"""Time limits counted in working days: weekends, the bank holidays of the scheme's nation
(from the `holidays` package) and the scheme's own closure days are skipped.

A referral received at 14:00 on a working day with a limit of 3 working days is due at 14:00
three working days later. One received on a closed day counts from the start (09:00) of the
next working day. Times are reckoned in the scheme's time zone (UK time unless it says
otherwise) and stored in UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

LOCAL = ZoneInfo("Europe/London")
DAY_STARTS = time(9, 0)
NATIONS = {"ENG", "WLS", "SCT", "NIR"}

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class WorkingCalendar:
    nation: str = "ENG"
    closure_days: frozenset[date] = field(default_factory=frozenset)
    zone: ZoneInfo = LOCAL

    def __post_init__(self) -> None:
        if self.nation not in NATIONS:
            raise ValueError(f"unknown nation {self.nation!r}: use one of {sorted(NATIONS)}")

    def _bank_holidays(self, years: Iterable[int]) -> holidays.HolidayBase:
        return holidays.country_holidays("GB", subdiv=self.nation, years=list(years))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closure_days and day not in self._bank_holidays([day.year])

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The moment `days` working days after `start` (an aware datetime), in UTC."""
        local = start.astimezone(self.zone)
        if not self.is_working_day(local.date()):
            local = datetime.combine(self.next_working_day(local.date()), DAY_STARTS)
        day = local.date()
        for _ in range(days):
            day = self.next_working_day(day)
        return datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=self.zone).astimezone(UTC)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()
