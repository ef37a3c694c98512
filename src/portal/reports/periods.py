"""The periods a report covers, as whole days in the scheme's time zone.

A period runs from the start of its first day to the start of the day after its last, so a
referral at 23:30 on the last day of March (UK time) counts in March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

THIS_MONTH, LAST_MONTH, THIS_QUARTER, LAST_QUARTER, CHOSEN = (
    "this_month",
    "last_month",
    "this_quarter",
    "last_quarter",
    "chosen",
)


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period's start and end (exclusive) in UTC."""
        start = datetime.combine(self.first, time(0), tzinfo=zone)
        end = datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=number) for number in range((self.last - self.first).days + 1)]


def _month(day: date) -> Period:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Period(day.replace(day=1), following - timedelta(days=1))


def _quarter(day: date) -> Period:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period(first, _month(_month(_month(first).last + timedelta(days=1)).last + timedelta(days=1)).last)


def period_named(name: str, today: date, first: date | None = None, last: date | None = None) -> Period:
    """The named period around `today`; CHOSEN with both dates is the dates given."""
    if name == CHOSEN and first is not None and last is not None:
        return Period(first, last)
    if name == LAST_MONTH:
        return _month(today.replace(day=1) - timedelta(days=1))
    if name == THIS_QUARTER:
        return _quarter(today)
    if name == LAST_QUARTER:
        return _quarter(_quarter(today).first - timedelta(days=1))
    return _month(today)
