"""The directory as people meet it: a search that fails says so, every focused thing shows
its focus, and the pages fit a 360 px phone and put the first result in view on a desktop."""

import pytest

from tests.browser.conftest import new_page
from tests.directory_helpers import listing, with_postcodes


@pytest.fixture
def leeds(db):
    with_postcodes(db)
    for n in range(6):
        listing(db, f"Headingley Walk {n}", miles_north=n * 0.4 + 0.1)
    listing(db, "Telephone Friends", remote=True, categories=["befriending"])
    return db


@pytest.fixture
def phone(browser):
    page = new_page(browser, width=360)
    yield page
    page.context.close()


def fail_htmx_requests(route):
    if route.request.headers.get("hx-request"):
        route.fulfill(status=500, body="")
    else:
        route.continue_()


def test_a_search_that_fails_says_so_in_the_results_and_the_live_region(phone, live_server, leeds):
    phone.goto(f"{live_server}/en/directory")
    phone.route("**/en/directory?**", fail_htmx_requests)
    phone.get_by_label("Postcode").fill("LS6 1AN")
    phone.get_by_role("button", name="Search", exact=True).click()
    notice = phone.locator("#results [data-request-failure]")
    notice.wait_for()
    assert "We could not show the results" in notice.inner_text()
    assert phone.locator("#results-status").inner_text().startswith("We could not show the results")
    again = notice.get_by_role("link", name="Search again")
    assert "postcode=LS6" in again.get_attribute("href")


def test_a_search_with_no_network_says_so_too(phone, live_server, leeds):
    phone.goto(f"{live_server}/en/directory")
    phone.route("**/en/directory?**", lambda route: route.abort())
    phone.get_by_label("Postcode").fill("LS6 1AN")
    phone.get_by_role("button", name="Search", exact=True).click()
    phone.locator("#results [data-request-failure]").wait_for()
