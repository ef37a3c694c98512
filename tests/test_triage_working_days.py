"""Time limits in working days: weekends, bank holidays of the scheme's nation and closure days."""

from datetime import UTC, date, datetime

import pytest

from portal.triage.working_days import WorkingCalendar

ENGLAND = WorkingCalendar("ENG")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_three_working_days_from_a_monday_is_thursday_at_the_same_time():
    assert ENGLAND.add_working_days(utc(2026, 3, 9, 10, 0), 3) == utc(2026, 3, 12, 10, 0)


def test_a_weekend_is_skipped():
    friday = utc(2026, 3, 13, 10, 0)
    assert ENGLAND.add_working_days(friday, 1) == utc(2026, 3, 16, 10, 0)


def test_something_sent_on_a_saturday_counts_from_nine_on_monday():
    saturday = utc(2026, 3, 14, 22, 0)
    assert ENGLAND.add_working_days(saturday, 1) == utc(2026, 3, 17, 9, 0)


def test_good_friday_and_easter_monday_are_skipped_in_england():
    maundy_thursday = utc(2026, 4, 2, 10, 0)  # 11:00 in London (summer time)
    assert ENGLAND.add_working_days(maundy_thursday, 1) == utc(2026, 4, 7, 10, 0)


def test_easter_monday_is_a_working_day_in_scotland():
    scotland = WorkingCalendar("SCT")
    assert scotland.add_working_days(utc(2026, 4, 2, 10, 0), 1) == utc(2026, 4, 6, 10, 0)


def test_st_andrews_day_is_skipped_only_in_scotland():
    friday_before = utc(2026, 11, 27, 10, 0)  # St Andrew's Day 2026 is a Monday
    assert WorkingCalendar("SCT").add_working_days(friday_before, 1) == utc(2026, 12, 1, 10, 0)
    assert ENGLAND.add_working_days(friday_before, 1) == utc(2026, 11, 30, 10, 0)


def test_christmas_boxing_day_and_closure_days_are_skipped():
    closed = WorkingCalendar("ENG", frozenset({date(2026, 12, 29), date(2026, 12, 30)}))
    christmas_eve = utc(2026, 12, 24, 10, 0)
    assert closed.add_working_days(christmas_eve, 1) == utc(2026, 12, 31, 10, 0)
    assert ENGLAND.add_working_days(christmas_eve, 1) == utc(2026, 12, 29, 10, 0)


def test_the_clock_change_keeps_the_local_time():
    friday_before_clocks_go_forward = utc(2026, 3, 27, 10, 0)  # 10:00 GMT
    assert ENGLAND.add_working_days(friday_before_clocks_go_forward, 1) == utc(2026, 3, 30, 9, 0)  # 10:00 BST


def test_an_unknown_nation_is_refused():
    with pytest.raises(ValueError):
        WorkingCalendar("XYZ")
