"""The reports' daily counts: made by the worker's job and `flask reports count`, they give
the same numbers as the live tables, however often they are made, as changes come in, and
after the retention job anonymised the referrals they count."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.data_protection import retention
from portal.directory.models import SearchRecord
from portal.followups.stats import working_days_taken
from portal.referrals.models import Referral
from portal.reports import counting, figures, models
from portal.reports.catalogue import REPORTS
from portal.reports.cli import count_reports, rebuild
from portal.reports.working_days import WorkingDays
from portal.triage import timing
from portal.triage.models import ContactOutcome, WellbeingScore
from tests import test_reports
from tests.reports_helpers import NOW, at, rows
from tests.test_reports import attempt
from tests.triage_helpers import clock_at, make_referral

COUNT_TABLES = counting.DAY_TABLES
# The known data set of the report tests.
april, groups = test_reports.april, test_reports.groups


def counts(db) -> dict[str, list[tuple]]:
    """Every count row, without its id, in order."""
    db.expire_all()
    found = {}
    for table in COUNT_TABLES:
        columns = [column for column in table.__table__.columns if column.name != "id"]
        found[table.__tablename__] = sorted(
            (tuple(row) for row in db.execute(select(*columns))), key=lambda row: tuple(map(str, row))
        )
    return found


def every_report(client, app) -> dict[str, list]:
    """Each report's summary and tables, for the whole of April."""
    found = {}
    with clock_at(app, NOW):
        for slug in REPORTS:
            page = client.get(f"/en/reports/{slug}")
            tables = [rows(page, table.caption.get_text(strip=True)) for table in page.select("table")]
            found[slug] = [page.text(".report-summary"), tables]
    return found


def count_now(app, moment=NOW) -> str:
    with app.app_context(), clock_at(app, moment):
        return count_reports()


def live(db) -> None:
    """Forget the counts: every report reads the live tables alone."""
    db.query(models.CountState).delete()
    db.commit()


def test_counting_again_changes_nothing(app, db, groups):
    with app.app_context(), clock_at(app, NOW):
        rebuild(None, None)
    first = counts(db)
    assert first["report_referral_day"]
    count_now(app)
    with app.app_context(), clock_at(app, NOW):
        rebuild(None, None)
        rebuild(date(2026, 4, 1), date(2026, 4, 29))
    assert counts(db) == first


def test_the_counts_give_the_live_numbers(app, client, db, coordinator, groups):
    count_now(app)
    assert db.scalar(select(models.CountState.counted_through)) == date(2026, 4, 29)
    counted = every_report(client, app)
    live(db)
    assert every_report(client, app) == counted


def test_a_change_to_a_counted_day_is_counted_by_the_next_run(app, client, db, coordinator, april):
    count_now(app)
    later = make_referral(app, db, submitted_at=at(15, 9), language="pl", interpreter_needed=True)
    attempt(db, later, at(29, 9), ContactOutcome.SPOKE)
    call = db.scalar(select(Referral).where(Referral.kind == "callback"))
    call.closing_reason, call.closed_at, call.status = "unable_to_contact", at(29, 10), "closed"
    db.commit()
    count_now(app, NOW + timedelta(minutes=5))
    with clock_at(app, NOW):
        page = client.get("/en/reports/responsiveness")
    assert rows(page, "Now")[1:] == [["Overdue now", "7"], ["Unable to contact", "2"]]
    counted = every_report(client, app)
    live(db)
    assert every_report(client, app) == counted
    assert counted["referrals"][0] == "Referrals in this period: 10"


