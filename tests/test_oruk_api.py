"""The Open Referral UK API conforms: every endpoint's responses against our HSDS 3.0 / ORUK
3.0 schemas (`portal/api/schemas/`), and the behaviours the profile asks for."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.api import ids
from portal.api.taxonomies import KINDS_OF_ACTIVITY
from portal.clock import CLOCK
from portal.db import get_database
from portal.directory.models import Listing
from portal.directory.services import publish_listing
from portal.directory.snapshots import listing_to_dict
from portal.organisations.models import Organisation, OrganisationStatus, ProblemReport
from tests.directory_helpers import LS6_1AN, listing, organisation, place, weekly, with_postcodes
from tests.organisations_helpers import waiting_revision
from tests.oruk_helpers import API, counted_queries, empty_values, get_json, names, valid


@pytest.fixture
def api(app):
    return app.test_client()


@pytest.fixture
def directory(db):
    """A few listings of two organisations, around LS6 1AN."""
    with_postcodes(db)
    walk = listing(
        db,
        "Headingley Health Walk",
        email="walks@example.org",
        phone="0113 496 0001",
        url="https://walks.example.org",
        accessibility=["step_free"],
        languages=["en", "pl"],
        schedules=[weekly("WE", "10:30", "11:30", location=0, dtstart="2026-01-07", until="2027-12-29")],
    )
    choir = listing(
        db,
        "Kirkstall Community Choir",
        miles_north=1.0,
        categories=["music"],
        is_free=False,
        fees_description="£2 a session",
    )
    friends = listing(db, "Telephone Friends", remote=True, categories=["befriending"], attending_access="book_first")
    other = organisation(db, "Leeds Advice Centre")
    other.email, other.phone, other.charity_number = "volunteer.sam@example.org", "07700 900123", "1234567"
    db.commit()
    money = listing(db, "Money Advice Drop-in", miles_north=2.0, categories=["money"])
    money.organisation = other
    db.commit()
    return {"walk": walk, "choir": choir, "friends": friends, "money": money}


LISTS = (
    ("/services", "service_list"),
    ("/service_at_locations", "service_at_location_list"),
    ("/organizations", "organization_list"),
    ("/taxonomies", "taxonomy"),
    ("/taxonomy_terms", "taxonomy_term"),
)


def test_the_root_names_the_profile_version_and_our_own_openapi_document(api):
    root = valid("api_details", get_json(api, "/"))
    assert root["version"] == "HSDS-UK-3.0"
    assert root["profile"].startswith("https://")
    assert root["openapi_url"] == "http://localhost/api/oruk/openapi.json"
    document = get_json(api, "/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://localhost/api/oruk"}]
    assert {"/", "/services", "/services/{id}", "/taxonomies", "/service_at_locations/{id}"} <= set(document["paths"])


def test_the_schemas_the_openapi_document_refers_to_are_served_with_their_own_address(api):
    service = get_json(api, "/schemas/service.json")
    assert service["$id"] == "http://localhost/api/oruk/schemas/service.json"
    assert set(service["required"]) == {"id", "name", "status"}
    get_json(api, "/schemas/no-such-schema.json", 404)


@pytest.mark.parametrize(("path", "schema"), LISTS)
def test_every_list_is_a_page_of_valid_items(api, directory, path, schema):
    page = valid("page", get_json(api, path))
    assert page["contents"], path
    for item in page["contents"]:
        valid(schema, item)


@pytest.mark.parametrize(("path", "schema"), LISTS)
def test_every_item_of_a_list_is_served_on_its_own_and_is_valid(api, directory, path, schema):
    item_schema = {"service_list": "service", "organization_list": "organization",
                   "service_at_location_list": "service_at_location"}.get(schema, schema)  # fmt: skip
    for item in get_json(api, path)["contents"]:
        found = valid(item_schema, get_json(api, f"{path}/{item['id']}"))
        assert found["id"] == item["id"]


def test_a_service_nests_everything_about_it(api, directory):
    service = get_json(api, f"/services/{directory['walk'].uuid}")
    assert service["organization"]["name"] == "Leeds Test Charity"
    assert service["organization_id"] == service["organization"]["id"]
    (at,) = service["service_at_locations"]
    assert at["location"]["location_type"] == "physical"
    assert isinstance(at["location"]["latitude"], float) and isinstance(at["location"]["longitude"], float)
    (address,) = at["location"]["addresses"]
    assert address | {"id": "", "location_id": ""} == {
        "id": "", "location_id": "", "address_1": "1 Test Street", "city": "Leeds", "postal_code": "LS6 1AN",
        "state_province": "West Yorkshire", "country": "GB", "address_type": "physical",
    }  # fmt: skip
    assert [item["description"] for item in at["location"]["accessibility"]] == ["Step-free access"]
    (schedule,) = service["schedules"]
    assert schedule | {"id": ""} == {
        "id": "", "service_id": service["id"], "service_at_location_id": at["id"], "freq": "WEEKLY", "interval": 1,
        "byday": "WE", "opens_at": "10:30", "closes_at": "11:30", "dtstart": "2026-01-07",
        "valid_from": "2026-01-07", "valid_to": "2027-12-29", "until": "2027-12-29",
    }  # fmt: skip
    assert [language["code"] for language in service["languages"]] == ["en", "pl"]
    assert [language["name"] for language in service["languages"]] == ["English", "Polish"]
    assert service["cost_options"][0]["amount"] == 0
    assert service["contacts"][0]["email"] == "walks@example.org"
    assert service["phones"][0]["number"] == "0113 496 0001"
    terms = {(item["link_type"], item["taxonomy_term"]["code"]) for item in service["attributes"]}
    assert terms == {("kind_of_activity", "walking"), ("how_people_take_part", "in_person"),
                     ("how_people_join", "drop_in")}  # fmt: skip


def test_nothing_is_sent_as_null_or_an_empty_string(api, directory):
    remote = get_json(api, f"/services/{directory['friends'].uuid}")
    assert "service_at_locations" not in remote and "url" not in remote and "email" not in remote
    assert empty_values({"a": None, "b": [{"c": ""}]}) == [".a", ".b[0].c"]


def test_a_charge_is_a_cost_option_with_its_words(api, directory):
    choir = get_json(api, f"/services/{directory['choir'].uuid}")
    assert choir["cost_options"][0]["amount_description"] == "£2 a session"
    assert "amount" not in choir["cost_options"][0]
    assert choir["fees_description"] == "£2 a session"


def test_statuses_are_the_standards_words(api, db, directory):
    directory["choir"].status, directory["friends"].status = "paused", "closed"
    db.commit()
    assert get_json(api, f"/services/{directory['choir'].uuid}")["status"] == "temporarily closed"
    assert get_json(api, f"/services/{directory['friends'].uuid}")["status"] == "inactive"


def test_nothing_personal_is_published(api, db, directory):
    db.add(ProblemReport(listing_id=directory["walk"].id, kind="other", details="Wrong day", contact="me@home.example"))
    waiting_revision(db, directory["walk"], name="A draft name nobody approved")
    everything = " ".join(
        str(get_json(api, path)) for path in ("/services", "/organizations", "/service_at_locations?postcode=LS6")
    )
    everything += " ".join(str(get_json(api, f"/{kind}/{item['id']}")) for kind in ("services", "organizations")
                           for item in get_json(api, f"/{kind}")["contents"])  # fmt: skip
    for secret in ("volunteer.sam@example.org", "07700 900123", "me@home.example", "Wrong day", "draft name"):
        assert secret not in everything
    assert "1234567" in everything  # a charity number is on the public register


def test_listings_not_checked_for_too_long_are_not_published(app, api, db, directory):
    app.extensions[CLOCK] = lambda: datetime(2026, 11, 15, tzinfo=UTC)
    directory["choir"].last_checked_at = datetime(2025, 10, 1, tzinfo=UTC)
    db.commit()
    assert "Kirkstall Community Choir" not in names(get_json(api, "/services")["contents"])
    get_json(api, f"/services/{directory['choir'].uuid}", 404)


def test_organisations_waiting_to_join_or_without_public_listings_are_not_published(api, db, directory):
    waiting = Organisation(slug="waiting", name="Waiting Group", status=OrganisationStatus.PENDING)
    db.add_all([waiting, Organisation(slug="empty", name="No Listings Yet")])
    db.commit()
    published = names(get_json(api, "/organizations")["contents"])
    assert sorted(published) == ["Leeds Advice Centre", "Leeds Test Charity"]
    get_json(api, f"/organizations/{waiting.uuid}", 404)


def test_an_organisation_lists_its_services(api, directory):
    advice = get_json(api, f"/organizations/{directory['money'].organisation.uuid}")
    assert names(advice["services"]) == ["Money Advice Drop-in"]
    assert advice["organization_identifiers"][0] | {"id": ""} == {
        "id": "", "organization_id": advice["id"], "identifier_scheme": "GB-CHC", "identifier_type": "Charity number",
        "identifier": "1234567",
    }  # fmt: skip


def test_ids_stay_the_same_through_edits_and_restores(api, db, directory):
    walk = directory["walk"]
    before = get_json(api, f"/services/{walk.uuid}")
    snapshot = listing_to_dict(walk)
    publish_listing(db, walk.organisation_id, {**snapshot, "name": "Headingley Health Walks"}, walk)
    db.commit()
    edited = get_json(api, f"/services/{walk.uuid}")
    assert edited["name"] == "Headingley Health Walks"
    assert edited["service_at_locations"][0]["id"] == before["service_at_locations"][0]["id"]
    publish_listing(db, walk.organisation_id, snapshot, walk)  # a restore of the earlier version
    db.commit()
    assert get_json(api, f"/services/{walk.uuid}")["service_at_locations"] == before["service_at_locations"]
    assert get_json(api, f"/organizations/{edited['organization_id']}")["id"] == before["organization_id"]


def test_a_place_moved_to_another_postcode_is_a_new_place(api, db, directory):
    walk = directory["walk"]
    before = get_json(api, f"/services/{walk.uuid}")["service_at_locations"][0]["id"]
    moved = {**listing_to_dict(walk), "locations": [place(53.83, -1.58, postcode="LS6 2AA")]}
    publish_listing(db, walk.organisation_id, moved, walk)
    db.commit()
    assert get_json(api, f"/services/{walk.uuid}")["service_at_locations"][0]["id"] != before


def test_unknown_ids_give_a_404_with_a_json_body(api, directory):
    for kind in ("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"):
        body = valid("error", get_json(api, f"/{kind}/{ids.part_of(ids.PORTAL, 'nothing')}", 404))
        assert body["error"] == "not_found"
        get_json(api, f"/{kind}/not-a-uuid", 404)
    assert valid("error", get_json(api, "/no-such-endpoint", 404))["error"] == "not_found"


def test_only_get_is_answered(api):
    response = api.post(f"{API}/services")
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_responses_are_cacheable_and_a_client_with_the_page_gets_a_304(api, directory):
    response = api.get(f"{API}/services")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    again = api.get(f"{API}/services", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"


def test_requests_are_limited_per_address_with_a_json_429(app, api):
    app.config["SETTINGS"] = replace(app.config["SETTINGS"], api_rate_limit="3 per minute")
    for _ in range(3):
        get_json(api, "/")
    body = valid("error", get_json(api, "/", 429))
    assert body["error"] == "too_many_requests"
    another_address = app.test_client().get(f"{API}/", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert another_address.status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "page must be a whole number from 1 to 1000000"),
        ("page=abc", "page must be a whole number from 1 to 1000000"),
        ("page=99999999999999999999", "page must be a whole number from 1 to 1000000"),
        ("per_page=101", "per_page must be a whole number from 1 to 100"),
        ("per_page=-1", "per_page must be a whole number from 1 to 100"),
        ("modified_after=yesterday", "modified_after must be a date or date-time"),
        ("search=" + "x" * 201, "search can be up to 200 characters"),
    ],
)
def test_a_bad_parameter_is_a_400_with_a_message(api, query, message):
    body = valid("error", get_json(api, f"/services?{query}", 400))
    assert body["error"] == "bad_request" and body["message"].startswith(message)


def test_pages_follow_page_and_per_page_and_a_page_past_the_end_is_empty(api, directory):
    first = get_json(api, "/services?per_page=3")
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (4, 2, 1, 3)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    second = get_json(api, "/services?per_page=3&page=2")
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    past = valid("page", get_json(api, "/services?per_page=3&page=9"))
    assert past["contents"] == [] and past["empty"] and past["size"] == 0 and past["total_items"] == 4


def _term_id(code: str) -> str:
    return str(ids.term_id(KINDS_OF_ACTIVITY.key, code))


def test_services_are_found_by_our_own_search_with_its_plain_words(api, directory):
    assert names(get_json(api, "/services?search=lonely")["contents"]) == ["Telephone Friends"]
    assert names(get_json(api, "/services?search=choir")["contents"]) == ["Kirkstall Community Choir"]


def test_service_filters_combine_as_and(api, db, directory):
    walking, music = _term_id("walking"), _term_id("music")
    charity = directory["walk"].organisation.uuid
    assert names(get_json(api, f"/services?taxonomy_term_id={music}")["contents"]) == ["Kirkstall Community Choir"]
    both = names(get_json(api, f"/services?taxonomy_term_id={walking}&organization_id={charity}")["contents"])
    assert both == ["Headingley Health Walk"]
    assert get_json(api, f"/services?taxonomy_term_id={music}&search=walk")["contents"] == []
    assert len(get_json(api, f"/services?taxonomy_id={KINDS_OF_ACTIVITY.id}")["contents"]) == 4
    assert get_json(api, f"/services?taxonomy_term_id={ids.PORTAL}")["contents"] == []
    assert get_json(api, "/services?organization_id=not-a-uuid")["contents"] == []
    join_by_booking = ids.term_id("how_people_join", "book_first")
    assert names(get_json(api, f"/services?taxonomy_term_id={join_by_booking}")["contents"]) == ["Telephone Friends"]


def test_services_modified_after_a_moment(api, db, directory):
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    for item in directory.values():
        item.updated_at = long_ago
    db.commit()
    publish_listing(db, directory["choir"].organisation_id, listing_to_dict(directory["choir"]), directory["choir"])
    db.commit()
    since = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert names(get_json(api, f"/services?modified_after={since}")["contents"]) == ["Kirkstall Community Choir"]
    assert len(get_json(api, "/services?modified_after=2019-12-31")["contents"]) == 4


def test_places_come_nearest_first_from_a_postcode_within_the_proximity_in_metres(api, directory):
    nearest = get_json(api, "/service_at_locations?postcode=ls61an")["contents"]
    assert [item["service"]["name"] for item in nearest] == [
        "Headingley Health Walk", "Kirkstall Community Choir", "Money Advice Drop-in",
    ]  # fmt: skip
    within = get_json(api, "/service_at_locations?postcode=LS6 1AN&proximity=2000")
    assert [item["service"]["name"] for item in within["contents"]] == [
        "Headingley Health Walk", "Kirkstall Community Choir",
    ]  # fmt: skip
    assert within["total_items"] == 2
    music = get_json(api, f"/service_at_locations?postcode=LS6&taxonomy_term_id={_term_id('music')}")
    assert [item["service"]["name"] for item in music["contents"]] == ["Kirkstall Community Choir"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("postcode=NOT+A+POSTCODE", "postcode must be a UK postcode"),
        ("proximity=500", "proximity needs a postcode"),
        ("postcode=LS6&proximity=far", "proximity must be a whole number"),
        ("postcode=LS6&proximity=99999999", "proximity must be a whole number from 0 to 1000000"),
    ],
)
def test_a_bad_place_is_a_400(api, directory, query, message):
    assert get_json(api, f"/service_at_locations?{query}", 400)["message"].startswith(message)


def test_our_kinds_of_activity_are_a_taxonomy_of_our_own(api, db):
    taxonomies = get_json(api, "/taxonomies")["contents"]
    assert taxonomies[0]["name"] == "Kinds of activity"
    kinds = get_json(api, f"/taxonomy_terms?taxonomy_id={KINDS_OF_ACTIVITY.id}&per_page=100")["contents"]
    assert {"walking", "money", "befriending"} <= {term["code"] for term in kinds}
    walking = get_json(api, f"/taxonomy_terms/{_term_id('walking')}")
    assert walking["name"] == "Walking and outdoors" and walking["taxonomy_id"] == str(KINDS_OF_ACTIVITY.id)
    assert len(get_json(api, "/taxonomy_terms?top_only=true&per_page=100")["contents"]) == len(
        get_json(api, "/taxonomy_terms?per_page=100")["contents"]
    )
    assert get_json(api, f"/taxonomy_terms?parent_id={walking['id']}")["contents"] == []
    assert get_json(api, "/taxonomy_terms?top_only=perhaps", 400)["message"] == "top_only must be true or false"


@pytest.fixture
def fifty_five_groups(db):
    with_postcodes(db)
    for number in range(55):
        listing(db, f"Group {number}", miles_north=number / 20)


@pytest.mark.parametrize("path", ["/services", "/service_at_locations", "/service_at_locations?postcode=LS6+1AN"])
def test_a_page_of_fifty_costs_the_same_few_queries_as_a_page_of_five(app, api, fifty_five_groups, path):
    joiner = "&" if "?" in path else "?"
    get_json(api, f"{path}{joiner}per_page=5")  # the categories are read once a few seconds
    engine = get_database(app).engine
    with counted_queries(engine) as five:
        get_json(api, f"{path}{joiner}per_page=5")
    with counted_queries(engine) as fifty:
        page = get_json(api, f"{path}{joiner}per_page=50")
    assert len(page["contents"]) == 50
    assert len(fifty) == len(five) <= 3


def test_pages_of_places_near_a_postcode_follow_on_nearest_first(api, fifty_five_groups):
    path = "/service_at_locations?postcode=LS6+1AN&proximity=100000"
    everything = get_json(api, f"{path}&per_page=100")["contents"]
    assert [item["service"]["name"] for item in everything] == [f"Group {number}" for number in range(55)]
    pages = [get_json(api, f"{path}&per_page=20&page={number}") for number in (1, 2, 3)]
    assert [item for page in pages for item in page["contents"]] == everything
    assert [page["total_items"] for page in pages] == [55, 55, 55]
    past = get_json(api, f"{path}&per_page=20&page=4")
    assert past["contents"] == [] and past["total_items"] == 55 and past["total_pages"] == 3


def test_a_listing_with_a_hidden_place_still_publishes_its_other_fields(api, db, directory):
    walk = directory["walk"]
    publish_listing(db, walk.organisation_id, {**listing_to_dict(walk), "locations": [
        {**place(*LS6_1AN), "address_1": "", "name": "", "city": ""}]}, walk)  # fmt: skip
    db.commit()
    (at,) = get_json(api, f"/services/{walk.uuid}")["service_at_locations"]
    assert "addresses" not in at["location"]  # an address needs every part the standard requires
    assert db.scalar(select(Listing.uuid).where(Listing.id == walk.id)) == walk.uuid
