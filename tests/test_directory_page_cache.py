"""Directory search pages kept in memory: served only to people who bring nothing of their own,
and never once they could be out of date."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.test import Client

from portal import create_app
from portal.accounts.models import Role
from portal.clock import CLOCK
from portal.db import get_database, utcnow
from portal.directory.categories import mark_changed
from portal.directory.kept_cards import kept_cards
from portal.directory.models import Listing, SearchRecord
from portal.directory.page_cache import CachedSearchPages, page_cache
from portal.directory.search_records import search_records
from portal.extensions import limiter
from portal.web.caching import KEEP
from tests.authz import make_user, sign_in_as
from tests.directory_helpers import listing, with_postcodes
from tests.harness import PageClient

SEARCH = "/en/directory?postcode=LS6+1AN&category=walking"


@pytest.fixture(scope="module")
def caching_app(session_app: Flask, settings: Any) -> Iterator[Flask]:
    """The portal as production runs it, on the tests' database (`session_app` made the schema)."""
    made = create_app(replace(settings, directory_cache_seconds=60))
    yield made
    get_database(made).engine.dispose()


@pytest.fixture
def cached(caching_app: Flask, app: Flask, db: Any) -> Iterator[Flask]:
    """`app` empties the shared tables afterwards."""
    with_postcodes(db)
    listing(db, "Morning walk")
    page_cache(caching_app).clear()
    kept_cards(caching_app).clear()
    yield caching_app
    search_records(caching_app).flush()
    page_cache(caching_app).clear()
    page_cache(caching_app).clock = time.monotonic
    caching_app.extensions[CLOCK] = utcnow


def visitor(app: Flask) -> PageClient:
    """Someone who chose English before: their browser holds the language cookie, nothing else."""
    client = PageClient(app.test_client())
    first = client.get("/en/directory", headers={"Accept-Language": "cy"})
    assert "Set-Cookie" in first.response.headers
    return client


def rename_without_reindexing(app: Flask | None, db: Any, name: str) -> None:
    """Changes what a fresh page shows, but not through publishing: only a page rendered again
    sees it (with its cards rendered again too: they are kept apart, see test_directory_kept_cards)."""
    db.execute(update(Listing).values(name=name))
    db.commit()
    if app is not None:
        kept_cards(app).clear()


def titles(page: Any) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".result__title a")]


def without_nonce(headers: Any) -> list[tuple[str, str]]:
    return [(name, re.sub(r"'nonce-[^']+'", "'nonce-N'", value)) for name, value in headers.items()]


def test_a_kept_page_is_the_same_bytes_and_headers_as_when_it_was_rendered(cached, db):
    person = visitor(cached)
    rendered = person.get(SEARCH).response
    rename_without_reindexing(cached, db, "Renamed walk")
    kept = person.get(SEARCH).response
    assert kept.get_data() == rendered.get_data()
    assert titles(person.get(SEARCH)) == ["Morning walk"]
    assert without_nonce(kept.headers) == without_nonce(rendered.headers)
    assert "Set-Cookie" not in kept.headers and "Cookie" in kept.headers["Vary"]


def test_each_kept_page_gets_a_fresh_nonce(cached):
    person = visitor(cached)
    policies = {person.get(SEARCH).response.headers["Content-Security-Policy"] for _ in range(3)}
    assert len(policies) == 3


def test_a_first_visit_without_a_cookie_shares_the_kept_page(cached, db):
    first = PageClient(cached.test_client()).get(SEARCH)
    assert "Set-Cookie" not in first.response.headers
    rename_without_reindexing(cached, db, "Renamed walk")
    assert titles(PageClient(cached.test_client()).get(SEARCH)) == ["Morning walk"]
    assert titles(visitor(cached).get(SEARCH)) == ["Morning walk"]


def test_a_first_visit_in_another_language_than_its_browser_asks_for_is_rendered_for_it(cached, db):
    visitor(cached).get(SEARCH)
    rename_without_reindexing(cached, db, "Renamed walk")
    newcomer = PageClient(cached.test_client())
    page = newcomer.get(SEARCH, headers={"Accept-Language": "pl"})
    assert titles(page) == ["Renamed walk"]
    assert "Set-Cookie" in page.response.headers  # English is their choice: it is saved


def test_a_signed_in_person_gets_their_own_page_and_it_is_not_kept(cached, db):
    person = visitor(cached)
    person.get(SEARCH)
    rename_without_reindexing(cached, db, "Renamed walk")
    staff = PageClient(cached.test_client())
    sign_in_as(staff, db, make_user(db, "worker@example.org", Role.LINK_WORKER))
    assert titles(staff.get(SEARCH)) == ["Renamed walk"]
    assert titles(person.get(SEARCH)) == ["Morning walk"]


