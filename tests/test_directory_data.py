"""Demo data, bulk synthetic listings, and listings as plain dicts (for revisions and ORUK)."""

from sqlalchemy import func, select

from portal.directory.demo import DEMO_COUNT, add_synthetic_listings, load_demo
from portal.directory.models import Listing, SearchEntry
from portal.directory.snapshots import apply_dict, listing_to_dict
from tests.directory_helpers import listing, place, weekly


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def test_demo_data_adds_about_300_varied_leeds_listings_once(db):
    lines = load_demo(db)
    db.commit()
    assert count(db, Listing) == DEMO_COUNT
    assert any("300 listings" in line for line in lines)
    assert load_demo(db) == []
    assert count(db, Listing) == DEMO_COUNT
    listings = db.scalars(select(Listing)).all()
    assert len({code for one in listings for code in one.categories}) >= 15
    assert {"paused", "active"} <= {one.status for one in listings}
    assert any(not one.is_free for one in listings) and any(len(one.languages) > 1 for one in listings)
    ages = [(one.updated_at - one.last_checked_at).days for one in listings]
    assert max(ages) > 183 and min(ages) < 30


def test_synthetic_listings_are_indexed_like_published_ones(db, app):
    with app.test_request_context("/en/"):
        add_synthetic_listings(db, 50)
        db.commit()
    assert count(db, Listing) == 50
    assert count(db, SearchEntry) >= 50
    result = app.test_cli_runner().invoke(args=["demo", "listings", "--count", "20"])
    assert result.exit_code == 0, result.output
    assert count(db, Listing) == 70


def test_a_listing_survives_a_round_trip_through_a_plain_dict(db):
    original = listing(db, "Choir", locations=[place(53.8, -1.5), place(53.81, -1.51, name="Hall")],
                       schedules=[weekly("2TU", location=1, freq="MONTHLY"), {"kind": "any_time"}],
                       translations=[{"locale": "cy", "name": "Côr", "summary": "Canu"}])  # fmt: skip
    snapshot = listing_to_dict(original)
    db.delete(original)  # its places' public ids go with the snapshot
    db.flush()
    copy = Listing(organisation_id=original.organisation_id)
    apply_dict(copy, snapshot)
    db.add(copy)
    db.flush()
    assert listing_to_dict(copy) == snapshot
    assert copy.schedules[0].location is copy.locations[1]
