"""The triage queue in a real browser: a referral sent through the public journey is taken by
exactly one of two link workers, worked and closed, and a coordinator sees it all in the audit
log; with JavaScript and without; by keyboard; axe on every triage page in every language."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import Role
from portal.geo.models import OutwardCode
from portal.triage.models import PlanAction
from tests.authz import make_user
from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling, new_page
from tests.browser.public_pages import STAFF_LOCALES as LOCALES
from tests.browser.referral_walks import refer_yourself
from tests.browser.triage_walks import post_form, signed_in_page
from tests.directory_helpers import listing, with_postcodes
from tests.triage_helpers import make_referral

AUDITED = (
    "Took a referral",
    "Recorded a contact attempt",
    "Added a note",
    "Saved what matters to a person",
    "Saved a wellbeing plan",
    "Added an action to a wellbeing plan",
    "Suggested groups and services to a person",
    "Recorded wellbeing scores",
    "Closed a referral",
)


def nothing(_page):
    pass


def a_listing(db):
    if db.scalar(select(OutwardCode).limit(1)) is None:
        with_postcodes(db)
    return listing(db, "Headingley Health Walk")


def take_from_the_queue(page, base, reference):
    page.goto(f"{base}/en/triage")
    with page.expect_navigation():
        page.locator(f"main form[action$='/referrals/{reference}/take'] button").click()


def work_the_case(page, base, reference, walk_id):
    case = f"/referrals/{reference}"
    for outcome in ("no_answer", "voicemail"):
        post_form(page, f"{case}/contact-attempts", {"method": "phone", "outcome": outcome})
    post_form(page, f"{case}/notes", {"body": "Left a message about the walking group."})
    page.goto(f"{base}/en/triage{case}/what-matters")
    post_form(page, f"{case}/assessment", {"needs": "Meeting people", "barriers": ["transport", "confidence"]})
    post_form(page, f"{case}/plan", {"goals": "Get out twice a week", "review_on": "2027-01-15"})
    post_form(page, f"{case}/plan/actions", {"what": "Try the health walk", "who": "Sam", "by_when": "2027-01-08"})
    scores = {"life_satisfaction": "4", "worthwhile": "5", "happiness": "3", "anxiety": "8"}
    post_form(page, f"{case}/wellbeing-scores", {"stage": "baseline", **scores})
    page.goto(f"{base}/en/triage{case}/connect?words=walk")
    post_form(page, f"{case}/suggestions", {"listings": [str(walk_id)]})
    refer_to_the_group(page, base, reference, walk_id)
    post_form(page, f"{case}/close", {"reason": "referred_to_group"})


def refer_to_the_group(page, base, reference, walk_id):
    """From the case page and back: the group referral shows there, waiting for the group."""
    page.goto(f"{base}/en/triage/referrals/{reference}")
    with page.expect_navigation():
        page.locator("main a[href$='/refer-to-a-group']").click()
    post_form(page, "/refer-to-a-group", {"listing": str(walk_id), "consent": "y"})
    assert page.url.endswith(f"/triage/referrals/{reference}")
    expect(page.locator(".group-referrals tbody tr")).to_have_count(1)
    assert "Waiting for the group" in page.locator(".group-referrals").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_referral_sent_by_a_person_is_taken_by_one_worker_worked_closed_and_audited(
    app, browser, live_server, db, javascript
):
    person = new_page(browser, javascript=javascript, width=360, height=740)
    reference = refer_yourself(person, live_server, "en", nothing).replace(" ", "")
    person.context.close()
    walk = a_listing(db)
    make_user(db, "sam@example.org", Role.LINK_WORKER, name="Sam Worker")
    make_user(db, "alex@example.org", Role.LINK_WORKER, name="Alex Worker")
    make_user(db, "boss@example.org", Role.COORDINATOR, name="Chris Coordinator")
    sam = signed_in_page(browser, live_server, "sam@example.org", javascript=javascript)
    alex = signed_in_page(browser, live_server, "alex@example.org", javascript=javascript)
    for worker in (sam, alex):
        worker.goto(f"{live_server}/en/triage")
        assert reference in worker.locator("main table").inner_text()
    for worker in (sam, alex):  # both pages show Take; both press it
        with worker.expect_navigation():
            worker.locator(f"main form[action$='/referrals/{reference}/take'] button").click()
    assert "You have taken" in sam.locator("main").inner_text()
    assert f"Sam Worker has already taken {reference}" in alex.locator("main").inner_text()
    alex.context.close()

    work_the_case(sam, live_server, reference, walk.id)
    assert "Closed" in sam.locator(".triage-case-tags").inner_text()
    assert db.scalar(select(PlanAction.who)) == "Sam"
    sam.context.close()

    boss = signed_in_page(browser, live_server, "boss@example.org", javascript=javascript)
    boss.goto(f"{live_server}/en/audit-log?subject_type=referral&subject_id={reference}")
    log = boss.locator("main").inner_text()
    for action in AUDITED:
        assert action in log, action
    boss.context.close()


def test_a_link_worker_takes_the_next_referral_and_adds_a_note_by_keyboard(app, browser, live_server, db):
    make_user(db, "sam@example.org", Role.LINK_WORKER, name="Sam Worker")
    referral = make_referral(app, db)
    page = signed_in_page(browser, live_server, "sam@example.org")
    page.goto(f"{live_server}/en/triage")
    page.locator("main form[action$='/take-next'] button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/referrals/{referral.reference}")
    page.locator("textarea[name=body]").focus()
    page.keyboard.type("Called by keyboard alone.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Add note"
    with page.expect_response(lambda response: response.url.endswith("/notes")):
        page.keyboard.press("Enter")
    expect(page.locator("#timeline")).to_contain_text("Called by keyboard alone.")
    # Saved in place: the keyboard is still on the button, ready for the next note.
    expect(page.locator("#note-button")).to_be_focused()
    expect(page.locator("#note")).to_contain_text("Note added.")
    page.context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_triage_pages_have_no_axe_violations_and_fit_a_small_phone(app, browser, live_server, db, locale):
    worker = make_user(db, "sam@example.org", Role.LINK_WORKER, name="Sam Worker")
    referral = make_referral(app, db, holder_id=worker.id, status="in_support", urgent=True)
    make_referral(app, db)
    page = signed_in_page(browser, live_server, "sam@example.org", locale=locale)
    page.set_viewport_size({"width": 320, "height": 640})
    case = f"/{locale}/triage/referrals/{referral.reference}"
    for path in (f"/{locale}/triage", f"/{locale}/triage/caseload", case, f"{case}/what-matters", f"{case}/plan",
                 f"{case}/connect?words=walk"):  # fmt: skip
        page.goto(f"{live_server}{path}")
        violations = axe_violations(page)
        assert violations == [], path + describe(violations)
        assert fits_without_sideways_scrolling(page), path
    page.context.close()