@pytest.mark.parametrize(
    "session",
    [
        {"locale": "en", "shortlist": [1]},
        {"locale": "cy"},
        {"locale": "en", "csrf_token": "abc"},
    ],
)
def test_a_person_with_anything_else_in_their_session_gets_their_own_page(cached, db, session):
    visitor(cached).get(SEARCH)
    rename_without_reindexing(cached, db, "Renamed walk")
    person = PageClient(cached.test_client())
    with person.session_transaction() as cookie:
        cookie.update(session)
    assert titles(person.get(SEARCH)) == ["Renamed walk"]
    assert titles(visitor(cached).get(SEARCH)) == ["Morning walk"]


def test_a_flashed_message_is_shown_to_its_person_only(cached):
    visitor(cached).get(SEARCH)
    person = PageClient(cached.test_client())
    with person.session_transaction() as cookie:
        cookie.update(locale="en", _flashes=[("message", "Removed from your shortlist.")])
    assert "Removed from your shortlist." in person.get(SEARCH).text(".notice--success")
    assert not visitor(cached).get(SEARCH).select(".notice--success")


def test_htmx_results_and_show_more_are_kept_apart_from_the_full_page(cached, db):
    for n in range(12):
        listing(db, f"Group {n:02d}", miles_north=n * 0.1)
    person = visitor(cached)
    full = person.get(SEARCH)
    results = person.client.get(SEARCH, headers={"HX-Request": "true", "HX-Target": "results"})
    more = person.client.get(f"{SEARCH}&page=2", headers={"HX-Request": "true", "HX-Target": "result-list"})
    assert full.h1 and "<h1" not in results.get_data(as_text=True)
    assert 'id="results-heading"' in results.get_data(as_text=True)
    assert more.get_data(as_text=True).lstrip().startswith('<li class="result">')
    rename_without_reindexing(cached, db, "Renamed")
    assert person.get(SEARCH).response.get_data() == full.response.get_data()
    again = person.client.get(SEARCH, headers={"HX-Request": "true", "HX-Target": "results"})
    assert again.get_data() == results.get_data()


def test_publishing_a_listing_stops_kept_pages_at_once(cached, db):
    person = visitor(cached)
    person.get(SEARCH)
    listing(db, "Evening walk", miles_north=0.2)
    assert titles(person.get(SEARCH)) == ["Morning walk", "Evening walk"]


def test_a_change_to_the_categories_stops_kept_pages_at_once(cached, db):
    person = visitor(cached)
    person.get(SEARCH)
    rename_without_reindexing(cached, db, "Renamed walk")
    mark_changed(db)  # what a coordinator's change to a category does
    db.commit()
    assert titles(person.get(SEARCH)) == ["Renamed walk"]


def test_a_kept_page_expires(cached, db):
    now = [1000.0]
    page_cache(cached).clock = lambda: now[0]
    person = visitor(cached)
    person.get(SEARCH)
    rename_without_reindexing(cached, db, "Renamed walk")
    now[0] += 59
    assert titles(person.get(SEARCH)) == ["Morning walk"]
    now[0] += 2
    assert titles(person.get(SEARCH)) == ["Renamed walk"]


def test_a_page_kept_yesterday_is_not_served_today(cached, db):
    cached.extensions[CLOCK] = lambda: datetime(2026, 11, 2, 23, 59, tzinfo=UTC)  # 23:59 in London
    person = visitor(cached)
    assert "Tuesday 3 November" in person.get(SEARCH).text(".result__facts")
    rename_without_reindexing(cached, db, "Renamed walk")
    cached.extensions[CLOCK] = lambda: datetime(2026, 11, 3, 0, 1, tzinfo=UTC)
    page = person.get(SEARCH)
    assert titles(page) == ["Renamed walk"] and "Tuesday 3 November" in page.text(".result__facts")


def test_every_search_is_still_recorded_when_its_page_was_kept(cached, db):
    person = visitor(cached)
    for _ in range(3):
        person.get(SEARCH)
    person.get(f"{SEARCH}&page=2")  # further pages are never counted
    search_records(cached).flush()
    records = db.query(SearchRecord).all()
    assert [(r.outward_code, r.categories, r.result_count) for r in records] == [("LS6", ["walking"], 1)] * 3


def test_with_the_cache_off_every_page_is_rendered(client, db):
    with_postcodes(db)
    listing(db, "Morning walk")
    client.get("/en/directory")
    client.get(SEARCH)
    rename_without_reindexing(None, db, "Renamed walk")  # nor are its cards kept
    assert titles(client.get(SEARCH)) == ["Renamed walk"]


