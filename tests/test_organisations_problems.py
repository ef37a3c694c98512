"""Anyone can report a problem with a listing; it goes to the organisation and the
coordinators, who mark it resolved. The organisation never sees the reporter's contact."""

from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role, User
from portal.organisations.models import ProblemReport
from portal.outbox.models import OutboxMessage
from tests.authz import make_organisation, make_user, sign_in_as
from tests.organisations_helpers import published_listing


def arrange(db):
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    make_user(db, "other.org@example.org", Role.ORG_EDITOR, make_organisation(db, "other"))
    make_user(db, "coordinator@example.org", Role.COORDINATOR)
    return published_listing(db, organisation)


def report(client, listing, data):
    url = f"/en/directory/listings/{listing.id}/report-a-problem"
    return client.submit(client.get(url), url, data)


def test_the_listing_page_links_to_report_a_problem(client, db):
    listing = arrange(db)
    page = client.get(f"/en/directory/listings/{listing.id}")
    assert page.one("a[href$='/report-a-problem']").get_text() == "Report a problem with this listing"


def test_a_report_reaches_the_organisation_and_the_coordinators_only(client, db):
    listing = arrange(db)
    sent = report(client, listing, {"kind": "wrong_time", "details": "It is on Wednesdays now."})
    assert client.follow(sent).h1 == "Thank you for telling us"
    problem = db.scalar(select(ProblemReport))
    assert (problem.kind, problem.details) == ("wrong_time", "It is on Wednesdays now.")
    emails = db.scalars(select(OutboxMessage).where(OutboxMessage.template == "listing-problem")).all()
    assert sorted(m.recipient for m in emails) == ["coordinator@example.org", "lead@example.org"]


def test_a_report_needs_to_say_what_is_wrong(client, db):
    listing = arrange(db)
    assert report(client, listing, {}).errors() == ["Select what is wrong"]


def test_reports_are_limited(client, db):
    listing = arrange(db)
    for _ in range(5):
        assert report(client, listing, {"kind": "other"}).status == 303
    assert report(client, listing, {"kind": "other"}).status == 429


def test_a_coordinator_marks_a_problem_resolved(client, db):
    listing = arrange(db)
    report(client, listing, {"kind": "closed"})
    sign_in_as(client, db, db.scalar(select(User).where(User.email == "coordinator@example.org")))
    page = client.get("/en/coordinator/problems")
    assert "It has closed" in page.text()
    problem = db.scalar(select(ProblemReport))
    client.submit(page, f"/en/coordinator/problems/{problem.id}/resolve", {}, expected_status=303)
    assert "No problems are waiting." in client.get("/en/coordinator/problems").text()


def sign_in_by_email(client, db, email):
    sign_in_as(client, db, db.scalar(select(User).where(User.email == email)))


def test_the_email_to_an_editor_links_to_their_dashboard(client, db):
    listing = arrange(db)
    report(client, listing, {"kind": "closed"})
    emails = db.scalars(select(OutboxMessage).where(OutboxMessage.template == "listing-problem")).all()
    links = {message.recipient: message.context["link"] for message in emails}
    assert links["lead@example.org"].endswith("/en/organisation")
    assert links["coordinator@example.org"].endswith("/en/coordinator/problems")


def test_editors_see_the_report_on_their_dashboard_but_never_the_reporters_contact(client, db):
    listing = arrange(db)
    details = {"kind": "wrong_time", "details": "It is on Wednesdays now.", "contact": "reporter@example.com"}
    report(client, listing, details)
    sign_in_by_email(client, db, "lead@example.org")
    dashboard = client.get("/en/organisation")
    attention = dashboard.text("main")
    assert "1 problem reported with your listings" in attention
    assert "The day or time is wrong" in attention and "It is on Wednesdays now." in attention
    assert "reporter@example.com" not in dashboard.html
    emails = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "lead@example.org")).all()
    assert all("reporter@example.com" not in str(message.context) for message in emails)


def test_an_editor_marks_a_problem_resolved_and_it_is_audited(client, db):
    listing = arrange(db)
    report(client, listing, {"kind": "closed"})
    sign_in_by_email(client, db, "lead@example.org")
    dashboard = client.get("/en/organisation")
    action = dashboard.one("form[action$='/resolve']")["action"]
    client.submit(dashboard, action, {}, expected_status=303)
    assert "Nothing needs your attention." in client.get("/en/organisation").text()
    assert db.scalar(select(ProblemReport)).resolved_at is not None
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "listing_problem.resolved")).actor_email == (
        "lead@example.org"
    )


def test_editors_of_another_organisation_neither_see_nor_resolve_the_problem(client, db):
    listing = arrange(db)
    report(client, listing, {"kind": "other", "details": "Wrong room."})
    problem = db.scalar(select(ProblemReport))
    sign_in_by_email(client, db, "other.org@example.org")
    dashboard = client.get("/en/organisation")
    assert "Wrong room." not in dashboard.text()
    client.submit(dashboard, f"/en/organisation/problems/{problem.id}/resolve", {}, expected_status=404)
    db.refresh(problem)
    assert problem.resolved_at is None
