"""The Reports pages in a browser without JavaScript, at 320 px: axe finds nothing, and no page
scrolls sideways (the wide tables scroll inside their own region)."""

import pytest

from portal.accounts.models import Role
from portal.reports.catalogue import REPORTS
from tests.authz import make_user
from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling
from tests.browser.triage_walks import signed_in_page
from tests.triage_helpers import make_referral


@pytest.mark.browser
def test_every_report_page_is_clean_for_axe_at_320_px_without_javascript(app, db, browser, live_server):
    make_user(db, "cora@example.org", Role.COORDINATOR, name="Cora Ordinator")
    make_referral(app, db)
    page = signed_in_page(browser, live_server, "cora@example.org", javascript=False)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/en/reports", *(f"/en/reports/{slug}?period=last_quarter" for slug in REPORTS)]:
        page.goto(f"{live_server}{path}")
        violations = axe_violations(page)
        assert violations == [], path + describe(violations)
        assert fits_without_sideways_scrolling(page), path