def test_a_search_checked_against_a_rate_limit_is_never_kept(cached, db, monkeypatch):
    """The search has no limit today; if it ever gets one, the limiter must see every search."""
    monkeypatch.setattr(type(limiter), "current_limits", property(lambda _self: ["a limit"]))
    person = visitor(cached)
    person.get(SEARCH)
    rename_without_reindexing(cached, db, "Renamed walk")
    assert titles(person.get(SEARCH)) == ["Renamed walk"]
    assert len(page_cache(cached)) == 0


def test_a_page_that_contains_its_nonce_is_never_kept(cached):
    def uses_the_nonce(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        environ[KEEP] = None
        start_response("200 OK", [("Content-Security-Policy", "script-src 'nonce-abc'")])
        return [b"<script nonce=abc></script>"]

    cache = page_cache(cached)
    layer = CachedSearchPages(cached, uses_the_nonce, cache, search_records(cached))
    session = cached.session_interface.get_signing_serializer(cached).dumps({"locale": "en"})  # type: ignore[attr-defined]
    browser = Client(layer)
    browser.set_cookie("session", session)
    browser.get("/en/directory")
    assert len(cache) == 0


def test_the_home_and_content_pages_are_kept_for_first_visits_with_a_fresh_nonce(cached):
    for path in ("/en/", "/en/privacy", "/en/languages?page=/privacy"):
        first = PageClient(cached.test_client()).get(path).response
        again = PageClient(cached.test_client()).get(path).response
        assert again.get_data() == first.get_data() and "Set-Cookie" not in again.headers
        assert again.get_data() != PageClient(cached.test_client()).get("/en/cookies").response.get_data()
        assert again.headers["Content-Security-Policy"] != first.headers["Content-Security-Policy"]
    assert len(page_cache(cached)) == 4  # with the cookies page


def test_kept_pages_never_mix_languages(cached):
    for _ in range(2):
        english = PageClient(cached.test_client()).get("/en/")
        welsh = PageClient(cached.test_client()).get("/cy/", headers={"Accept-Language": "cy"})
        assert english.soup.html is not None and english.soup.html["lang"] == "en"
        assert welsh.soup.html is not None and welsh.soup.html["lang"] == "cy"
        assert english.response.get_data() != welsh.response.get_data()


def test_a_page_not_found_is_never_kept(cached):
    PageClient(cached.test_client()).get("/en/no-such-page", expected_status=404)
    assert len(page_cache(cached)) == 0


def test_nothing_of_a_signed_in_person_with_a_referral_and_a_shortlist_reaches_anyone_else(cached, db):
    paths = ("/en/", SEARCH, "/en/privacy")
    fresh = {path: PageClient(cached.test_client()).get(path).response.get_data() for path in paths}
    page_cache(cached).clear()
    staff = PageClient(cached.test_client())
    sign_in_as(staff, db, make_user(db, "worker@example.org", Role.LINK_WORKER))
    person = PageClient(cached.test_client())
    start = person.get("/en/refer-yourself")
    person.client.post("/en/refer-yourself", data={"csrf_token": start.csrf_token()})
    with person.session_transaction() as cookie:
        cookie["shortlist"] = [1]
    for somebody in (staff, person):
        for path in paths:
            somebody.get(path)
    assert len(page_cache(cached)) == 0
    for path in paths:
        for anybody in (PageClient(cached.test_client()), visitor(cached)):
            assert anybody.get(path).response.get_data() == fresh[path]


def listing_path(db: Any) -> str:
    return f"/en/directory/listings/{db.scalar(select(Listing.id).where(Listing.name == 'Morning walk'))}"


def test_a_listing_page_is_kept_for_first_visits_and_a_change_to_it_shows_at_once(cached, db):
    path = listing_path(db)
    first = PageClient(cached.test_client()).get(path)
    assert "Set-Cookie" not in first.response.headers
    rename_without_reindexing(cached, db, "Renamed walk")
    assert PageClient(cached.test_client()).get(path).text("h1") == "Morning walk"
    listing(db, "Evening walk")  # publishing any listing stops every kept page
    assert PageClient(cached.test_client()).get(path).text("h1") == "Renamed walk"


def test_a_listing_page_in_someones_shortlist_is_theirs_alone(cached, db):
    path = listing_path(db)
    fresh = PageClient(cached.test_client()).get(path).response.get_data()
    page_cache(cached).clear()
    person = PageClient(cached.test_client())
    with person.session_transaction() as cookie:
        cookie["shortlist"] = [db.scalar(select(Listing.id).where(Listing.name == "Morning walk"))]
    assert person.get(path).one(".saved")
    assert len(page_cache(cached)) == 0
    assert PageClient(cached.test_client()).get(path).response.get_data() == fresh
