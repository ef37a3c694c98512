"""The audit log in the scheme's own time (SCHEME_TIME_ZONE, UK time unless set), naming the zone
and each time's difference from GMT; date filters mean the scheme's day."""

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.accounts.models import AuditEvent, Role
from portal.config import load_settings
from portal.triage.working_days import WorkingCalendar
from tests.authz import make_user, sign_in_as

SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
WINTER = datetime(2026, 1, 14, 12, 0, tzinfo=UTC)
LATE_SUMMER_EVENING = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # already 2 July in the UK


@pytest.fixture
def coordinator(client, db):
    boss = make_user(db, "boss@example.org", Role.COORDINATOR)
    for moment, subject in ((SUMMER, "SUMMER"), (WINTER, "WINTER"), (LATE_SUMMER_EVENING, "EVENING")):
        db.add(AuditEvent(action="referral.viewed", subject_type="referral", subject_id=subject, occurred_at=moment))
    db.commit()
    sign_in_as(client, db, boss)
    return client


def times_by_record(page):
    return {
        row.select("td")[3].get_text(strip=True).split()[-1]: row.select("td")[0].get_text(" ", strip=True)
        for row in page.select("tbody tr")
        if row.select("td")[3].get_text(strip=True).startswith("referral")
    }


def test_the_log_shows_uk_time_with_the_offset_and_names_the_zone(coordinator):
    page = coordinator.get("/en/audit-log?subject_type=referral")
    times = times_by_record(page)
    assert times["SUMMER"] == "2026-07-01 13:00:00 GMT+01:00"
    assert times["WINTER"] == "2026-01-14 12:00:00 GMT+00:00"
    assert "Times are in British Time (Europe/London)" in page.text()
    assert page.select("thead th")[0].get_text() == "Time, British Time (Europe/London)"
    assert page.select("tbody time")[0]["datetime"].endswith("Z")  # the machine-readable time stays UTC


def test_the_zone_is_named_in_the_pages_language(coordinator):
    page = coordinator.get("/cy/audit-log?subject_type=referral")
    assert "Amser Prydain (Europe/London)" in page.text()


def test_a_date_filter_means_the_schemes_day(coordinator):
    page = coordinator.get("/en/audit-log?subject_type=referral&since=2026-07-02&until=2026-07-02")
    assert list(times_by_record(page)) == ["EVENING"]


def test_the_export_keeps_utc_and_adds_the_local_time(coordinator):
    response = coordinator.get("/en/audit-log/export.csv?subject_type=referral&subject_id=SUMMER").response
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(row["time_utc"], row["time_local"]) for row in rows] == [
        ("2026-07-01T12:00:00Z", "2026-07-01T13:00:00+01:00")
    ]


def environ(tmp_path, **extra):
    return {"PORTAL_ENV": "test", "PORTAL_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40, **extra}


def test_the_scheme_time_zone_is_uk_time_unless_set(tmp_path):
    assert load_settings(environ(tmp_path)).scheme.time_zone == "Europe/London"
    assert load_settings(environ(tmp_path, SCHEME_TIME_ZONE="Europe/Dublin")).scheme.time_zone == "Europe/Dublin"


@pytest.mark.parametrize("wrong", ["", "London", "Europe/Nowhere", "../../etc/passwd"])
def test_a_time_zone_that_does_not_exist_stops_the_app_starting(tmp_path, wrong):
    with pytest.raises(ValueError, match="SCHEME_TIME_ZONE"):
        load_settings(environ(tmp_path, SCHEME_TIME_ZONE=wrong))


def test_working_days_are_counted_on_the_schemes_clock():
    # 23:30 UTC on Friday 3 July is already Saturday in Dublin time, so counting starts on Monday.
    friday_night = datetime(2026, 7, 3, 23, 30, tzinfo=UTC)
    in_dublin = WorkingCalendar("NIR", zone=ZoneInfo("Europe/Dublin"))
    in_utc = WorkingCalendar("NIR", zone=ZoneInfo("UTC"))
    assert in_dublin.local_date(friday_night) == date(2026, 7, 4)
    assert in_utc.local_date(friday_night) == date(2026, 7, 3)
    assert in_dublin.add_working_days(friday_night, 1) != in_utc.add_working_days(friday_night, 1)
