""" "Still correct?": reminders at 5 and 6 months (idempotent), signed single-use expiring
links, the public notice from 6 months, hidden from search from 12 months."""

from datetime import timedelta
from urllib.parse import urlsplit

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from portal.accounts.models import Role, User
from portal.db import utcnow
from portal.directory.models import Listing, SearchEntry
from portal.organisations.models import CheckLink
from portal.outbox.models import OutboxMessage
from tests.authz import make_organisation, make_user, sign_in_as
from tests.organisations_helpers import published_listing

MONTH = timedelta(days=30)


def arrange(db, months_ago):
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    make_user(db, "colleague@example.org", Role.ORG_EDITOR, organisation)
    return published_listing(db, organisation, checked=utcnow() - MONTH * months_ago - timedelta(days=1))


def remind(app):
    return app.test_cli_runner().invoke(args=["listings", "remind"])


def reminders(db):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.template == "listing-still-correct")).all()


def link_in(message):
    return urlsplit(message.context["link"]).path


def test_nothing_is_sent_before_five_months(app, db):
    arrange(db, 4)
    assert remind(app).exit_code == 0
    assert reminders(db) == []


def test_every_editor_gets_one_reminder_at_five_months_however_often_it_runs(app, db):
    arrange(db, 5)
    remind(app)
    remind(app)
    assert sorted(m.recipient for m in reminders(db)) == ["colleague@example.org", "lead@example.org"]
    assert {m.context["months"] for m in reminders(db)} == {5}


def test_a_second_reminder_goes_at_six_months(app, db):
    listing = arrange(db, 5)
    remind(app)
    listing.last_checked_at = listing.last_checked_at - MONTH
    db.commit()
    remind(app)
    assert sorted(m.context["months"] for m in reminders(db)) == [5, 5, 6, 6]


def test_the_link_marks_the_listing_checked_without_signing_in_once_only(app, client, db):
    listing = arrange(db, 6)
    remind(app)
    path = link_in(reminders(db)[0])
    assert f"/directory/listings/{listing.id}" not in path
    page = client.get(path)
    assert page.h1 == "Is this listing still correct?"
    db.expire_all()
    assert db.get(Listing, listing.id).last_checked_at < utcnow() - MONTH  # opening it changes nothing
    done = client.submit(page, path, {}, expected_status=200)
    assert done.h1 == "Thank you, the listing is marked as checked"
    db.expire_all()
    assert db.get(Listing, listing.id).last_checked_at > utcnow() - timedelta(minutes=1)
    assert client.get(path, expected_status=404).h1 == "This link has already been used"


def test_a_link_with_a_changed_signature_does_not_work(app, client, db):
    arrange(db, 5)
    remind(app)
    path = link_in(reminders(db)[0])
    assert client.get(path[:-2] + "xx", expected_status=404).h1 == "This link does not work"


def test_a_link_expires(app, client, db):
    listing = arrange(db, 5)
    link = CheckLink(listing_id=listing.id, months=5, checked_since=listing.last_checked_at)
    db.add(link)
    db.commit()
    with app.app_context():
        serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="portal.organisations.still-correct")
        token = serializer.dumps({"link": link.id, "listing": listing.id})
        app.config["ORGS_CHECK_LINK_VALID_FOR"], kept = timedelta(seconds=-1), app.config["ORGS_CHECK_LINK_VALID_FOR"]
    try:
        assert client.get(f"/en/still-correct/{token}", expected_status=404).h1 == "This link has expired"
    finally:
        app.config["ORGS_CHECK_LINK_VALID_FOR"] = kept


def test_a_link_signed_for_another_purpose_does_not_work(app, client, db):
    listing = arrange(db, 5)
    with app.app_context():
        token = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="other").dumps({"link": 1, "listing": listing.id})
    assert client.get(f"/en/still-correct/{token}", expected_status=404).h1 == "This link does not work"


def test_the_public_page_says_it_may_be_out_of_date_from_six_months(client, db):
    listing = arrange(db, 7)
    assert "may be out of date" in client.get(f"/en/directory/listings/{listing.id}").text()


def test_after_twelve_months_it_leaves_search_and_shows_on_the_stale_report(app, client, db):
    listing = arrange(db, 13)
    assert db.scalar(select(SearchEntry).where(SearchEntry.listing_id == listing.id)) is not None
    remind(app)
    assert db.scalar(select(SearchEntry).where(SearchEntry.listing_id == listing.id)) is None
    sign_in_as(client, db, make_user(db, "coordinator@example.org", Role.COORDINATOR))
    assert listing.name in client.get("/en/coordinator/stale-listings").text()


def test_the_dashboard_button_marks_it_checked_and_puts_it_back_in_search(app, client, db):
    listing = arrange(db, 13)
    remind(app)
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "lead@example.org")))
    page = client.get("/en/organisation")
    assert "Check it is still correct" in page.text()
    client.submit(page, f"/en/organisation/listings/{listing.id}/still-correct", {}, expected_status=303)
    assert db.scalar(select(SearchEntry).where(SearchEntry.listing_id == listing.id)) is not None
