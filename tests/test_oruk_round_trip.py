"""Round trip: our API's services exported, imported into an empty portal, and the imported
directory finds the same listings for the same searches."""

from __future__ import annotations

import json
from datetime import date

import pytest

from portal.directory.models import Listing
from portal.directory.search import Criteria, search_near, search_remote
from tests.conftest import empty_tables
from tests.directory_helpers import LS6_1AN, listing, organisation, place, weekly, with_postcodes
from tests.oruk_helpers import export_services, run_import

TUESDAY = date(2026, 11, 3)
SEARCHES = (
    Criteria(),
    Criteria(category="walking"),
    Criteria(category="music", miles=2.0),
    Criteria(words="lonely"),
    Criteria(words="choir"),
    Criteria(words="knitting"),
    Criteria(days=frozenset({1})),
    Criteria(days=frozenset({5})),
    Criteria(free_only=True),
    Criteria(drop_in=True),
    Criteria(languages=frozenset({"pl"})),
    Criteria(audiences=frozenset({"older_people"})),
    Criteria(access=frozenset({"step_free"})),
    Criteria(delivery=frozenset({"online"})),
    Criteria(delivery=frozenset({"phone"}), words="talk"),
)


def make_directory(db):
    with_postcodes(db)
    listing(
        db,
        "Headingley Health Walk",
        accessibility=["step_free", "hearing_loop"],
        schedules=[weekly("TU", "10:30", "11:30", location=0)],
    )
    listing(
        db,
        "Kirkstall Community Choir",
        miles_north=1.0,
        categories=["music", "social"],
        is_free=False,
        fees_description="£2 a session",
        schedules=[weekly("SA", "14:00", "16:00")],
        languages=["en", "pl"],
    )
    listing(
        db,
        "Knit and Natter",
        miles_north=0.3,
        categories=["arts", "social"],
        attending_access="book_first",
        audiences=["older_people"],
        schedules=[weekly("2TU", freq="MONTHLY", interval=1)],
        description="Bring your knitting, or learn to knit with us.",
    )
    listing(
        db,
        "Telephone Friends",
        remote=True,
        categories=["befriending"],
        phone="0113 496 0002",
        schedules=[{"kind": "any_time"}],
        description="Someone to talk to on the phone every week.",
    )
    listing(
        db,
        "Online Book Club",
        remote=True,
        attending_type=["online"],
        categories=["learning"],
        url="https://books.example.org",
        schedules=[weekly("TH", "19:00", "20:00", interval=2, dtstart="2026-01-08")],
    )
    listing(
        db,
        "Two Venue Gardening",
        categories=["gardening"],
        locations=[
            place(LS6_1AN[0] + 0.8 / 69.05, LS6_1AN[1], name="Allotments"),
            place(LS6_1AN[0] + 4 / 69.05, LS6_1AN[1], postcode="LS16 5NG", name="Park"),
        ],
        schedules=[weekly("WE", location=1), {"kind": "by_appointment"}],
    )
    paused = listing(db, "Summer Break Walk", miles_north=0.2, status="paused", status_message="Back in September")
    other = organisation(db, "Leeds Older People's Forum")
    paused.organisation = other
    db.commit()


def results(app, db):
    found = []
    with app.test_request_context("/en/directory"):
        for criteria in SEARCHES:
            near = search_near(db, criteria, *LS6_1AN, TUESDAY, 0, 50)
            remote = search_remote(db, criteria, TUESDAY, 0, 50)
            found.append(
                (
                    [(db.get(Listing, hit.listing_id).name, hit.miles) for hit in near.hits],
                    sorted(db.get(Listing, hit.listing_id).name for hit in near.remote),
                    [db.get(Listing, hit.listing_id).name for hit in remote.hits],
                )
            )
    return found


@pytest.fixture
def exported(app, db, tmp_path):
    make_directory(db)
    before = results(app, db)
    services = export_services(app.test_client())
    path = tmp_path / "our-feed.json"
    path.write_text(json.dumps({"contents": services}))
    db.close()  # ends its transaction: PostgreSQL empties the tables only once nobody holds them
    empty_tables(app)
    return before, services, str(path)


def test_an_empty_portal_that_imports_our_feed_finds_the_same_listings_for_the_same_searches(app, db, exported):
    before, _services, path = exported
    db.expire_all()
    with_postcodes(db)
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "Services: 7 created, 0 updated, 0 unchanged, 0 rejected" in result.output
    assert "Taxonomy terms" not in result.output  # our own taxonomies need no mapping
    db.expire_all()
    assert results(app, db) == before
    assert sum(bool(found[0] or found[2]) for found in before) >= len(SEARCHES) - 1  # the searches find things


def test_the_imported_directory_publishes_the_same_services(app, db, exported):
    _before, services, path = exported
    run_import(app, path)
    again = export_services(app.test_client())
    ignored = ("last_modified", "source")
    assert [{k: v for k, v in s.items() if k not in ignored} for s in again] == [
        {k: v for k, v in s.items() if k not in ignored} for s in services
    ]


def test_importing_our_own_feed_twice_changes_nothing(app, db, exported):
    _before, _services, path = exported
    run_import(app, path)
    assert "Services: 0 created, 0 updated, 7 unchanged" in run_import(app, path).output
