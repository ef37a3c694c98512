"""The organisations story in a browser: an organisation asks to join, a coordinator approves,
its editor creates a listing, the coordinator approves it and it is found in search; the
editor changes the session time and, once approved, the public sees it; a stale listing shows
the notice and the one-click link clears it. Then axe on every organisations page."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import Role
from portal.db import utcnow
from portal.directory.models import Category, Listing
from portal.organisations.models import GroupReferral, GroupReferralStatus, ProblemKind, ProblemReport
from portal.outbox.models import OutboxMessage
from tests.authz import PASSWORD, current_code, make_organisation, make_user
from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling, new_page
from tests.browser.public_pages import STAFF_LOCALES as LOCALES
from tests.directory_helpers import with_postcodes
from tests.organisations_helpers import SECTIONS, published_listing, referral, waiting_revision


def sign_in(page, live_server, locale, email):
    page.goto(f"{live_server}/{locale}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if page.url.endswith("/sign-in/code"):
        page.fill("#code", current_code())
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()


def latest_link(db, template):
    db.expire_all()
    message = db.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id.desc())
    ).first()
    return message.context["link"]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{describe(violations)}"
    assert fits_without_sideways_scrolling(page), page.url


def ask_to_join(page, live_server):
    page.goto(f"{live_server}/en/")
    page.get_by_role("link", name="List your group or service").click()
    page.fill("#organisation_name", "Chapeltown Knitters")
    page.fill("#contact_name", "Amina Khan")
    page.fill("#email", "amina@example.org")
    page.fill("#phone", "07911 123456")
    page.fill("#what_they_do", "A weekly knitting group.")
    page.fill("#area", "Chapeltown")
    page.get_by_role("button", name="Send").click()
    assert page.locator("h1").inner_text() == "Thank you, we have your request"


def approve_first(coordinator, live_server, list_path, button):
    coordinator.goto(f"{live_server}/en{list_path}")
    coordinator.locator("main ul.plain-list a").first.click()
    coordinator.get_by_role("button", name=button).click()
    coordinator.wait_for_load_state()


def create_listing(editor, live_server):
    editor.goto(f"{live_server}/en/organisation")
    editor.get_by_role("link", name="Add a listing").first.click()
    editor.fill("#name", "Knit and Natter")
    editor.fill("#summary", "Knitting and a cup of tea.")
    editor.get_by_label("Social groups and meeting people").check()
    save_and_continue(editor)
    editor.select_option("#sessions-0-byday", "WE")
    editor.fill("#sessions-0-opens_at", "10:00")
    editor.fill("#sessions-0-closes_at", "12:00")
    save_and_continue(editor)
    editor.get_by_label("In person").check()
    editor.fill("#locations-0-postal_code", "LS6 1AN")
    for _section in ("where", "who", "contact"):
        save_and_continue(editor)
    assert editor.locator("h1").inner_text() == "Check your listing"
    editor.get_by_role("button", name="Send for review").click()
    editor.wait_for_load_state()


def keep_screenshot(page, name):
    """For looking at a page by eye: kept only when SCREENSHOTS_DIR is set."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"orgs-{name}.png"), full_page=True)


def save_and_continue(editor):
    with editor.expect_navigation():
        editor.get_by_role("button", name="Save and continue").click()