def test_each_run_counts_only_the_days_ended_since(app, db, april):
    assert count_now(app).startswith("counted 30 new days")
    make_referral(app, db, submitted_at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    friday = datetime(2026, 5, 2, 8, tzinfo=UTC)
    assert count_now(app, friday).startswith("counted 2 new days")
    assert db.scalar(select(models.CountState.counted_through)) == date(2026, 5, 1)
    table = models.ReferralDayCount
    may = db.execute(select(table.breakdown, table.count).where(table.day == date(2026, 5, 1))).all()
    assert sorted(may) == [("area", 1), ("scheme", 1), ("team", 1), ("team_area", 1)]
    assert count_now(app, friday + timedelta(minutes=5)).startswith("counted 0 new days")


def test_a_day_is_counted_only_once_it_has_settled(app, db, april):
    just_after_midnight = datetime(2026, 4, 30, 23, 5, tzinfo=UTC)  # 00:05 on 1 May, UK time
    count_now(app, just_after_midnight)
    assert db.scalar(select(models.CountState.counted_through)) == date(2026, 4, 29)


def test_anonymising_changes_no_report(app, client, db, coordinator, groups):
    count_now(app)
    before = every_report(client, app)
    closed = db.scalars(select(Referral.id).where(Referral.status == "closed")).all()
    with app.app_context():
        retention.anonymise_ids(db, closed)
        db.commit()
    assert db.scalar(select(Referral.full_name).where(Referral.id == closed[0])) is None
    count_now(app, NOW + timedelta(minutes=5))
    assert every_report(client, app) == before
    live(db)
    assert every_report(client, app) == before


def test_outcomes_counted_then_scored_again_are_worked_out_afresh(app, client, db, coordinator):
    with clock_at(app, NOW):
        people = [make_referral(app, db, submitted_at=at(2, 9, month=1)) for _ in range(5)]
    for person in people:
        db.add(WellbeingScore(referral_id=person.id, stage="baseline", question="anxiety", score=8,
                              recorded_at=at(5, 9, month=1)))  # fmt: skip
        db.add(WellbeingScore(referral_id=person.id, stage="follow_up", question="anxiety", score=6,
                              recorded_at=at(10, 9)))  # fmt: skip
    db.commit()
    count_now(app)
    db.add(WellbeingScore(referral_id=people[0].id, stage="close", question="anxiety", score=9, recorded_at=NOW))
    db.commit()
    with clock_at(app, NOW):
        page = client.get("/en/reports/outcomes")
    assert rows(page, "Wellbeing (ONS4)")[4] == ["Anxiety yesterday", "5", "8.0", "6.6", "-1.4", "80"]


def test_searches_are_counted_by_area_language_filters_words_and_results_found(app, db):
    moment = at(20, 12)
    for found, filters, words in ((0, {"words": True, "free": "y"}, ["cerdded"]), (0, {"free": "y", "words": True}, []),
                                  (12, {}, [])):  # fmt: skip
        db.add(SearchRecord(created_at=moment, outward_code="LS6", place_outcome="postcode", categories=["walking"],
                            filters=filters, result_count=found, locale="cy", known_words=words,
                            other_words=found == 0))  # fmt: skip
    db.commit()
    count_now(app)
    table = models.SearchDayCount
    found = db.execute(select(table.dimension, table.value, table.result_band, table.count)).all()
    assert sorted(found) == [
        ("area", "LS6", "0", 2),
        ("area", "LS6", "10+", 1),
        ("category", "walking", "0", 2),
        ("category", "walking", "10+", 1),
        ("category_area", "walking LS6", "0", 2),
        ("filter", "free=y", "0", 2),
        ("filter", "words=true", "0", 2),
        ("locale", "cy", "0", 2),
        ("locale", "cy", "10+", 1),
        ("place", "postcode", "0", 2),
        ("place", "postcode", "10+", 1),
        ("words", "", "0", 2),  # other words
        ("words", "cerdded", "0", 1),
    ]


def test_working_days_are_counted_as_the_followups_count_them(app):
    rng = random.Random(4)
    start = datetime(2025, 12, 1, tzinfo=UTC)
    with app.app_context():
        calendar = timing.calendar()
        fast = WorkingDays(calendar)
        for _ in range(300):
            sent = start + timedelta(minutes=rng.randrange(200 * 24 * 60))
            answered = sent + timedelta(minutes=rng.randrange(30 * 24 * 60))
            assert fast.taken(sent, answered) == working_days_taken(calendar, sent, answered), (sent, answered)


@pytest.mark.parametrize("seed", range(20))
def test_the_median_and_90th_percentile_of_a_histogram_are_those_of_its_values(seed):
    rng = random.Random(seed)
    values = [rng.randrange(12) for _ in range(rng.randrange(1, 40))]
    histogram = Counter(values)
    assert figures.histogram_median(histogram) == statistics.median(values)
    assert figures.histogram_percentile_90(histogram) == figures.percentile_90(values)
    assert figures.histogram_median(Counter()) is None
