"""The link workers' pages in a browser, at 360 px (a phone) and 1280 x 900 (a desktop): the
queue's refresh keeps focus and scroll and announces only what is new; the first row is in
the first screen; the tables stack on a phone; the case page starts with its summary, is about
three screens, and a save keeps the worker where they were, with JavaScript and without; a
usual case takes nine clicks; "Add another session" keeps focus."""

from contextlib import contextmanager

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from portal.accounts.models import Role
from portal.referrals.models import Referral
from tests.authz import make_organisation, make_user
from tests.browser.conftest import fits_without_sideways_scrolling
from tests.browser.test_organisations import sign_in
from tests.browser.triage_walks import signed_in_page
from tests.triage_helpers import make_referral

SIZES = {"phone": (360, 740), "desktop": (1280, 900)}


@pytest.fixture
def worker(db):
    return make_user(db, "sam@example.org", Role.LINK_WORKER, name="Sam Worker")


def staff_page(browser, live_server, size, javascript=True):
    page = signed_in_page(browser, live_server, "sam@example.org", javascript=javascript)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    return page


@contextmanager
def refreshing_every_second(app):
    before = app.config["TRIAGE_REFRESH_SECONDS"]
    app.config["TRIAGE_REFRESH_SECONDS"] = 1
    try:
        yield
    finally:
        app.config["TRIAGE_REFRESH_SECONDS"] = before


