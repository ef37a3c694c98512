"""The directory as people meet it: a search that fails says so, every focused thing shows
its focus, and the pages fit a 360 px phone and put the first result in view on a desktop."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling, new_page
from tests.directory_helpers import add_to_shortlist_in_browser, listing, with_postcodes


def keep_screenshot(page, name):
    """Screenshots to look at by hand, kept only when SCREENSHOT_DIR is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


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


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const alpha = colour => { const parts = (colour.match(/rgba?\\(([^)]+)\\)/) || [, "0,0,0"])[1].split(",");
                            return parts.length > 3 ? Number(parts[3]) : 1; };
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && alpha(style.outlineColor) > 0;
  const shadow = style.boxShadow !== "none";
  const label = (el.getAttribute("aria-label") || el.textContent || el.name || el.id || "").trim().slice(0, 40);
  return {element: el.tagName.toLowerCase() + " " + label, visible: outline || shadow};
}"""


def focus_styles_while_tabbing(page, limit=120):
    """Each element Tab reaches, once round the page, and whether its focus can be seen."""
    seen, found = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused is None:
            continue
        handle = page.evaluate_handle("document.activeElement")
        key = page.evaluate("el => el.outerHTML.slice(0, 200)", handle)
        if key in seen:
            break
        seen.add(key)
        found.append(focused)
    return found


@pytest.fixture
def listing_with_long_addresses(leeds):
    return listing(
        leeds, "Chapeltown Community Wellbeing and Friendship Network", miles_north=0.05,
        email="hello.everyone@chapeltowncommunitywellbeingandfriendshipnetwork.example.org",
        url="https://www.chapeltowncommunitywellbeingandfriendshipnetwork.example.org/our-groups/wednesday",
        phone="0113 496 0123",
    )  # fmt: skip


@pytest.mark.parametrize("width", [360, 1280])
def test_every_focusable_element_on_the_search_page_shows_its_focus(browser, live_server, leeds, width):
    page = new_page(browser, width=width, height=900)
    try:
        page.goto(f"{live_server}/en/directory?postcode=LS6+1AN")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        found = focus_styles_while_tabbing(page)
        assert any(item["element"].startswith("summary") for item in found)
        assert any(item["element"].startswith("input") for item in found)
        assert [item["element"] for item in found if not item["visible"]] == []
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_every_focusable_element_on_a_listing_shows_its_focus(browser, live_server, listing_with_long_addresses, width):
    page = new_page(browser, width=width, height=900)
    try:
        page.goto(f"{live_server}/en/directory/listings/{listing_with_long_addresses.id}")
        found = focus_styles_while_tabbing(page)
        assert any("tel:" in item["element"] or "0113" in item["element"] for item in found)
        assert [item["element"] for item in found if not item["visible"]] == []
    finally:
        page.context.close()


def test_the_first_result_starts_in_the_first_screen_on_a_desktop(browser, live_server, leeds):
    page = new_page(browser, width=1280, height=900)
    try:
        page.goto(f"{live_server}/en/directory?postcode=LS6+1AN&q=walk")
        title = page.locator("#result-list .result__title").first.bounding_box()
        filters = page.locator("#filters").bounding_box()
        assert title["y"] + title["height"] < 900
        assert filters["x"] + filters["width"] <= title["x"]  # the filters sit beside the results
        keep_screenshot(page, "search-1280")
    finally:
        page.context.close()


def text_at_200_percent(page):
    page.add_style_tag(content="html { font-size: 200% !important; }")


@pytest.mark.parametrize("width", [320, 360])
def test_the_listing_page_fits_a_phone_at_200_percent_text(browser, live_server, listing_with_long_addresses, width):
    page = new_page(browser, width=width)
    try:
        page.goto(f"{live_server}/en/directory/listings/{listing_with_long_addresses.id}")
        text_at_200_percent(page)
        assert fits_without_sideways_scrolling(page)
        keep_screenshot(page, f"listing-{width}-200")
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["/en/directory?postcode=LS6+1AN", "/en/directory/shortlist", "/en/directory"])
def test_public_directory_pages_fit_a_360_phone_at_200_percent_text(
    phone, live_server, listing_with_long_addresses, path
):
    phone.goto(f"{live_server}{path}")
    text_at_200_percent(phone)
    assert fits_without_sideways_scrolling(phone)


def test_the_shortlist_phone_numbers_can_be_tapped(phone, live_server, listing_with_long_addresses):
    phone.goto(f"{live_server}/en/directory/listings/{listing_with_long_addresses.id}")
    add_to_shortlist_in_browser(phone)
    phone.wait_for_load_state()
    phone.goto(f"{live_server}/en/directory/shortlist")
    text_at_200_percent(phone)
    link = phone.locator(".shortlist a[href^='tel:']")
    assert link.get_attribute("href") == "tel:01134960123"
    assert (
        link.evaluate("el => getComputedStyle(el).direction + ' ' + getComputedStyle(el).unicodeBidi") == "ltr isolate"
    )
    assert fits_without_sideways_scrolling(phone)
    keep_screenshot(phone, "shortlist-360-200")


@pytest.mark.parametrize("width", [360, 1280])
def test_every_focusable_element_on_the_shortlist_shows_its_focus(
    browser, live_server, listing_with_long_addresses, width
):
    page = new_page(browser, width=width, height=900)
    try:
        page.goto(f"{live_server}/en/directory/listings/{listing_with_long_addresses.id}")
        add_to_shortlist_in_browser(page)
        page.wait_for_load_state()
        page.goto(f"{live_server}/en/directory/shortlist")
        found = focus_styles_while_tabbing(page)
        assert any(item["element"].startswith("input") for item in found)  # "Text or email me this list"
        assert [item["element"] for item in found if not item["visible"]] == []
        keep_screenshot(page, f"shortlist-{width}")
    finally:
        page.context.close()


def test_the_shortlist_send_form_and_its_errors_pass_axe(phone, live_server, listing_with_long_addresses):
    phone.goto(f"{live_server}/en/directory/listings/{listing_with_long_addresses.id}")
    add_to_shortlist_in_browser(phone)
    phone.wait_for_load_state()
    phone.goto(f"{live_server}/en/directory/shortlist")
    phone.get_by_role("button", name="Send me this list").click()
    phone.wait_for_load_state()
    assert phone.title().startswith("Error: ")
    assert phone.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    violations = axe_violations(phone)
    assert violations == [], describe(violations)


def test_the_desktop_search_layout_passes_axe(browser, live_server, leeds):
    page = new_page(browser, width=1280, height=900)
    try:
        page.goto(f"{live_server}/en/directory?postcode=LS6+1AN")
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    finally:
        page.context.close()
