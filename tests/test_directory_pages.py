"""The directory's pages, with and without htmx."""

from datetime import UTC, datetime

import pytest

from portal.clock import CLOCK
from portal.directory.models import SearchRecord
from portal.directory.search_records import search_records
from tests.directory_helpers import add_to_shortlist, listing, with_postcodes


@pytest.fixture
def leeds(db):
    with_postcodes(db)
    for n in range(7):
        listing(db, f"Walk {n}", miles_north=n * 0.3, is_free=n % 2 == 0, accessibility=["step_free"] if n < 3 else [])
    listing(db, "Phone friends", remote=True, categories=["befriending"])
    return db


def test_the_home_page_leads_to_the_directory(client):
    page = client.get("/en/")
    link = [a for a in page.select(".action-list__link") if a.get_text() == "Find groups and services near you"]
    assert link and link[0]["href"] == "/en/directory"


def test_the_search_page_starts_with_the_form_and_no_results(client):
    page = client.get("/en/directory")
    assert page.h1 == "Find groups and services near you"
    assert page.one("#postcode")["autocomplete"] == "postal-code"
    assert page.select(".result") == []
    assert page.one("#results-status")["role"] == "status"


def test_a_postcode_search_lists_places_nearest_first(client, leeds):
    page = client.get("/en/directory?postcode=ls6+1an")
    assert page.one("#results-heading").get_text(strip=True) == "7 groups and services near LS6 1AN"
    titles = [a.get_text(strip=True) for a in page.select("#result-list .result__title a")]
    assert titles == [f"Walk {n}" for n in range(7)]
    assert page.select("#result-list .result__where")[1].get_text(strip=True).startswith("0.3 miles away")
    assert page.one("#postcode")["value"] == "LS6 1AN"


def test_results_show_the_next_session_cost_and_badges(client, leeds, app):
    app.extensions[CLOCK] = lambda: datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
    try:
        first = client.get("/en/directory?postcode=LS6+1AN").select("#result-list .result")[0]
    finally:
        app.extensions.pop(CLOCK)
    assert "Tuesday 3 November, 10am to midday" in first.get_text(" ", strip=True)
    assert [tag.get_text() for tag in first.select(".badges li")] == ["Free", "Drop in", "Wheelchair access"]


def test_online_and_phone_services_are_labelled_beside_places(client, leeds):
    page = client.get("/en/directory?postcode=LS6+1AN")
    remote = page.select(".results--remote .result")
    assert len(remote) == 1 and "Online or by phone" in remote[0].get_text()


def test_filters_narrow_the_results_without_javascript(client, leeds):
    page = client.get("/en/directory?postcode=LS6+1AN&only=free&access=step_free")
    assert [a.get_text(strip=True) for a in page.select("#result-list .result__title a")] == ["Walk 0", "Walk 2"]
    assert page.one("#only-0").has_attr("checked")
    assert page.one("details.filter[open] #access-0")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("banana", "Enter a postcode, like LS1 1AN, or just the first part, like LS1"),
        ("LS6 9ZZ", None),
        ("LS30", "That postcode is outside Leeds. Enter a postcode in Leeds"),
        ("SW1A 1AA", "That postcode is outside Leeds. Enter a postcode in Leeds"),
    ],
)
def test_postcodes_that_cannot_be_used_get_a_message_by_the_field_and_still_show_help(client, leeds, typed, message):
    page = client.get(f"/en/directory?postcode={typed}")
    if message is None:
        assert "we searched from the middle of LS6" in page.text()
        return
    assert page.one("#postcode-error").get_text(" ", strip=True) == f"Error: {message}"
    assert page.title.startswith("Error:")
    assert [a.get_text(strip=True) for a in page.select("#result-list .result__title a")] == ["Phone friends"]


def test_a_postcode_area_we_have_no_data_for_is_unknown(client, db):
    listing(db, "Phone friends", remote=True)
    page = client.get("/en/directory?postcode=LS6+1AN")
    assert "We cannot find that postcode" in page.one("#postcode-error").get_text()


def test_no_results_suggest_widening_the_search_and_a_link_worker(client, leeds):
    page = client.get("/en/directory?postcode=LS6+1AN&category=music&only=free&distance=3")
    text = page.text(".no-results")
    assert "Nothing matches your search." in text
    assert "search further away, within 20 miles" in text and "remove the filters" in text
    assert "look at Arts and crafts" in text and "talk to a link worker" in text


