"""The coordinator's home page counts what waits in each list, each count linking to it."""

from datetime import timedelta

from portal.accounts.models import Role
from portal.db import utcnow
from portal.organisations.models import ProblemKind, ProblemReport
from portal.referrals.models import ReferralStatus
from tests.authz import make_organisation, make_user, sign_in_as
from tests.directory_helpers import with_postcodes
from tests.organisations_helpers import published_listing, waiting_revision
from tests.triage_helpers import make_referral


def test_the_coordinator_sees_counts_that_link_to_each_list(client, db):
    with_postcodes(db)
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    fresh = published_listing(db, organisation, "Tuesday Walk")
    published_listing(db, organisation, "Old Walk", checked=utcnow() - timedelta(days=400))
    waiting_revision(db, fresh, name="Tuesday Walk, changed")
    db.add(ProblemReport(listing_id=fresh.id, kind=ProblemKind.OTHER))
    db.commit()
    sign_in_as(client, db, make_user(db, "coordinator@example.org", Role.COORDINATOR))
    page = client.get("/en/dashboard")
    counts = {link.get_text(strip=True): link["href"] for link in page.select(".dashboard-counts a")}
    assert counts == {
        "1 change waiting for review": "/en/coordinator/moderation",
        "1 reported problem open": "/en/coordinator/problems",
        "1 listing may be out of date": "/en/coordinator/stale-listings",
        "0 referrals overdue": "/en/triage",
    }


def test_a_link_worker_and_an_editor_see_no_coordinator_counts(client, db):
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    for person in (
        make_user(db, "worker@example.org", Role.LINK_WORKER),
        make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True),
    ):
        sign_in_as(client, db, person)
        assert client.get("/en/dashboard").select(".dashboard-counts") == []


def test_overdue_referrals_are_counted_but_closed_and_paused_ones_are_not(app, client, db):
    long_ago = utcnow() - timedelta(days=30)
    make_referral(app, db, submitted_at=long_ago, due_at=long_ago)
    make_referral(app, db, submitted_at=long_ago, due_at=long_ago, status=ReferralStatus.CLOSED)
    make_referral(app, db, submitted_at=long_ago, due_at=long_ago, paused_at=long_ago)
    make_referral(app, db, submitted_at=utcnow(), due_at=utcnow() + timedelta(days=3))
    sign_in_as(client, db, make_user(db, "coordinator@example.org", Role.COORDINATOR))
    counts = [link.get_text(strip=True) for link in client.get("/en/dashboard").select(".dashboard-counts a")]
    assert "1 referral overdue" in counts
