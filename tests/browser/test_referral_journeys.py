"""On a phone-sized screen, with JavaScript and without, a person goes from the home page
through each journey to a reference."""

import pytest

from tests.browser.conftest import axe_violations, fits_without_sideways_scrolling, new_page
from tests.browser.referral_walks import (
    REFERENCE,
    ask_for_a_call_back,
    begin,
    call_back_to_check_answers,
    press,
    refer_yourself,
)
from tests.directory_helpers import listing
from tests.referral_journeys import referral_settings


def nothing(_page):
    pass


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def phone(request, browser):
    page = new_page(browser, javascript=request.param, width=360, height=740)
    yield page
    page.context.close()


def test_a_person_refers_themselves_from_the_home_page(app, phone, live_server):
    assert REFERENCE.match(refer_yourself(phone, live_server, "en", nothing))
    assert phone.locator("h1").inner_text() == "Referral sent"


def test_a_person_asks_for_a_call_back_from_the_home_page(app, phone, live_server):
    assert REFERENCE.match(ask_for_a_call_back(phone, live_server, "ur", nothing))
    assert phone.locator("html").get_attribute("dir") == "rtl"


def test_an_empty_continue_shows_the_error_summary_focused_with_an_error_title(app, page, live_server):
    begin(page, live_server, "en", "refer-yourself", nothing)
    with page.expect_navigation():  # to the page's load event, when its script has run
        page.locator("main form .button").click()
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.locator(".error-summary__list a").first.click()
    assert page.evaluate("document.activeElement.id") == "urgent-0"


def test_choosing_a_way_to_be_contacted_reveals_only_its_field(app, page, live_server):
    begin(page, live_server, "en", "refer-yourself", nothing)
    page.goto(f"{live_server}/en/refer-yourself/contact")
    assert not page.locator("#mobile").is_visible()
    page.locator("input[name=contact_channel][value=sms]").check()
    assert page.locator("#mobile").is_visible() and not page.locator("#email").is_visible()


def test_the_confirmation_print_button_opens_printing(app, page, live_server):
    refer_yourself(page, live_server, "en", nothing)
    page.evaluate("window.printed = false; window.print = () => { window.printed = true; }")
    page.locator("[data-print]").click()
    assert page.evaluate("window.printed")


def test_a_person_asks_a_link_worker_about_a_group_from_its_listing(app, db, phone, live_server):
    group = listing(db, "Leeds Health Walks")
    phone.goto(f"{live_server}/en/directory/listings/{group.id}")
    ask = phone.get_by_role("link", name="Ask a link worker about this group")
    ask.focus()
    assert phone.evaluate("document.activeElement.textContent") == "Ask a link worker about this group"
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "You are asking about: Leeds Health Walks" in phone.locator("main").inner_text()
    assert axe_violations(phone) == [] and fits_without_sideways_scrolling(phone)
    press(phone)
    assert phone.locator("h1").inner_text() == "Who should we call?"
    assert f"listing={group.id}" not in phone.url and "Leeds" not in phone.url


def test_the_send_limit_page_says_answers_are_kept_and_offers_the_phone(app, phone, live_server):
    with referral_settings(app, submit_limit="1 per day"):
        for _attempt in range(2):
            call_back_to_check_answers(phone, live_server, "en", nothing)
            press(phone)
            if phone.locator("h1").inner_text() != "Call back requested":
                break
    assert phone.locator("h1").inner_text() == "Your answers have not been sent yet"
    assert "Nothing is lost" in phone.locator("main").inner_text()
    assert phone.locator("main a[href^='tel:']").count() == 1
    assert axe_violations(phone) == [] and fits_without_sideways_scrolling(phone)