def test_an_organisation_joins_lists_a_group_keeps_it_right(browser, live_server, app, db):
    with_postcodes(db)
    make_user(db, "coordinator@example.org", Role.COORDINATOR)
    public, coordinator, editor = (new_page(browser, width=360) for _ in range(3))
    ask_to_join(public, live_server)
    sign_in(coordinator, live_server, "en", "coordinator@example.org")
    approve_first(coordinator, live_server, "/coordinator/organisation-requests", "Approve")
    editor.goto(latest_link(db, "account-invitation"))
    editor.fill("#password", PASSWORD)
    editor.locator("main button[type=submit]").click()
    editor.wait_for_load_state()
    create_listing(editor, live_server)
    approve_first(coordinator, live_server, "/coordinator/moderation", "Approve and publish")
    public.goto(f"{live_server}/en/directory?postcode=LS6+1AN&q=natter")
    public.get_by_role("link", name="Knit and Natter").first.click()
    assert "10am" in public.locator("main").inner_text()
    listing_url = public.url
    listing = db.scalar(select(Listing).where(Listing.name == "Knit and Natter"))
    editor.goto(f"{live_server}/en/organisation/listings/{listing.id}/edit")
    editor.get_by_role("link", name="Change Sessions").click()
    editor.fill("#sessions-0-opens_at", "11:00")
    save_and_continue(editor)
    editor.get_by_role("button", name="Send for review").click()
    editor.wait_for_load_state()
    public.goto(listing_url)
    assert "10am" in public.locator("main").inner_text()
    coordinator.goto(f"{live_server}/en/coordinator/moderation")
    coordinator.locator("main ul.plain-list a").first.click()
    expect(coordinator.locator(".diff tbody th")).to_have_text(["Sessions"])
    coordinator.get_by_role("button", name="Approve and publish").click()
    coordinator.wait_for_load_state()
    public.goto(listing_url)
    assert "11am" in public.locator("main").inner_text()
    db.expire_all()
    listing = db.get(Listing, listing.id)
    listing.last_checked_at = utcnow() - timedelta(days=200)
    db.commit()
    public.goto(listing_url)
    assert "may be out of date" in public.locator("main").inner_text()
    assert app.test_cli_runner().invoke(args=["listings", "remind"]).exit_code == 0
    public.goto(latest_link(db, "listing-still-correct"))
    public.get_by_role("button", name="Yes, it is still correct").click()
    assert public.locator("h1").inner_text() == "Thank you, the listing is marked as checked"
    public.goto(listing_url)
    assert "may be out of date" not in public.locator("main").inner_text()
    for page in (public, coordinator, editor):
        page.context.close()


def test_sessions_are_added_and_removed_without_javascript(page_without_js, live_server, db):
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    sign_in(page_without_js, live_server, "en", "lead@example.org")
    page_without_js.goto(f"{live_server}/en/organisation/listings/new/when")
    page_without_js.fill("#sessions-0-opens_at", "10:00")
    with page_without_js.expect_navigation():
        page_without_js.get_by_role("button", name="Add another session").click()
    expect(page_without_js.locator(".session-row")).to_have_count(2)
    assert page_without_js.evaluate("document.activeElement.id") == "sessions-1-byday"  # on the new row
    assert page_without_js.input_value("#sessions-0-opens_at") == "10:00"
    with page_without_js.expect_navigation():
        page_without_js.get_by_role("button", name="Remove session 1").click()
    expect(page_without_js.locator(".session-row")).to_have_count(1)


def test_sessions_are_added_in_place_with_javascript(page, live_server, db):
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    sign_in(page, live_server, "en", "lead@example.org")
    page.goto(f"{live_server}/en/organisation/listings/new/when")
    page.fill("#sessions-0-opens_at", "Kept while adding rows")
    page.get_by_role("button", name="Add another session").click()
    page.wait_for_selector("#sessions-1-byday")
    expect(page.locator("#sessions-1-byday")).to_be_focused()  # focus goes to the new row, not the top
    assert page.input_value("#sessions-0-opens_at") == "Kept while adding rows"
    assert "2 sessions" in page.locator("#sessions-status").inner_text()


def test_the_postcode_is_checked_as_the_editor_moves_on_and_the_message_is_read_out(page, live_server, db):
    with_postcodes(db)
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    sign_in(page, live_server, "en", "lead@example.org")
    page.goto(f"{live_server}/en/organisation/listings/new/where")
    status = page.locator("#listing-check-status")
    status.evaluate("region => region.dataset.kept = 'yes'")  # the region exists before, and stays
    page.fill("#locations-0-postal_code", "M1 1AE")
    page.press("#locations-0-postal_code", "Tab")
    moved_to = page.evaluate("document.activeElement.id")
    message = "That postcode is outside Leeds. Enter a postcode in Leeds"
    expect(page.locator("#locations-0-postal_code-error")).to_have_text(f"Error: {message}")
    expect(status).to_have_text(f"Error: {message}")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("data-kept") == "yes"
    assert page.evaluate("document.activeElement.id") == moved_to  # focus stayed where the person put it
    assert page.get_attribute("#locations-0-postal_code", "aria-describedby") == "locations-0-postal_code-check"
    page.fill("#locations-0-postal_code", "ls6 1an")
    page.press("#locations-0-postal_code", "Tab")
    expect(page.locator("#locations-0-postal_code-error")).to_have_count(0)
    expect(status).to_have_text("")


