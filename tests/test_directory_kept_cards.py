"""Result cards kept in memory between searches: each search still gets its own distances and
links, a listing change shows at once, and no card ever offers a session that is over."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from itertools import count
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from sqlalchemy import update

from portal import create_app
from portal.accounts.models import Role
from portal.clock import CLOCK
from portal.db import get_database, utcnow
from portal.directory.changes import listings_changed
from portal.directory.kept_cards import kept_cards
from portal.directory.models import Listing
from portal.directory.page_cache import page_cache
from portal.directory.search_fragments import FRAGMENTS
from portal.directory.search_records import search_records
from tests.authz import make_user, sign_in_as
from tests.directory_helpers import listing, with_postcodes
from tests.harness import Page, PageClient
from tests.test_directory_page_cache import titles

SEARCH = "/en/directory?postcode={postcode}&category=walking&visit={visit}"  # a new address: no kept page
_visits = count()
TUESDAY_MORNING = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)  # the walk meets on Tuesdays, 10:00 to 12:00


@pytest.fixture(scope="module")
def caching_app(session_app: Flask, settings: Any) -> Iterator[Flask]:
    made = create_app(replace(settings, directory_cache_seconds=60))
    yield made
    get_database(made).engine.dispose()


@pytest.fixture
def cached(caching_app: Flask, app: Flask, db: Any) -> Iterator[Flask]:
    with_postcodes(db)
    listing(db, "Morning walk")
    for cache in (page_cache(caching_app), kept_cards(caching_app)):
        cache.clear()
    caching_app.extensions[CLOCK] = lambda: TUESDAY_MORNING
    yield caching_app
    search_records(caching_app).flush()
    page_cache(caching_app).clear()
    kept_cards(caching_app).clear()
    caching_app.extensions[CLOCK] = utcnow


def search(app: Flask, postcode: str = "LS6+1AN", client: PageClient | None = None, locale: str = "en") -> Page:
    address = SEARCH.format(postcode=postcode, visit=next(_visits)).replace("/en/", f"/{locale}/")
    return (client or PageClient(app.test_client())).get(address, headers={"Accept-Language": locale})


def rename_behind_its_back(db: Any, name: str) -> None:
    """What another app server's change looks like to this one: the database changed, nothing told."""
    db.execute(update(Listing).values(name=name))
    db.commit()


def test_cards_are_kept_between_searches_nobody_asked_before(cached, db):
    search(cached)
    rename_behind_its_back(db, "Renamed walk")
    assert titles(search(cached)) == ["Morning walk"]
    assert len(kept_cards(cached)) == 1


def test_each_search_gets_its_own_distance_and_link_on_a_kept_card(cached, db):
    near, farther = search(cached, "LS6+1AN"), search(cached, "LS7+3JB")
    assert near.text(".result__where") != farther.text(".result__where")
    assert "miles away" in farther.text(".result__where") or "mile away" in farther.text(".result__where")
    for page, postcode in ((near, "LS6"), (farther, "LS7")):
        link = page.one(".result__title a")["href"]
        assert link.startswith("/en/directory/listings/") and f"postcode%3D{postcode}" in link


def test_a_listing_published_here_shows_at_once(cached, db):
    search(cached)
    listing(db, "Evening walk", miles_north=0.2)
    assert titles(search(cached)) == ["Morning walk", "Evening walk"]
    rename_behind_its_back(db, "Renamed walk")
    listings_changed()  # what publishing does, however a listing changes
    assert titles(search(cached)) == ["Renamed walk", "Renamed walk"]


def test_a_change_on_another_server_shows_within_the_cache_time(cached, db):
    now = [1000.0]
    kept_cards(cached).clock = lambda: now[0]
    page_cache(cached).clock = lambda: now[0]
    try:
        search(cached)
        rename_behind_its_back(db, "Renamed walk")
        now[0] += 59
        assert titles(search(cached)) == ["Morning walk"]
        now[0] += 2
        assert titles(search(cached)) == ["Renamed walk"]
    finally:
        kept_cards(cached).clock = page_cache(cached).clock = time.monotonic


def test_a_card_never_offers_a_session_that_is_over(cached, db):
    assert "Tuesday 3 November" in search(cached).text(".result__facts")
    cached.extensions[CLOCK] = lambda: datetime(2026, 11, 3, 12, 0, tzinfo=UTC)  # noon: the walk is over
    assert "Tuesday 10 November" in search(cached).text(".result__facts")


def test_a_card_kept_yesterday_is_not_shown_today(cached, db):
    cached.extensions[CLOCK] = lambda: datetime(2026, 11, 2, 23, 59, tzinfo=UTC)
    search(cached)
    rename_behind_its_back(db, "Renamed walk")
    cached.extensions[CLOCK] = lambda: datetime(2026, 11, 3, 0, 1, tzinfo=UTC)
    assert titles(search(cached)) == ["Renamed walk"]


def test_cards_are_kept_per_language(cached, db):
    assert "Next session" in search(cached).text(".result__facts")
    welsh = search(cached, locale="cy")
    assert "Next session" not in welsh.text(".result__facts")
    assert welsh.one(".result__title a")["href"].startswith("/cy/directory/listings/")


def test_organisations_text_that_looks_like_a_stand_in_stays_text(cached, db):
    listing(db, "Walk <card-link> <card-distance>", miles_north=0.1)
    page = search(cached)
    assert "Walk <card-link> <card-distance>" in titles(page)
    assert "&lt;card-link&gt;" in page.response.get_data(as_text=True)


def test_a_signed_in_persons_page_uses_the_same_cards_and_keeps_nothing_of_theirs(cached, db):
    person = PageClient(cached.test_client())
    sign_in_as(person, db, make_user(db, "worker@example.org", Role.LINK_WORKER))
    own = search(cached, client=person)
    assert titles(own) == ["Morning walk"]
    anyone = search(cached)
    assert anyone.response.get_data(as_text=True).count("worker@example.org") == 0
    assert "Sign out" not in anyone.response.get_data(as_text=True)


def test_what_a_person_typed_is_put_into_the_kept_form_escaped_and_never_kept(cached, db):
    typed = '"><b>walk & talk</b>'
    page = PageClient(cached.test_client()).get(f"/en/directory?postcode=LS7+3JB&q={quote(typed)}&visit=typed")
    assert page.one("#q")["value"] == typed and not page.select("#q ~ b, .directory-search b")
    assert page.one("#postcode")["value"] == "LS7 3JB"
    empty = PageClient(cached.test_client()).get("/en/directory?postcode=LS6+1AN&visit=empty")
    assert empty.one("#q").get("value", "") == ""
    kept = "".join(str(fragment) for fragment in cached.extensions[FRAGMENTS].values())
    assert "walk &amp; talk" not in kept and "LS7 3JB" not in kept


def test_a_postcode_message_is_shown_with_what_was_typed(cached, db):
    for typed in ("ZZ99 9ZZ", "nonsense"):
        page = search(cached, quote(typed))
        assert page.one("#postcode")["value"] == typed and page.select(".error-message")
