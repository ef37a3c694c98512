"""The search logic, on whichever database the suite runs against."""

from datetime import date

import pytest

from portal.directory.search import COUNT_CAP, Criteria, search_near, search_remote
from tests.directory_helpers import LS6_1AN, listing, weekly

TUESDAY = date(2026, 11, 3)


@pytest.fixture
def english(app):
    with app.test_request_context("/en/directory"):
        yield


def near(db, offset=0, limit=10, today=TUESDAY, **criteria):
    return search_near(db, Criteria(**criteria), *LS6_1AN, today, offset, limit)


def names(db, results):
    from portal.directory.models import Listing

    return [db.get(Listing, hit.listing_id).name for hit in results.hits]


def test_results_come_nearest_first_with_miles_to_one_decimal(db, english):
    for name, miles in (("Far", 2.0), ("Next door", 0.1), ("Middle", 1.04), ("Close", 0.5)):
        listing(db, name, miles_north=miles)
    results = near(db)
    assert names(db, results) == ["Next door", "Close", "Middle", "Far"]
    assert [hit.miles for hit in results.hits] == [0.1, 0.5, 1.0, 2.0]
    assert results.total == 4 and not results.has_more


def test_places_further_than_the_chosen_distance_are_left_out(db, english):
    listing(db, "Near", miles_north=2.5)
    listing(db, "Too far", miles_north=3.5)
    assert names(db, near(db, miles=3.0)) == ["Near"]
    assert names(db, near(db, miles=5.0)) == ["Near", "Too far"]


def test_a_place_at_the_edge_of_the_search_is_still_found_when_nothing_is_closer(db, english):
    listing(db, "Lonely outpost", miles_north=19.5)
    assert names(db, near(db, miles=20.0)) == ["Lonely outpost"]


def test_a_listing_that_meets_in_two_places_appears_once_at_its_nearest(db, english):
    from tests.directory_helpers import place

    listing(
        db,
        "Two venues",
        locations=[place(LS6_1AN[0] + 2 / 69.05, LS6_1AN[1]), place(LS6_1AN[0] + 0.5 / 69.05, LS6_1AN[1])],
    )
    results = near(db)
    assert [hit.miles for hit in results.hits] == [0.5]


def test_pages_follow_on_and_say_when_there_are_more(db, english):
    for n in range(25):
        listing(db, f"Group {n:02d}", miles_north=n * 0.1)
    first, third = near(db, offset=0), near(db, offset=20)
    assert names(db, first) == [f"Group {n:02d}" for n in range(10)] and first.has_more
    assert names(db, third) == [f"Group {n:02d}" for n in range(20, 25)] and not third.has_more
    assert first.total == 25


def test_counts_stop_at_the_cap(db, english):
    for n in range(COUNT_CAP + 3):
        listing(db, f"Group {n}", miles_north=(n % 40) * 0.05)
    results = near(db)
    assert results.more_than_cap and results.total == COUNT_CAP and len(results.hits) == 10


def test_paused_and_closed_listings_are_not_found(db, english):
    listing(db, "Open")
    listing(db, "Paused", status="paused")
    listing(db, "Closed", status="closed")
    assert names(db, near(db)) == ["Open"]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"free_only": True}, ["Free walk"]),
        ({"drop_in": True}, ["Free walk"]),
        ({"category": "music"}, ["Choir"]),
        ({"languages": frozenset({"ur"})}, ["Choir"]),
        ({"audiences": frozenset({"carers"})}, ["Choir"]),
        ({"days": frozenset({3})}, ["Choir"]),  # Thursday
        ({"access": frozenset({"step_free"})}, ["Free walk", "Choir"]),
        ({"access": frozenset({"step_free", "hearing_loop"})}, ["Choir"]),
    ],
)
def test_each_filter_keeps_only_what_matches(db, english, criteria, expected):
    listing(db, "Free walk", accessibility=["step_free"])
    listing(db, "Choir", miles_north=0.3, categories=["music"], is_free=False, fees_description="£3",
            attending_access="book_first", languages=["en", "ur"], audiences=["carers"],
            accessibility=["step_free", "hearing_loop"], schedules=[weekly("TH")])  # fmt: skip
    assert names(db, near(db, **criteria)) == expected