def test_ticking_kinds_of_activity_quickly_keeps_every_tick_and_the_focus(page, live_server, db):
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    sign_in(page, live_server, "en", "lead@example.org")
    page.goto(f"{live_server}/en/organisation/listings/new")
    first, second = page.locator("#categories-0"), page.locator("#categories-1")
    first.check()
    second.check()
    first.uncheck()
    second.uncheck()  # each answer replaces only the message; the last change wins
    expect(page.locator("#categories-error")).to_have_text("Error: Select at least one kind of activity")
    expect(page.locator("#listing-check-status")).to_have_text("Error: Select at least one kind of activity")
    assert page.evaluate("document.activeElement.id") == "categories-1"
    second.check()
    expect(page.locator("#categories-error")).to_have_count(0)
    assert [box.is_checked() for box in (first, second)] == [False, True]


def something_to_attend_to(db, listing, person):
    """A reported problem and a declined group referral, so the pages show them."""
    declined = GroupReferral(
        referral_id=person.id, listing_id=listing.id, organisation_id=listing.organisation_id, person_name="Sam Jones",
        preferred_contact="07911 123456", consent_recorded_at=utcnow(), status=GroupReferralStatus.DECLINED,
        decline_reason="The group is full until September.",
    )  # fmt: skip
    problem = ProblemReport(listing_id=listing.id, kind=ProblemKind.WRONG_TIME, details="It is at 11 now.")
    db.add_all([problem, declined])
    db.commit()


@pytest.mark.parametrize("locale", LOCALES)
def test_organisations_pages_have_no_axe_violations(browser, live_server, db, locale):
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    make_user(db, "coordinator@example.org", Role.COORDINATOR)
    listing = published_listing(db, organisation, "Knit and Natter")
    person = referral(db)
    something_to_attend_to(db, listing, person)
    editor, coordinator = new_page(browser), new_page(browser)
    sign_in(editor, live_server, locale, "lead@example.org")
    for path in ("/organisation", "/organisation/listings/new", f"/organisation/listings/{listing.id}/edit",
                 *(f"/organisation/listings/{listing.id}/edit/{section}" for section in SECTIONS),
                 f"/organisation/listings/{listing.id}/preview",
                 f"/organisation/listings/{listing.id}/status", f"/organisation/listings/{listing.id}/history",
                 "/organisation/referrals"):  # fmt: skip
        editor.goto(f"{live_server}/{locale}{path}")
        assert_accessible(editor)
    editor.goto(f"{live_server}/{locale}/organisation/listings/new")
    editor.locator("main form button[type=submit]").last.click()
    editor.wait_for_selector(".error-summary")
    assert_accessible(editor)
    sign_in(coordinator, live_server, locale, "coordinator@example.org")
    walking = db.scalar(select(Category.id).where(Category.code == "walking"))
    coordinator_pages = [f"/coordinator/{name}" for name in ("organisation-requests", "moderation", "organisations",
                         "stale-listings", "problems", "listings/import", "categories", "categories/new",
                         f"categories/{walking}")]  # fmt: skip
    referral_pages = [f"/referrals/{person.id}/refer-to-a-group", f"/triage/referrals/{person.reference}"]
    for path in (*coordinator_pages, *referral_pages):
        coordinator.goto(f"{live_server}/{locale}{path}")
        assert_accessible(coordinator)
    coordinator.goto(f"{live_server}/{locale}/directory/listings/{listing.id}/report-a-problem")
    assert_accessible(coordinator)
    coordinator.goto(f"{live_server}/{locale}/coordinator/categories/{walking}")
    coordinator.fill("#label_en", "")
    with coordinator.expect_navigation():
        coordinator.locator("main form button[type=submit]").first.click()
    expect(coordinator.locator(".error-summary")).to_have_count(1)
    assert_accessible(coordinator)
    for page in (editor, coordinator):
        page.context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_editors_listings_table_shows_its_actions_without_sideways_scrolling(browser, live_server, db, width):
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    published_listing(db, organisation, "Knit and Natter with a rather long name for a phone screen")
    editor = new_page(browser, width=width)
    sign_in(editor, live_server, "en", "lead@example.org")
    editor.goto(f"{live_server}/en/organisation")
    still_correct = editor.get_by_role("button", name="Still correct")
    box, viewport = still_correct.bounding_box(), editor.viewport_size
    assert box is not None and box["x"] + box["width"] <= viewport["width"]  # visible, not cut off
    assert fits_without_sideways_scrolling(editor)
    still_correct.focus()
    assert editor.evaluate("document.activeElement.textContent").startswith("Still correct")
    keep_screenshot(editor, f"dashboard-{width}")
    editor.context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_staff_menu_is_grouped_and_folded_on_a_phone(browser, live_server, db, width):
    make_user(db, "coordinator@example.org", Role.COORDINATOR)
    coordinator = new_page(browser, width=width)
    sign_in(coordinator, live_server, "en", "coordinator@example.org")
    coordinator.goto(f"{live_server}/en/dashboard")
    moderation = coordinator.locator(".staff-nav").get_by_role("link", name="Listings to review")
    if width == 360:
        expect(moderation).to_be_hidden()
        coordinator.locator(".staff-nav summary").focus()
        coordinator.keyboard.press("Enter")
    expect(moderation).to_be_visible()
    assert coordinator.locator(".staff-nav__group-title").count() >= 2
    assert fits_without_sideways_scrolling(coordinator)
    keep_screenshot(coordinator, f"home-{width}")
    coordinator.context.close()


