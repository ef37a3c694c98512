from datetime import UTC, date, datetime, time

from portal.directory.models import Schedule, ScheduleKind
from portal.directory.schedules import day_mask, next_sessions, occurs_on, parse_byday


def recurring(byday, freq="WEEKLY", interval=1, dtstart=None, opens="10:00", closes="12:00"):
    return Schedule(kind=ScheduleKind.RECURRING, freq=freq, interval=interval, byday=byday, dtstart=dtstart,
                    opens_at=time.fromisoformat(opens), closes_at=time.fromisoformat(closes))  # fmt: skip


# November 2026: Sunday 1st, Tuesdays 3, 10, 17, 24; Fridays 6, 13, 20, 27.
def test_a_weekly_session_happens_on_its_day_every_week():
    schedule = recurring("TU")
    assert [occurs_on(schedule, date(2026, 11, day)) for day in (3, 4, 10, 17)] == [True, False, True, True]


def test_a_fortnightly_session_happens_every_other_week_from_its_first_date():
    schedule = recurring("TU", interval=2, dtstart=date(2026, 11, 3))
    assert [occurs_on(schedule, date(2026, 11, day)) for day in (3, 10, 17, 24)] == [True, False, True, False]
    assert not occurs_on(schedule, date(2026, 10, 27))  # before it started


def test_the_second_tuesday_of_the_month():
    schedule = recurring("2TU", freq="MONTHLY")
    assert [occurs_on(schedule, date(2026, 11, day)) for day in (3, 10, 17)] == [False, True, False]
    assert occurs_on(schedule, date(2026, 12, 8))


def test_the_last_friday_of_the_month():
    schedule = recurring("-1FR", freq="MONTHLY")
    assert [occurs_on(schedule, date(2026, 11, day)) for day in (20, 27)] == [False, True]


def test_by_appointment_never_has_a_date_and_any_time_is_every_day():
    assert not occurs_on(Schedule(kind=ScheduleKind.BY_APPOINTMENT, byday="", interval=1), date(2026, 11, 3))
    assert occurs_on(Schedule(kind=ScheduleKind.ANY_TIME, byday="", interval=1), date(2026, 11, 3))


def test_the_next_sessions_skip_one_that_is_already_over_today():
    now = datetime(2026, 11, 3, 13, 0, tzinfo=UTC)  # Tuesday, 1pm in London
    sessions = next_sessions([recurring("TU"), recurring("TH")], now, 3)
    assert [s.day for s in sessions] == [date(2026, 11, 5), date(2026, 11, 10), date(2026, 11, 12)]


def test_a_session_still_running_today_is_next():
    now = datetime(2026, 11, 3, 11, 0, tzinfo=UTC)
    assert next_sessions([recurring("TU")], now, 1)[0].day == date(2026, 11, 3)


def test_days_for_the_index_cover_every_weekday_a_listing_meets():
    assert day_mask([recurring("MO,TH"), recurring("-1FR", freq="MONTHLY")]) == 0b11001
    assert day_mask([Schedule(kind=ScheduleKind.ANY_TIME, byday="", interval=1)]) == 0b1111111


def test_unreadable_day_rules_are_ignored():
    assert parse_byday("2TU, xx, FR") == ((2, 1), (None, 4))