def test_pages_of_results_work_as_plain_links(client, db):
    with_postcodes(db)
    for n in range(12):
        listing(db, f"Group {n:02d}", miles_north=n * 0.1)
    first = client.get("/en/directory?postcode=LS6+1AN")
    next_link = first.one(".pagination__more")
    assert next_link.get_text(" ", strip=True) == "Next page Show more results"
    second = client.get(next_link["href"])
    assert [a.get_text(strip=True) for a in second.select("#result-list .result__title a")] == ["Group 10", "Group 11"]
    assert second.one("a[rel=prev]")


def test_htmx_gets_only_the_results_with_the_count_for_the_live_region(client, leeds):
    response = client.client.get(
        "/en/directory?postcode=LS6+1AN", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="results-heading"' in html
    assert '<div id="results-status" hx-swap-oob="innerHTML">7 groups and services near LS6 1AN</div>' in html
    assert 'id="postcode-group" hx-swap-oob="true"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_show_more_appends_the_next_results_for_htmx(client, db):
    with_postcodes(db)
    for n in range(12):
        listing(db, f"Group {n:02d}", miles_north=n * 0.1)
    response = client.client.get(
        "/en/directory?postcode=LS6+1AN&page=2", headers={"HX-Request": "true", "HX-Target": "result-list"}
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<li class="result">') and html.count('<li class="result">') == 2
    assert '<div id="show-more" hx-swap-oob="true">' in html and "2 more results shown" in html


def test_the_search_form_is_enhanced_with_htmx_on_a_real_get_form(client):
    form = client.get("/en/directory").one("form.directory-search")
    assert form["method"] == "get" and form["action"] == "/en/directory"
    assert form["hx-get"] == "/en/directory" and form["hx-push-url"] == "true" and form["hx-target"] == "#results"
    assert form["hx-trigger"].startswith("submit, change")


def test_every_search_is_recorded_without_personal_details(client, leeds, db, app):
    client.get("/en/directory?postcode=LS6+1AN&q=I+am+John+and+feel+lonely&only=free")
    client.get("/en/directory?postcode=nonsense")
    client.get("/en/directory?postcode=LS6+1AN&page=2")  # the same search, further on: not counted again
    search_records(app).flush()
    records = db.query(SearchRecord).order_by(SearchRecord.id).all()
    assert [(r.outward_code, r.place_outcome, r.locale, r.result_count) for r in records] == [
        ("LS6", "postcode", "en", 0),
        (None, "malformed", "en", 1),
    ]
    assert records[0].categories == ["befriending", "social"]
    assert records[0].filters == {"only": ["free"], "distance": 5.0, "words": True}
    assert "John" not in str(records[0].filters) + str(records[0].categories) + str(records[0].known_words)
    assert (records[0].known_words, records[0].other_words) == (["lonely"], True)


def test_a_listing_page_shows_everything_and_when_it_was_last_checked(client, db):
    made = listing(db, "Headingley Health Walk", phone="0113 496 0123", accessibility=["step_free", "hearing_loop"],
                   languages=["en", "pl"], audiences=["carers"], minimum_age=18)  # fmt: skip
    page = client.get(f"/en/directory/listings/{made.id}")
    assert page.h1 == "Headingley Health Walk"
    text = page.text()
    for words in ("Every Tuesday, 10am to midday", "Drop in: just turn up", "Step-free access and Hearing loop",
                  "English and Polish", "Carers. Ages 18 and over", "Last checked on 1 November 2026."):  # fmt: skip
        assert words in text
    assert "openstreetmap.org/?mlat=53.81990&mlon=-1.56740" in page.one(".address + p a")["href"]
    assert not page.select(".notice--warning")


def test_a_listing_not_checked_for_six_months_says_it_may_be_out_of_date(client, db):
    made = listing(db, "Old news", last_checked_at=datetime(2024, 1, 1, tzinfo=UTC).isoformat())
    assert "may be out of date" in client.get(f"/en/directory/listings/{made.id}").text(".notice--warning")


def test_organisation_english_is_marked_in_other_languages(client, db):
    made = listing(
        db, "Headingley Health Walk", translations=[{"locale": "cy", "name": "Taith Gerdded", "summary": ""}]
    )
    page = client.get(f"/cy/directory/listings/{made.id}")
    assert page.one("h1").get("lang") is None and page.h1 == "Taith Gerdded"
    assert page.one("p.lead")["lang"] == "en"
    assert "1 Tachwedd 2026" in page.text(".last-checked")


def test_an_unknown_listing_is_not_found(client):
    client.get("/en/directory/listings/999", expected_status=404)


def test_a_listing_goes_into_the_shortlist_and_out_again(client, db):
    made = listing(db, "Headingley Health Walk")
    saved = client.follow(add_to_shortlist(client, made.id))
    assert "Headingley Health Walk is in your shortlist." in saved.text(".notice--success")
    assert saved.one(".saved")
    shortlist = client.get("/en/directory/shortlist")
    assert shortlist.response.headers["Cache-Control"] == "no-store"
    assert [a.get_text(strip=True) for a in shortlist.select(".shortlist__title a")] == ["Headingley Health Walk"]
    assert "Every Tuesday" in shortlist.text(".shortlist")
    emptied = client.follow(
        client.submit(shortlist, "/en/directory/shortlist/remove", {"listing_id": made.id}, expected_status=303)
    )
    assert emptied.select(".shortlist__item") == []


def test_a_first_visit_to_a_listing_sets_no_cookie_and_asks_before_adding_to_the_shortlist(client, db):
    made = listing(db, "Headingley Health Walk")
    page = client.get(f"/en/directory/listings/{made.id}?search=postcode%3DLS6")
    assert "Set-Cookie" not in page.response.headers
    assert page.soup.select_one('input[name="csrf_token"]') is None
    ask = page.one('form[action="/en/directory/shortlist/add"]')
    assert ask["method"] == "get"
    asked = client.get(f"/en/directory/shortlist/add?listing_id={made.id}&search=postcode%3DLS6")
    assert asked.response.headers["Cache-Control"] == "no-store"
    assert asked.text("h1") == "Headingley Health Walk"
    assert asked.one('form[action="/en/directory/shortlist"] input[name="search"]')["value"] == "postcode=LS6"
    saved = client.follow(client.submit(asked, "/en/directory/shortlist", {"listing_id": made.id}, expected_status=303))
    assert saved.one(".saved")


def test_a_listing_seen_with_a_session_adds_to_the_shortlist_at_once(client, db):
    first, second = listing(db, "Headingley Health Walk"), listing(db, "Kirkstall Choir")
    add_to_shortlist(client, first.id)
    page = client.get(f"/en/directory/listings/{second.id}")
    assert page.one('form[action="/en/directory/shortlist"] input[name="csrf_token"]')


def test_asking_to_add_an_unknown_listing_is_not_found(client):
    client.get("/en/directory/shortlist/add?listing_id=999", expected_status=404)
    client.get("/en/directory/shortlist/add?listing_id=x", expected_status=400)


def test_adding_to_the_shortlist_needs_the_form_token(client, db):
    made = listing(db)
    client.post("/en/directory/shortlist", {"listing_id": made.id}, expected_status=400)


def test_use_my_location_gives_the_nearest_outward_code_only(client, db):
    with_postcodes(db)
    response = client.client.get("/en/directory/area?latitude=53.8201&longitude=-1.5702")
    assert response.get_json() == {"outward_code": "LS6"}
    assert response.headers["Cache-Control"] == "no-store"
    assert client.client.get("/en/directory/area?latitude=51.5&longitude=-0.1").get_json() == {"outward_code": None}
    assert client.client.get("/en/directory/area?latitude=north").status_code == 400


def test_searches_record_the_language_of_the_page(client, db, app):
    client.get("/cy/directory?postcode=LS6")
    search_records(app).flush()
    assert db.query(SearchRecord).one().locale == "cy"


@pytest.mark.parametrize("locale", ["en", "cy", "ur"])
def test_the_directory_pages_render_in_every_language(client, leeds, locale):
    assert client.get(f"/{locale}/directory?postcode=LS6+1AN&when=today&language=ur").h1
    assert client.get(f"/{locale}/directory/shortlist").h1


def test_a_typo_that_finds_nothing_offers_did_you_mean_walking(client, leeds):
    page = client.get("/en/directory?postcode=LS6+1AN&q=wlking")
    suggestion = page.one(".did-you-mean")
    assert suggestion.get_text(" ", strip=True) == "Did you mean walking ?"
    corrected = client.get(suggestion.select_one("a")["href"])
    assert corrected.select("#result-list .result") and corrected.one("#q")["value"] == "walking"
    assert corrected.one("#postcode")["value"] == "LS6 1AN"


def test_a_misspelt_listing_name_is_suggested(client, db):
    with_postcodes(db)
    listing(db, "Kirkstall Abbey Volunteers", categories=["volunteering"])
    suggestion = client.get("/en/directory?postcode=LS6+1AN&q=kirkstal+abey").one(".did-you-mean a")
    assert suggestion.get_text() == "kirkstall abbey"


def test_no_suggestion_when_the_words_find_something_or_are_unknown(client, leeds):
    assert client.get("/en/directory?postcode=LS6+1AN&q=walking").select(".did-you-mean") == []
    assert client.get("/en/directory?postcode=LS6+1AN&q=zzqxj").select(".did-you-mean") == []