def test_the_editor_summary_section_preview_and_diff_at_360(browser, live_server, db):
    with_postcodes(db)
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    make_user(db, "coordinator@example.org", Role.COORDINATOR)
    listing = published_listing(db, organisation, "Knit and Natter")
    waiting = waiting_revision(db, listing, summary="Knit and Natter: a gentle group.")
    editor, coordinator = new_page(browser, width=360), new_page(browser, width=360)
    sign_in(editor, live_server, "en", "lead@example.org")
    for name, path in (("summary", "edit"), ("section", "edit/when"), ("preview", "preview")):
        editor.goto(f"{live_server}/en/organisation/listings/{listing.id}/{path}")
        assert fits_without_sideways_scrolling(editor), path
        keep_screenshot(editor, f"{name}-360")
    sign_in(coordinator, live_server, "en", "coordinator@example.org")
    coordinator.goto(f"{live_server}/en/coordinator/moderation/{waiting.id}")
    expect(coordinator.locator(".diff ins")).to_have_count(1)
    keep_screenshot(coordinator, "diff-360")
    for page in (editor, coordinator):
        page.context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_categories_table_keeps_its_retire_buttons_on_screen(browser, live_server, db, width):
    make_user(db, "coordinator@example.org", Role.COORDINATOR)
    coordinator = new_page(browser, width=width)
    sign_in(coordinator, live_server, "en", "coordinator@example.org")
    coordinator.goto(f"{live_server}/en/coordinator/categories")
    retire = coordinator.locator("main table button").first
    retire.focus()
    box = retire.bounding_box()
    assert box is not None and box["x"] + box["width"] <= coordinator.viewport_size["width"]
    assert fits_without_sideways_scrolling(coordinator)
    keep_screenshot(coordinator, f"categories-{width}")
    coordinator.context.close()


def test_the_staff_menu_opens_without_javascript(page_without_js, live_server, db):
    make_user(db, "coordinator@example.org", Role.COORDINATOR)
    page = page_without_js
    page.set_viewport_size({"width": 360, "height": 640})
    sign_in(page, live_server, "en", "coordinator@example.org")
    page.goto(f"{live_server}/en/dashboard")
    people = page.locator(".staff-nav").get_by_role("link", name="People")
    expect(people).to_be_hidden()
    page.locator(".staff-nav summary").click()
    expect(people).to_be_visible()
