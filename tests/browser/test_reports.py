"""The Reports pages in a browser without JavaScript, at 320 px: axe finds nothing, and no page
scrolls sideways (the wide tables scroll inside their own region). Each report has something
to show in last quarter: referrals with answers to the optional questions, an assessment, a
referral to a group with its follow-up, and searches that found nothing."""

from datetime import UTC, datetime, time, timedelta

import pytest

from portal.accounts.models import Role
from portal.directory.models import SearchRecord
from portal.followups.models import Answer, FollowUp
from portal.organisations.models import GroupReferral, GroupReferralStatus
from portal.reports import periods
from portal.reports.catalogue import REPORTS
from portal.triage.models import Assessment
from tests.authz import make_user
from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling
from tests.browser.triage_walks import signed_in_page
from tests.directory_helpers import listing, with_postcodes
from tests.triage_helpers import make_referral


def last_quarter_day() -> datetime:
    first = periods.period_named(periods.LAST_QUARTER, datetime.now(UTC).date()).first
    return datetime.combine(first + timedelta(days=14), time(12), tzinfo=UTC)


def something_to_report(app, db) -> None:
    moment = last_quarter_day()
    with_postcodes(db)
    walk = listing(db, "Headingley Health Walk", categories=["walking"])
    people = [
        make_referral(app, db, submitted_at=moment, gender="woman", ethnic_group="white", needs=["lonely", "money"])
        for _ in range(5)
    ]
    db.add(Assessment(referral_id=people[0].id, needs="", barriers=["transport"]))
    sent = GroupReferral(
        referral_id=people[0].id,
        listing_id=walk.id,
        organisation_id=walk.organisation_id,
        person_name="A person",
        preferred_contact="phone",
        consent_recorded_at=moment,
        created_at=moment,
        status=GroupReferralStatus.ATTENDED,
    )
    db.add(sent)
    db.flush()
    db.add(
        FollowUp(
            group_referral_id=sent.id,
            referral_id=people[0].id,
            channel="sms",
            locale="en",
            token_hash="browser-test",
            sent_at=moment,
            expires_at=moment + timedelta(days=14),
            answer=Answer.WENT,
        )
    )
    db.add_all(
        SearchRecord(
            created_at=moment,
            outward_code="LS7",
            place_outcome="full",
            categories=["gardening"],
            filters={"distance": 3, "words": True},
            result_count=0,
            locale="en",
        )
        for _ in range(6)
    )
    db.commit()


@pytest.mark.browser
def test_every_report_page_is_clean_for_axe_at_320_px_without_javascript(app, db, browser, live_server):
    make_user(db, "cora@example.org", Role.COORDINATOR, name="Cora Ordinator")
    something_to_report(app, db)
    page = signed_in_page(browser, live_server, "cora@example.org", javascript=False)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/en/reports", *(f"/en/reports/{slug}?period=last_quarter" for slug in REPORTS)]:
        page.goto(f"{live_server}{path}")
        violations = axe_violations(page)
        assert violations == [], path + describe(violations)
        assert fits_without_sideways_scrolling(page), path
