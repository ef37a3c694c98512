"""The Unmet need report's "What people typed": each word of our own vocabulary typed in the
searches of the period, how many of them found little, small numbers suppressed, and the
searches with other words, which are never kept, read live and from the counts alike."""

from __future__ import annotations

import csv
import io

import pytest

from portal.directory.models import SearchRecord
from tests import reports_helpers
from tests.reports_helpers import NOW, at, rows
from tests.triage_helpers import clock_at

read_twice = reports_helpers.live_and_counted_client  # every test: live, and from the counts

CAPTION = "What people typed"


def searched(db, times, moment, words, *, other=False, found=0, area="LS6"):
    db.add_all(
        SearchRecord(created_at=moment, place_outcome="full", categories=[], filters={"words": True}, locale="en",
                     outward_code=area, result_count=found, known_words=words, other_words=other)
        for _ in range(times)
    )  # fmt: skip


@pytest.fixture
def typed(db):
    searched(db, 6, at(7, 9), ["walking"])
    searched(db, 2, at(8, 9), ["choir", "walking"], found=1, area="LS7")
    searched(db, 5, at(9, 9), ["yoga"], found=10)
    searched(db, 5, at(10, 9), [], other=True)
    searched(db, 1, at(14, 9), ["walking"], other=True, found=2)
    searched(db, 1, at(30, 9), ["yoga"])  # today: read live from the records either way
    searched(db, 4, at(9, 9, month=3), ["walking"])  # March: not this period
    db.commit()


def test_each_word_typed_is_counted_with_the_searches_that_found_little(app, client, coordinator, typed):
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need")
    assert rows(page, CAPTION) == [
        ["Words typed", "Searches that found little", "Searches"],
        ["walking", "9", "9"],
        ["choir", "<5", "<5"],
        ["yoga", "<5", "6"],
        ["Other words", "6", "6"],
    ]
    assert "“Other words”" in page.text(".report-note")


def test_an_area_narrows_the_words_counted_and_small_numbers_stay_suppressed(app, client, coordinator, typed):
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need?area=LS7")
    assert rows(page, CAPTION)[1:] == [["choir", "<5", "<5"], ["walking", "<5", "<5"]]


def test_no_words_typed_in_a_period_says_so(app, client, coordinator, typed):
    with clock_at(app, NOW):
        page = client.get("/en/reports/unmet-need?period=chosen&since=2025-01-01&until=2025-01-31")
    assert rows(page, CAPTION)[1:] == [["Nothing in this period."]]


def test_the_csv_has_the_words_typed(app, client, coordinator, typed):
    with clock_at(app, NOW):
        response = client.get("/en/reports/unmet-need/download.csv?period=this_month")
    lines = list(csv.reader(io.StringIO(response.response.get_data(as_text=True))))
    start = lines.index([CAPTION])
    assert lines[start + 1 : start + 6] == [
        ["Words typed", "Searches that found little", "Searches"],
        ["walking", "9", "9"],
        ["choir", "<5", "<5"],
        ["yoga", "<5", "6"],
        ["Other words", "6", "6"],
    ]
