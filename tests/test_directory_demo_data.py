"""The demo data is the first thing a scheme sees, so it must not contradict itself: no "Drop in"
beside "waiting list", and a listing that names days meets on those days."""

import re

import pytest
from sqlalchemy import select

from portal.directory.demo import load_demo
from portal.directory.models import Listing, ScheduleKind
from portal.directory.schedules import WEEKDAYS, parse_byday

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_RANGE = re.compile(rf"({'|'.join(DAYS)}) to ({'|'.join(DAYS)})")


@pytest.fixture
def demo_listings(db):
    load_demo(db)
    db.commit()
    return [
        (listing, {weekday for s in listing.schedules for _nth, weekday in parse_byday(s.byday or "")})
        for listing in db.scalars(select(Listing))
    ]


def words_of(listing):
    return " ".join((listing.name, listing.summary, listing.description)).lower()


def days_named(text):
    named = {DAYS.index(day) for day in DAYS if re.search(rf"\b{day}s?\b", text)}
    for first, last in DAY_RANGE.findall(text):
        named |= set(range(DAYS.index(first), DAYS.index(last) + 1))
    return named


def test_no_drop_in_group_has_a_waiting_list_or_is_full(demo_listings):
    clashing = [listing.name for listing, _days in demo_listings if listing.attending_access == "drop_in"
                and listing.capacity != "open"]  # fmt: skip
    assert clashing == []


def test_a_listing_that_names_days_meets_on_those_days(demo_listings):
    clashing = [
        (listing.name, sorted(days_named(words_of(listing))), sorted(meets))
        for listing, meets in demo_listings
        if not days_named(words_of(listing)) <= meets
    ]
    assert clashing == []


def test_a_listing_that_names_days_is_not_open_at_any_time(demo_listings):
    clashing = [
        listing.name
        for listing, _days in demo_listings
        if days_named(words_of(listing)) and any(s.kind == ScheduleKind.ANY_TIME for s in listing.schedules)
    ]
    assert clashing == []


def test_every_weekday_named_every_week_meets_every_week(demo_listings):
    clashing = [
        listing.name
        for listing, _days in demo_listings
        for day in re.findall(rf"every ({'|'.join(DAYS)})", words_of(listing))
        if not any(s.interval == 1 and s.freq == "WEEKLY" and WEEKDAYS[DAYS.index(day)] in (s.byday or "")
                   for s in listing.schedules)
    ]  # fmt: skip
    assert clashing == []
