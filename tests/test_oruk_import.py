"""`flask directory import-oruk`: another directory's ORUK 3.0 feed, served over HTTP by the
test (several pages, valid and broken objects), or a JSON file of one."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.accounts.models import AuditEvent, Role
from portal.api import ids
from portal.api.taxonomies import FIXED, KINDS_OF_ACTIVITY
from portal.directory.models import Listing, Location, Schedule, ScheduleKind
from portal.directory.search import Criteria, search_near
from portal.organisations.models import ListingRevision, Organisation
from tests.authz import make_user, sign_in_as
from tests.directory_helpers import listing as our_listing
from tests.directory_helpers import with_postcodes
from tests.oruk_helpers import FeedServer, feed_service, organization, run_import, term_attribute

OTLEY = (53.9056, -1.6918)


@pytest.fixture
def feed():
    """Five services of two organisations, two to a page; one of them broken."""
    trust, club = organization(), organization("Otley Walkers Club", website="https://walkers.example.org")
    services = [
        feed_service("Otley Health Walk", club),
        feed_service("Chevin Ramble", club),
        feed_service("Otley Lunch Club", trust, attributes=[]),
        feed_service("Otley Money Advice", trust),
        feed_service("Broken Group", trust),
    ]
    del services[4]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    services[4]["id"] = "8c1f2a3b-0000-4000-8000-000000000001"
    return services


@pytest.fixture
def mapping(tmp_path):
    path = tmp_path / "mapping.csv"
    path.write_text("taxonomy_term,kind_of_activity\nWalking groups,walking\nAdult learning,-\n")
    return str(path)


def count(db, model):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def imported(db, name):
    db.expire_all()
    return db.scalar(select(Listing).where(Listing.name == name))


def test_a_whole_feed_is_read_page_by_page_and_each_service_in_full(app, db, feed, mapping):
    with FeedServer(feed) as server:
        result = run_import(app, server.url, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    assert "Services: 4 created, 0 updated, 0 unchanged, 1 rejected" in result.output
    assert "Organisations: 2 created, 0 updated, 0 unchanged, 0 rejected" in result.output
    assert "service 8c1f2a3b…: address has no postal_code" in result.output
    assert {path.split("?")[0] for path in server.requests} >= {"/oruk/services", f"/oruk/services/{feed[0]['id']}"}
    assert sum(path.startswith("/oruk/services?") for path in server.requests) == 3
    assert count(db, Listing) == 4 and count(db, Organisation) == 2


def test_an_imported_listing_has_its_places_sessions_categories_and_organisation(app, db, feed, mapping):
    with FeedServer(feed) as server:
        run_import(app, server.url, "--mapping", mapping)
    walk = imported(db, "Otley Health Walk")
    assert (walk.summary, walk.description) == ("Otley Health Walk meets every week.", "All welcome.")
    assert walk.categories == ["walking"] and walk.attending_type == ["in_person"] and walk.is_free
    assert (walk.source, walk.source_id, walk.taken_over_at) == (server.url, feed[0]["id"], None)
    assert str(walk.uuid) == feed[0]["id"]  # the same service keeps its id from directory to directory
    (place,) = walk.locations
    assert (place.name, place.address_1, place.city, place.postal_code) == (
        "Otley Civic Centre", "Cross Green", "Otley", "LS21 1HD",
    )  # fmt: skip
    assert (place.latitude, place.longitude) == OTLEY
    assert str(place.uuid) == feed[0]["service_at_locations"][0]["id"]
    (session,) = walk.schedules
    assert (session.kind, session.freq, session.byday, str(session.opens_at), session.location) == (
        ScheduleKind.RECURRING, "WEEKLY", "TH", "14:00:00", place,
    )  # fmt: skip
    assert walk.last_checked_at.date() == date(2026, 10, 1)
    assert walk.organisation.name == "Otley Walkers Club" and walk.organisation.source == server.url
    assert walk.organisation.website == "https://walkers.example.org"
    assert count(db, ListingRevision) == 4  # each has its history from the import on


def test_running_it_again_updates_rather_than_duplicates(app, db, feed, mapping):
    with FeedServer(feed) as server:
        run_import(app, server.url, "--mapping", mapping)
        first_id = imported(db, "Otley Health Walk").id
        again = run_import(app, server.url, "--mapping", mapping)
        assert "Services: 0 created, 0 updated, 4 unchanged, 1 rejected" in again.output
        assert "Organisations: 0 created, 0 updated, 2 unchanged" in again.output
        feed[0]["name"] = "Otley Health Walks"
        feed[0]["schedules"][0]["byday"] = "TH,SA"
        feed[1]["organization"]["name"] = "Otley Walking Club"
        changed = run_import(app, server.url, "--mapping", mapping)
    assert "Services: 0 created, 1 updated, 3 unchanged" in changed.output, changed.output
    assert "Organisations: 0 created, 1 updated, 1 unchanged" in changed.output
    walk = imported(db, "Otley Health Walks")
    assert walk.id == first_id and [s.byday for s in walk.schedules] == ["TH,SA"]
    assert count(db, Listing) == 4 and count(db, Location) == 4
    assert walk.organisation.name == "Otley Walking Club"


def test_a_service_that_cannot_be_read_is_reported_and_the_rest_imported(app, db, feed, mapping):
    with FeedServer(feed) as server:
        server.broken_details.add(feed[1]["id"])
        result = run_import(app, server.url, "--mapping", mapping)
    assert f"service {feed[1]['id'][:8]}…: could not be read: " in result.output
    assert "HTTP 500" in result.output
    assert count(db, Listing) == 3


def test_each_broken_object_is_rejected_with_its_reason(app, db, feed, tmp_path):
    feed[0]["service_at_locations"][0]["location"]["latitude"] = "north"
    feed[1]["status"] = "open"
    feed[2]["id"] = "not-a-uuid"
    del feed[3]["organization"]
    result = run_import(app, _file(tmp_path, {"contents": feed[:4]}))
    assert result.exit_code == 0, result.output
    assert f"service {feed[0]['id'][:8]}…: location latitude: 'north' is not of type 'number'" in result.output
    assert f"service {feed[1]['id'][:8]}…: service status: 'open' is not one of" in result.output
    assert "service not-a-uu…: service id: 'not-a-uuid' is not a 'uuid'" in result.output
    assert f"service {feed[3]['id'][:8]}…: names no organization that could be read" in result.output
    assert count(db, Listing) == 0


def test_an_organisation_not_nested_is_read_from_the_feed(app, db, feed, mapping):
    trust = feed[2].pop("organization")
    with FeedServer(feed[2:3]) as server:
        server.organizations[trust["id"]] = trust
        result = run_import(app, server.url)
    assert "Services: 1 created" in result.output
    assert imported(db, "Otley Lunch Club").organisation.name == "Otley Community Trust"


def test_an_invalid_organisation_rejects_its_services(app, db, feed, tmp_path):
    del feed[2]["organization"]["description"]
    nested = run_import(app, _file(tmp_path, [feed[2]]))
    assert f"service {feed[2]['id'][:8]}…: organization has no description" in nested.output
    trust = feed[3].pop("organization")  # the same organization, already without a description
    with FeedServer(feed[3:4]) as server:
        server.organizations[trust["id"]] = trust
        fetched = run_import(app, server.url)
    assert f"organization {trust['id'][:8]}…: organization has no description" in fetched.output
    assert f"service {feed[3]['id'][:8]}…: its organization {trust['id'][:8]}… was rejected" in fetched.output
    assert count(db, Listing) == 0


def test_terms_map_to_kinds_of_activity_and_terms_not_mapped_are_reported(app, db, feed, mapping, tmp_path):
    sid = feed[3]["id"]
    feed[3]["attributes"] = [term_attribute(sid, "Debt advice"), term_attribute(sid, "Adult learning"),
                             term_attribute(sid, "Walking groups")]  # fmt: skip
    feed[2]["attributes"] = [term_attribute(feed[2]["id"], "Debt advice")]
    result = run_import(app, _file(tmp_path, feed[:4]), "--mapping", mapping)
    assert "Taxonomy terms no kind of activity is mapped to (add them to the mapping file):" in result.output
    assert "  Debt advice (2 services)" in result.output
    assert "Adult learning" not in result.output  # mapped to "-": known, and filed under nothing
    assert imported(db, "Otley Money Advice").categories == ["walking"]
    assert imported(db, "Otley Lunch Club").categories == []


def test_terms_of_our_own_taxonomies_need_no_mapping(app, db, feed, tmp_path):
    sid = feed[0]["id"]
    feed[0]["attributes"] = [
        term_attribute(sid, "Music and singing", str(ids.term_id(KINDS_OF_ACTIVITY.key, "music"))),
        term_attribute(sid, "Online", str(ids.term_id(FIXED[0][0].key, "online"))),
        term_attribute(sid, "Drop in", str(ids.term_id(FIXED[1][0].key, "drop_in"))),
    ]
    result = run_import(app, _file(tmp_path, feed[:1]))
    assert "Taxonomy terms" not in result.output
    walk = imported(db, "Otley Health Walk")
    assert (walk.categories, walk.attending_type, walk.attending_access) == (["music"], ["online"], "drop_in")


def test_a_mapping_file_naming_a_kind_of_activity_we_do_not_have_stops_the_import(app, db, feed, tmp_path):
    path = tmp_path / "mapping.csv"
    path.write_text("taxonomy_term,kind_of_activity\nWalking groups,hiking\n")
    result = run_import(app, _file(tmp_path, feed[:1]), "--mapping", str(path))
    assert result.exit_code == 1
    assert "line 2 of the mapping file: no kind of activity has the code 'hiking'" in result.output
    assert count(db, Listing) == 0


def test_a_listing_a_coordinator_took_over_is_never_overwritten(app, db, feed, mapping, tmp_path):
    path = _file(tmp_path, feed[:2])
    run_import(app, path, "--mapping", mapping)
    walk = imported(db, "Otley Health Walk")
    taken = app.test_cli_runner().invoke(args=["directory", "take-over", str(walk.uuid)])
    assert taken.exit_code == 0, taken.output
    assert f"Listing {walk.id} (Otley Health Walk) is now the portal's own" in taken.output
    feed[0]["name"] = "Renamed at the source"
    again = run_import(app, _file(tmp_path, feed[:2]), "--mapping", mapping)
    assert "Services: 0 created, 0 updated, 1 unchanged, 0 rejected, 1 kept (taken over)" in again.output
    assert imported(db, "Otley Health Walk").taken_over_at is not None
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.action == "listing.taken_over"))


def test_only_an_imported_listing_not_yet_taken_over_can_be_taken_over(app, db, feed, tmp_path):
    ours = our_listing(db, "Our Own Walk")
    runner = app.test_cli_runner()
    assert "this listing was not imported" in runner.invoke(args=["directory", "take-over", str(ours.id)]).output
    assert "no listing '999999'" in runner.invoke(args=["directory", "take-over", "999999"]).output
    run_import(app, _file(tmp_path, feed[:1]))
    walk = imported(db, "Otley Health Walk")
    runner.invoke(args=["directory", "take-over", str(walk.id)])
    twice = runner.invoke(args=["directory", "take-over", str(walk.id)])
    assert twice.exit_code == 1 and "this listing was taken over on" in twice.output


def test_nobody_edits_an_imported_listing_here_until_a_coordinator_takes_it_over(app, db, client, feed, tmp_path):
    run_import(app, _file(tmp_path, feed[:1]))
    walk = imported(db, "Otley Health Walk")
    editor = make_user(db, "editor@otley.example", Role.ORG_EDITOR, walk.organisation)
    sign_in_as(client, db, editor)
    client.get(f"/en/organisation/listings/{walk.id}/edit", expected_status=403)
    client.get(f"/en/organisation/listings/{walk.id}/status", expected_status=403)
    client.get(f"/en/organisation/listings/{walk.id}/space", expected_status=403)
    client.get(f"/en/organisation/listings/{walk.id}/history", expected_status=200)
    app.test_cli_runner().invoke(args=["directory", "take-over", str(walk.id)])
    client.get(f"/en/organisation/listings/{walk.id}/edit", expected_status=200)


def test_imported_listings_are_found_by_the_directory_search(app, db, feed, mapping, tmp_path):
    with_postcodes(db)
    run_import(app, _file(tmp_path, feed[:2]), "--mapping", mapping)
    with app.test_request_context("/en/directory"):
        results = search_near(db, Criteria(category="walking"), *OTLEY, date(2026, 11, 5), 0, 10)
    found = {db.get(Listing, hit.listing_id).name for hit in results.hits}
    assert found == {"Otley Health Walk", "Chevin Ramble"}


def test_a_file_can_hold_a_page_a_list_or_one_service(app, db, feed, tmp_path):
    assert "1 created" in run_import(app, _file(tmp_path, feed[0], "one.json")).output
    assert "1 created" in run_import(app, _file(tmp_path, [feed[0], feed[1]], "list.json")).output
    assert "1 unchanged" in run_import(app, _file(tmp_path, {"contents": [feed[0]]}, "page.json"), "--source",
                                       "file:one.json").output  # fmt: skip
    assert count(db, Listing) == 3  # the same service from two sources is two listings


def test_an_unreadable_feed_stops_the_import_with_a_message(app, db, tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    broken = run_import(app, str(tmp_path / "broken.json"))
    assert broken.exit_code == 1 and "is not JSON" in broken.output
    missing = run_import(app, str(tmp_path / "missing.json"))
    assert missing.exit_code == 1 and "cannot read" in missing.output
    strange = run_import(app, _file(tmp_path, {"services": []}))
    assert strange.exit_code == 1 and "holds neither a page of services" in strange.output
    unreachable = run_import(app, "http://127.0.0.1:9/oruk")
    assert unreachable.exit_code == 1 and "cannot reach http://127.0.0.1:9/oruk/services" in unreachable.output


def test_sessions_by_appointment_every_day_and_on_the_nth_weekday_are_understood(app, db, feed, tmp_path):
    service = deepcopy(feed[0])
    sid, sal = service["id"], service["service_at_locations"][0]["id"]
    service["schedules"] = [
        {"id": str(ids.part_of(ids.PORTAL, "a")), "service_id": sid, "description": "Ring to book a time"},
        {"id": str(ids.part_of(ids.PORTAL, "b")), "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU"},
        {"id": str(ids.part_of(ids.PORTAL, "c")), "freq": "MONTHLY", "byday": "2TU", "opens_at": "18:30:00Z",
         "service_at_location_id": sal, "valid_from": "2026-01-01", "valid_to": "2026-12-31"},
    ]  # fmt: skip
    run_import(app, _file(tmp_path, service))
    kinds = [(s.kind, s.byday, s.description) for s in imported(db, "Otley Health Walk").schedules]
    assert kinds == [(ScheduleKind.BY_APPOINTMENT, "", "Ring to book a time"), (ScheduleKind.ANY_TIME, "", ""),
                     (ScheduleKind.RECURRING, "2TU", "")]  # fmt: skip
    monthly = db.scalar(select(Schedule).where(Schedule.byday == "2TU"))
    assert (str(monthly.opens_at), monthly.dtstart, monthly.until) == ("18:30:00", date(2026, 1, 1), date(2026, 12, 31))
    assert monthly.location is not None


def test_each_run_is_in_the_audit_log(app, db, feed, tmp_path):
    run_import(app, _file(tmp_path, feed[:2]))
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "directory.oruk_imported"))
    assert event.detail["service_created"] == 2 and event.detail["source"] == "file:feed.json"


def _file(tmp_path, data, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)
