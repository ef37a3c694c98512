"""The directory journey on a 360 px phone, with and without JavaScript, and axe on every
directory page in every language."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling, new_page
from tests.browser.public_pages import EVERY_LOCALE, WITHOUT_JS_LOCALES
from tests.directory_helpers import add_to_shortlist_in_browser, listing, with_postcodes


@pytest.fixture
def leeds(db):
    with_postcodes(db)
    for n in range(8):
        listing(db, f"Headingley Walk {n}", miles_north=n * 0.4 + 0.1, is_free=n % 2 == 0,
                fees_description="" if n % 2 == 0 else "£2 a walk", accessibility=["step_free"])  # fmt: skip
    listing(db, "Telephone Friends", remote=True, categories=["befriending"])
    return db


@pytest.fixture
def phone(browser):
    page = new_page(browser, width=360)
    yield page
    page.context.close()


@pytest.fixture
def phone_without_js(browser):
    page = new_page(browser, javascript=False, width=360)
    yield page
    page.context.close()


def query(url):
    return parse_qs(urlparse(url).query)


def miles_shown(page):
    texts = page.locator("#result-list .result__where").all_inner_texts()
    return [float(re.match(r"([\d.]+) miles?", text).group(1)) for text in texts]


def test_a_person_finds_filters_opens_and_saves_a_group_with_javascript(phone, live_server, leeds):
    phone.goto(f"{live_server}/en/")
    phone.get_by_role("link", name="Find groups and services near you").click()
    phone.wait_for_load_state()
    phone.get_by_label("Postcode").fill("LS6 1AN")
    phone.get_by_role("button", name="Search", exact=True).click()
    heading = phone.locator("#results-heading")
    heading.wait_for()
    assert heading.inner_text() == "8 groups and services near LS6 1AN"
    assert phone.evaluate("document.activeElement.id") == "results-heading"
    assert phone.locator("#results-status").inner_text() == "8 groups and services near LS6 1AN"
    distances = miles_shown(phone)
    assert len(distances) >= 5 and distances == sorted(distances)
    assert query(phone.url)["postcode"] == ["LS6 1AN"]
    phone.locator("summary", has_text="Cost and booking").click()
    phone.get_by_label("Free", exact=True).check()
    phone.wait_for_function("document.querySelector('#results-heading').textContent.startsWith('4 ')")
    assert query(phone.url)["only"] == ["free"]
    assert phone.evaluate("document.activeElement.id") != "results-heading"  # filtering never moves focus
    phone.locator("#result-list .result__title a").first.click()
    phone.wait_for_url(re.compile(r".*/en/directory/listings/\d+.*"))
    assert phone.locator("h1").inner_text() == "Headingley Walk 0"
    phone.wait_for_load_state()
    add_to_shortlist_in_browser(phone)
    phone.wait_for_load_state()
    phone.get_by_role("link", name="View your shortlist").click()
    phone.wait_for_load_state()
    expect(phone.locator(".shortlist__title")).to_have_text(["Headingley Walk 0"])
    assert phone.get_by_role("button", name="Print your shortlist").is_visible()
    assert fits_without_sideways_scrolling(phone)


def test_a_person_finds_filters_opens_and_saves_a_group_without_javascript(phone_without_js, live_server, leeds):
    page = phone_without_js
    page.goto(f"{live_server}/en/")
    page.get_by_role("link", name="Find groups and services near you").click()
    page.get_by_label("Postcode").fill("LS6 1AN")
    with page.expect_navigation():
        page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator("#results-heading").inner_text() == "8 groups and services near LS6 1AN"
    distances = miles_shown(page)
    assert len(distances) >= 5 and distances == sorted(distances)
    page.locator("summary", has_text="Cost and booking").click()
    page.get_by_label("Free", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    assert page.locator("#results-heading").inner_text() == "4 groups and services near LS6 1AN"
    page.locator("#result-list .result__title a").nth(1).click()
    assert page.locator("h1").inner_text() == "Headingley Walk 2"
    add_to_shortlist_in_browser(page)
    assert "is in your shortlist" in page.locator(".notice--success").inner_text()
    page.wait_for_load_state()
    page.get_by_role("link", name="Back to search").click()
    page.wait_for_load_state()
    assert "only=free" in page.url and page.locator("#results-heading").inner_text().startswith("4 ")
    page.get_by_role("link", name="Your shortlist").click()
    expect(page.locator(".shortlist__title")).to_have_text(["Headingley Walk 2"])
    assert fits_without_sideways_scrolling(page)


def test_show_more_appends_the_next_page_in_place(phone, live_server, db):
    with_postcodes(db)
    for n in range(13):
        listing(db, f"Group {n:02d}", miles_north=n * 0.2)
    phone.goto(f"{live_server}/en/directory?postcode=LS6+1AN")
    phone.get_by_role("link", name="Show more results").click()
    phone.wait_for_function("document.querySelectorAll('#result-list .result').length === 13")
    assert phone.locator("#results-status").inner_text() == "3 more results shown"
    expect(phone.locator(".pagination__more")).to_have_count(0)


@pytest.mark.parametrize(
    ("locale", "javascript"),
    [
        *(pytest.param(code, True, id=f"{code}-with-js") for code in EVERY_LOCALE),
        *(pytest.param(code, False, id=f"{code}-without-js") for code in WITHOUT_JS_LOCALES),
    ],
)
def test_results_listing_and_shortlist_pages_have_no_axe_violations(browser, live_server, leeds, locale, javascript):
    page = new_page(browser, javascript=javascript, width=320)
    try:
        page.goto(f"{live_server}/{locale}/directory?postcode=LS6+1AN&only=free")
        for step in ("results", "listing", "shortlist"):
            if step == "listing":
                page.locator("#result-list .result__title a").first.click()
                page.wait_for_load_state()
            if step == "shortlist":
                add_to_shortlist_in_browser(page)
                page.locator(".notice--success").wait_for()
                page.wait_for_load_state()
                page.goto(f"{live_server}/{locale}/directory/shortlist")
            violations = axe_violations(page)
            assert violations == [], f"{step}: {describe(violations)}"
            assert fits_without_sideways_scrolling(page), step
    finally:
        page.context.close()


def test_use_my_location_searches_from_the_nearest_postcode_area(browser, live_server, leeds):
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        geolocation={"latitude": 53.8199, "longitude": -1.5674},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server}/en/directory")
        page.get_by_role("button", name="Use my location").click()
        page.locator("#results-heading").wait_for()
        assert page.get_by_label("Postcode").input_value() == "LS6"
        assert page.locator("#results-heading").inner_text().endswith("near LS6")
        page.wait_for_load_state()
    finally:
        context.close()


def test_use_my_location_is_not_offered_without_javascript(page_without_js, live_server):
    page_without_js.goto(f"{live_server}/en/directory")
    assert not page_without_js.get_by_role("button", name="Use my location").is_visible()