def test_on_today_knows_a_fortnightly_group_is_not_on_this_week(db, english):
    listing(db, "Every Tuesday", schedules=[weekly("TU")])
    listing(db, "Tuesday fortnightly, last week", schedules=[weekly("TU", interval=2, dtstart="2026-10-27")])
    listing(db, "Second Tuesday", schedules=[{**weekly("2TU"), "freq": "MONTHLY"}])
    listing(db, "First Tuesday", schedules=[{**weekly("1TU"), "freq": "MONTHLY"}])
    listing(db, "Thursdays", schedules=[weekly("TH")])
    assert sorted(names(db, near(db, on_today=True, today=TUESDAY))) == ["Every Tuesday", "First Tuesday"]
    assert names(db, near(db, on_today=True, today=date(2026, 11, 5))) == ["Thursdays"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lonely", ["Befriending", "Lunch club"]),
        ("I feel so lonely", ["Befriending", "Lunch club"]),
        ("money", ["Debt advice"]),
        ("help with my debts", ["Debt advice"]),
        ("sad", ["Wellbeing café"]),
        ("feeling down", ["Wellbeing café"]),
    ],
)
def test_plain_words_find_the_right_kind_of_group(db, english, typed, expected):
    listing(db, "Befriending", categories=["befriending"])
    listing(db, "Lunch club", miles_north=0.1, categories=["social"])
    listing(db, "Debt advice", miles_north=0.2, categories=["money"])
    listing(db, "Wellbeing café", miles_north=0.3, categories=["mental_wellbeing"])
    listing(db, "Walk", miles_north=0.4, categories=["walking"])
    assert names(db, near(db, words=typed)) == expected


def test_words_that_name_no_category_search_the_text(db, english):
    listing(db, "Kirkstall Abbey Volunteers", categories=["volunteering"])
    listing(db, "Headingley Walk", miles_north=0.1, description="We walk past Kirkstall Abbey.")
    listing(db, "Something else", miles_north=0.2)
    assert names(db, near(db, words="kirkstall")) == ["Kirkstall Abbey Volunteers", "Headingley Walk"]
    assert names(db, near(db, words="abbey past")) == ["Headingley Walk"]


def test_changed_listings_are_searched_by_their_new_words(db, english):
    from portal.directory.services import publish_listing
    from portal.directory.snapshots import listing_to_dict

    made = listing(db, "Otley Chess Club")
    assert names(db, near(db, words="chess")) == ["Otley Chess Club"]
    publish_listing(
        db, made.organisation_id, {**listing_to_dict(made), "name": "Otley Draughts Club", "summary": "Draughts."}, made
    )
    db.commit()
    assert names(db, near(db, words="chess")) == []
    assert names(db, near(db, words="draughts")) == ["Otley Draughts Club"]


def test_online_and_phone_services_are_offered_beside_places(db, english):
    listing(db, "Walk")
    listing(db, "Phone befriending", remote=True, categories=["befriending"])
    results = near(db)
    assert names(db, results) == ["Walk"]
    assert [hit.miles for hit in results.remote] == [None] and len(results.remote) == 1


def test_without_a_place_online_and_phone_services_are_listed_by_name(db, english):
    listing(db, "Walk")
    listing(db, "Zebra helpline", remote=True)
    listing(db, "Advice line", remote=True)
    results = search_remote(db, Criteria(), TUESDAY, 0, 10)
    assert names(db, results) == ["Advice line", "Zebra helpline"]
    assert search_remote(db, Criteria(delivery=frozenset({"online"})), TUESDAY, 0, 10).hits == []


def test_welsh_words_find_groups_on_welsh_pages(app, db):
    listing(db, "Befriending", categories=["befriending"])
    listing(db, "Debt advice", miles_north=0.1, categories=["money"])
    with app.test_request_context("/cy/directory"):
        assert names(db, near(db, words="unig")) == ["Befriending"]
        assert names(db, near(db, words="dyled")) == ["Debt advice"]


def test_urdu_words_find_groups_on_urdu_pages(app, db):
    listing(db, "Wellbeing café", categories=["mental_wellbeing"])
    listing(db, "Debt advice", miles_north=0.1, categories=["money"])
    with app.test_request_context("/ur/directory"):
        assert names(db, near(db, words="اداس")) == ["Wellbeing café"]
        assert names(db, near(db, words="قرض")) == ["Debt advice"]


def test_words_naming_a_category_and_text_with_a_postcode_skip_online_services(db, english):
    """ "money advice" compiles to "category OR text": without brackets it matched online
    services with no place, and their missing coordinates crashed the distance sum."""
    listing(db, "Debt advice", categories=["money"])
    listing(db, "Money helpline", remote=True, categories=["money"], description="Money advice by phone.")
    results = near(db, words="money advice")
    assert names(db, results) == ["Debt advice"]
    assert [hit.miles for hit in results.remote] == [None]
    assert results.total == 1


@pytest.mark.parametrize(
    ("locale", "lonely"),
    [
        ("en", "lonely"), ("cy", "unig"), ("pl", "samotny"), ("ro", "singur"), ("pt", "sozinho"), ("es", "soledad"),
        ("ar", "وحيد"), ("ur", "تنہائی"), ("pa", "ਇਕੱਲਾ"), ("bn", "একা"), ("gu", "એકલતા"),
    ],
)  # fmt: skip
def test_the_plain_word_for_lonely_finds_befriending_in_every_language(app, db, locale, lonely):
    listing(db, "Befriending", categories=["befriending"])
    listing(db, "Debt advice", miles_north=0.1, categories=["money"])
    with app.test_request_context(f"/{locale}/directory"):
        assert names(db, near(db, words=lonely)) == ["Befriending"]