def settled(page):
    page.wait_for_function("!document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def next_refresh(page):
    with page.expect_response(lambda response: "/triage?" in response.url and "seen=" in response.url):
        pass
    settled(page)


def save_in_place(page, button, action):
    with page.expect_response(lambda response: response.url.endswith(action)):
        page.locator(button).click()
    settled(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_queue_refresh_keeps_focus_and_scroll_and_announces_only_what_is_new(
    app, browser, live_server, db, worker, size
):
    waiting = [make_referral(app, db) for _ in range(12)]
    with refreshing_every_second(app):
        page = staff_page(browser, live_server, size)
        page.goto(f"{live_server}/en/triage")
        target = waiting[8]
        page.locator(f"#queue-take-{target.reference}").focus()
        page.evaluate("window.scrollBy(0, 120)")
        scrolled = page.evaluate("window.scrollY")
        assert scrolled > 0
        make_referral(app, db, urgent=True)  # arrives at the top of the list
        next_refresh(page)
        expect(page.locator("#queue-news")).to_have_text("1 new referral")
        assert page.evaluate("document.activeElement.id") == f"queue-take-{target.reference}"
        assert page.evaluate("window.scrollY") == scrolled
        next_refresh(page)
        expect(page.locator("#queue-news")).to_have_text("")  # nothing new: nothing said
        # Someone else takes the referral whose button had focus: focus goes to its row's link.
        db.execute(update(Referral).where(Referral.id == target.id).values(holder_id=worker.id, status="in_triage"))
        db.commit()
        next_refresh(page)
        expect(page.locator(f"#queue-take-{target.reference}")).to_have_count(0)
        assert page.evaluate("document.activeElement.id") == f"queue-ref-{target.reference}"
        assert page.evaluate("window.scrollY") == scrolled
        page.context.close()


def test_on_a_desktop_the_first_row_of_the_queue_is_high_in_the_first_screen(app, browser, live_server, db, worker):
    for _ in range(3):
        make_referral(app, db)
    page = staff_page(browser, live_server, "desktop")
    page.goto(f"{live_server}/en/triage")
    first_row = page.locator("table.triage-queue tbody tr").first.bounding_box()
    assert first_row["y"] + first_row["height"] < 750  # was 765 px down before the row even began
    expect(page.locator("form.triage-filter-bar select#type")).to_be_visible()  # filters open, above it
    assert page.locator("table.triage-queue thead").is_visible()
    assert "Name" in page.locator("table.triage-queue thead").inner_text()
    page.context.close()


@pytest.mark.parametrize("path", ["/en/triage", "/en/triage/caseload"])
def test_on_a_phone_the_staff_tables_stack_with_every_cell_labelled(app, browser, live_server, db, worker, path):
    make_referral(app, db, holder_id=worker.id, status="in_triage", full_name="Amira Khan")
    page = staff_page(browser, live_server, "phone")
    page.goto(f"{live_server}{path}")
    assert fits_without_sideways_scrolling(page)
    assert page.locator("main table thead").bounding_box()["height"] <= 1  # only for screen readers
    cell = page.locator("main table tbody td").first
    assert cell.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Name"'
    row = page.locator("main table tbody tr").first.bounding_box()
    assert row["x"] >= 0 and row["x"] + row["width"] <= 360
    expect(page.locator("main table tbody tr").first).to_contain_text("Amira Khan")
    page.context.close()


def held_case(app, db, worker):
    referral = make_referral(
        app, db, holder_id=worker.id, status="in_triage", full_name="Amira Khan", phone_as_typed="07911 123456"
    )
    return f"/en/triage/referrals/{referral.reference}"


@pytest.mark.parametrize("size", SIZES)
def test_the_case_page_starts_with_its_summary(app, browser, live_server, db, worker, size):
    case = held_case(app, db, worker)
    page = staff_page(browser, live_server, size)
    page.goto(f"{live_server}{case}")
    height = SIZES[size][1]
    summary = page.locator("#summary").bounding_box()
    assert summary["y"] < height / 2
    expect(page.locator("#summary")).to_contain_text("Amira Khan")
    expect(page.locator("#summary a[href^='tel:']")).to_be_visible()
    if size == "desktop":
        assert summary["y"] + summary["height"] < height  # the whole summary in the first screen
        screens = page.evaluate("document.documentElement.scrollHeight") / height
        assert screens <= 3.2, screens  # 6 screens before
        actions = page.locator("#contact").bounding_box()
        timeline = page.locator("#timeline").bounding_box()
        assert actions["x"] > timeline["x"] + timeline["width"]  # the actions beside what happened
    assert fits_without_sideways_scrolling(page)
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_save_with_javascript_keeps_the_section_where_it_was_and_the_focus(
    app, browser, live_server, db, worker, size
):
    case = held_case(app, db, worker)
    page = staff_page(browser, live_server, size)
    page.goto(f"{live_server}{case}")
    page.locator("#body").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 60)")
    before = page.locator("#note").bounding_box()["y"]
    page.fill("#body", "Rang; no answer, will try at lunchtime.")
    save_in_place(page, "#note-button", "/notes")
    expect(page.locator("#note .case-notice")).to_have_text("Note added.")
    assert abs(page.locator("#note").bounding_box()["y"] - before) <= 2  # the timeline grew; the section stayed
    expect(page.locator("#note-button")).to_be_focused()
    expect(page.locator("#case-news")).to_have_text("Note added.")
    expect(page.locator("#timeline")).to_contain_text("Rang; no answer, will try at lunchtime.")
    assert page.input_value("#body") == ""
    # A mistake is shown next to its field, with the focus on it.
    save_in_place(page, "#note-button", "/notes")
    expect(page.locator("#note .error-message")).to_contain_text("Enter the note")
    expect(page.locator("#body")).to_be_focused()
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_save_without_javascript_returns_to_the_section_with_the_message(app, browser, live_server, db, worker, size):
    case = held_case(app, db, worker)
    page = staff_page(browser, live_server, size, javascript=False)
    page.goto(f"{live_server}{case}")
    page.check("#outcome-1")  # no answer; the way they asked to be contacted is chosen already
    with page.expect_navigation():
        page.locator("#contact-button").click()
    assert page.url.endswith(f"{case}#contact")
    expect(page.locator("#contact .case-notice")).to_have_text("Contact attempt recorded.")
    top = page.locator("#contact").bounding_box()["y"]
    assert -2 <= top < 50  # the page opened at the section
    page.context.close()


def test_not_spam_with_javascript_moves_focus_to_what_it_did(app, browser, live_server, db, worker):
    referral = make_referral(app, db, holder_id=worker.id, status="in_triage", possible_spam=True)
    page = staff_page(browser, live_server, "desktop")
    page.goto(f"{live_server}/en/triage/referrals/{referral.reference}")
    save_in_place(page, "#not-spam-button", "/not-spam")
    expect(page.locator("#not-spam-button")).to_have_count(0)
    expect(page.locator("#summary-notice")).to_be_focused()
    expect(page.locator("#summary-notice")).to_contain_text("Marked as not spam")
    expect(page.locator("#summary")).not_to_contain_text("Possible spam")
    page.context.close()


def test_a_usual_case_takes_nine_clicks_from_the_queue_to_closed(app, browser, live_server, db, worker):
    """Take; no answer; spoke to them; a note; closed as supported. 11 clicks before (the way of
    contact had to be chosen each time), and the forms were spread over six screens."""
    referral = make_referral(app, db, contact_channel="phone")
    page = staff_page(browser, live_server, "desktop")
    clicks = []

    def click(selector):
        clicks.append(selector)
        page.locator(selector).click()

    page.goto(f"{live_server}/en/triage")
    with page.expect_navigation():
        click(f"#queue-take-{referral.reference}")
    for outcome in ("#outcome-1", "#outcome-0"):  # no answer, then spoke to them
        click(outcome)
        with page.expect_response(lambda response: response.url.endswith("/contact-attempts")):
            click("#contact-button")
        expect(page.locator("#contact .case-notice")).to_be_visible()
    click("#body")
    page.keyboard.type("Keen on the walking group.")
    with page.expect_response(lambda response: response.url.endswith("/notes")):
        click("#note-button")
    click("#reason-0")  # supported and connected
    with page.expect_response(lambda response: response.url.endswith("/close")):
        click("#close-button")
    expect(page.locator(".triage-case-tags")).to_contain_text("Closed")
    assert len(clicks) == 9, clicks
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_add_another_session_keeps_focus_and_the_place_on_the_page(browser, live_server, db, size):
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    width, height = SIZES[size]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    sign_in(page, live_server, "en", "lead@example.org")
    page.goto(f"{live_server}/en/organisation/listings/new/when")
    adding = page.get_by_role("button", name="Add another session")
    adding.focus()
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.keyboard.press("Enter")
    expect(page.locator("#sessions-1-byday")).to_be_focused()
    assert page.locator("#sessions-1-byday").is_visible()
    assert fits_without_sideways_scrolling(page)
    page.context.close()
