"""The person's answer to "Did you go?" in a browser: at 320 px, without JavaScript, in each
shipped language, axe-clean from the link in their text to the thank-you page, and the
link's second use. Then the staff and organisation pages this feature adds."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.db import session as request_session
from portal.db import utcnow
from portal.followups import asking
from portal.followups.models import Answer, FollowUp
from portal.organisations.models import GroupReferral, GroupReferralStatus
from portal.referrals.models import Referral
from tests.authz import make_user
from tests.browser.conftest import new_page
from tests.browser.public_pages import LOCALES
from tests.browser.test_organisations import assert_accessible, sign_in
from tests.followups_helpers import arrange, send


def asked_by_text(app, db, locale):
    """A person who used the portal in `locale`, accepted by the group and asked just now."""
    arranged = arrange(app, db, locale=locale)
    sent = send(app, db, arranged, utcnow())
    sent.status = GroupReferralStatus.ACCEPTED
    db.commit()
    with app.test_request_context():
        follow_up = asking.ask(
            request_session.get(GroupReferral, sent.id), request_session.get(Referral, arranged.person.id), utcnow()
        )
        assert follow_up is not None
        request_session.commit()
    message = asking_message(db)
    return arranged, [urlparse(link).path for link in message.context["links"]]


def asking_message(db):
    from portal.outbox.models import OutboxMessage

    db.expire_all()
    return db.scalar(select(OutboxMessage).where(OutboxMessage.template == "how-did-it-go"))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_answer_pages_work_without_javascript_at_320_px(page_without_js, live_server, app, db, locale):
    _arranged, links = asked_by_text(app, db, locale)
    page = page_without_js
    page.goto(f"{live_server}{links[2]}")
    assert page.locator("html").get_attribute("lang") == locale
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_count(1)
    assert page.url.endswith("/thank-you")
    assert_accessible(page)
    assert db.scalar(select(FollowUp.answer)) == Answer.WANTS_CONTACT
    page.goto(f"{live_server}{links[0]}")
    assert_accessible(page)  # "You have already answered"
    page.goto(f"{live_server}/{locale}/how-it-went/not-a-real-token/1")
    assert_accessible(page)


def test_another_answer_is_one_press_away_without_javascript(page_without_js, live_server, app, db):
    _arranged, links = asked_by_text(app, db, "en")
    page = page_without_js
    page.goto(f"{live_server}{links[0]}")
    with page.expect_navigation():
        page.get_by_role("button", name="Not yet, I still want to").click()
    assert db.scalar(select(FollowUp.answer)) == Answer.STILL_PLANNED


@pytest.mark.parametrize("locale", LOCALES)
def test_the_staff_and_organisation_pages_have_no_axe_violations(browser, live_server, app, db, locale):
    arranged, _links = asked_by_text(app, db, locale)
    make_user(db, "coordinator@scheme.example", "coordinator")
    staff = new_page(browser)
    sign_in(staff, live_server, locale, "coordinator@scheme.example")
    for path in (
        f"/triage/referrals/{arranged.person.reference}",
        "/triage/caseload",
        "/triage/not-heard-from",
        f"/coordinator/organisations/{arranged.organisation.id}/answer-time",
        f"/organisation/listings/{arranged.listing.id}/space",
    ):
        staff.goto(f"{live_server}/{locale}{path}")
        assert_accessible(staff)
    staff.goto(f"{live_server}/{locale}/coordinator/organisations/{arranged.organisation.id}/answer-time")
    staff.fill("#working_days", "99")
    with staff.expect_navigation():
        staff.locator("main form button[type=submit]").click()
    expect(staff.locator(".error-summary")).to_have_count(1)
    assert_accessible(staff)
    editor = new_page(browser)
    sign_in(editor, live_server, locale, "lead@walkers.example")
    for path in ("/organisation/referrals", f"/organisation/listings/{arranged.listing.id}/space"):
        editor.goto(f"{live_server}/{locale}{path}")
        assert_accessible(editor)
    for page in (staff, editor):
        page.context.close()
