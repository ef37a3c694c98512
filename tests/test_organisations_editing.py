"""Editors create and change listings; coordinators approve them; the public keeps seeing the
last approved version until then; trusted organisations publish at once."""

from sqlalchemy import select

from portal.accounts.models import Role, User
from portal.directory.models import Listing, ListingStatus
from portal.i18n import LANGUAGES, SHIPPED_LOCALES
from portal.organisations.models import ListingRevision, RevisionState
from tests.authz import make_organisation, make_user, sign_in_as
from tests.directory_helpers import with_postcodes
from tests.organisations_helpers import change_and_send, published_listing, send_new_listing

NEW = "/en/organisation/listings/new"
FORM = {
    "name": "Knit and Natter",
    "summary": "Knitting and a cup of tea.",
    "categories": ["social"],
    "attending_type": ["in_person"],
    "attending_access": "drop_in",
    "is_free": "yes",
    "capacity": "open",
    "languages": ["en"],
    "sessions-0-byday": "WE",
    "sessions-0-interval": "1",
    "sessions-0-opens_at": "10am",
    "sessions-0-closes_at": "12:00",
    "locations-0-name": "Chapeltown Library",
    "locations-0-postal_code": "ls61an",
    "name_cy": "Gwau a Sgwrs",
}


def editor(client, db, trusted=False):
    with_postcodes(db)
    organisation = make_organisation(db, "knitters", "Chapeltown Knitters")
    organisation.trusted = trusted
    db.commit()
    person = make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True)
    sign_in_as(client, db, person)
    return organisation


def test_a_new_listing_waits_for_review_and_is_not_public(client, db):
    editor(client, db)
    send_new_listing(client, FORM)
    revision = db.scalar(select(ListingRevision))
    assert revision.state == RevisionState.WAITING and revision.listing_id is None
    assert revision.snapshot["schedules"][0]["opens_at"] == "10:00"
    assert revision.snapshot["locations"][0]["postal_code"] == "LS6 1AN"
    assert revision.snapshot["locations"][0]["latitude"] is not None
    assert revision.snapshot["translations"] == [{"locale": "cy", "name": "Gwau a Sgwrs", "summary": ""}]
    assert db.scalar(select(Listing)) is None
    assert "Waiting for review" in client.get("/en/organisation").text()


def test_every_error_in_the_editor_is_specific(client, db):
    editor(client, db)
    page = client.get(NEW)
    bad = {**FORM, "name": "", "categories": [], "sessions-0-opens_at": "25 o'clock", "locations-0-postal_code": ""}
    assert client.submit(page, f"{NEW}/about", bad, expected_status=200).errors() == [
        "Enter the name of the group or service",
        "Select at least one kind of activity",
    ]
    assert client.submit(page, f"{NEW}/when", bad, expected_status=200).errors() == [
        "Enter a start time, like 10:00 or 2pm"
    ]
    bad = {**FORM, "locations-0-name": "", "locations-0-postal_code": ""}
    assert client.submit(page, f"{NEW}/where", bad, expected_status=200).errors() == [
        "Enter the postcode of the place people go to, or choose online or by phone only"
    ]


def test_an_online_only_listing_needs_no_place(client, db):
    editor(client, db)
    online = {**FORM, "attending_type": ["online"], "locations-0-name": "", "locations-0-postal_code": ""}
    send_new_listing(client, online)
    assert db.scalar(select(ListingRevision)).snapshot["locations"] == []


def test_adding_and_removing_sessions_works_without_javascript(client, db):
    editor(client, db)
    page = client.get(NEW)
    when = f"{NEW}/when"
    more = client.submit(page, when, {**FORM, "row_action": "add_session"}, expected_status=200)
    assert len(more.select(".session-row")) == 2
    assert more.errors() == []
    two = {**FORM, "sessions-1-byday": "FR", "sessions-1-interval": "2", "sessions-1-opens_at": "2pm"}
    fewer = client.submit(page, when, {**two, "row_action": "remove_session-0"}, expected_status=200)
    assert len(fewer.select(".session-row")) == 1
    assert fewer.form_values()["sessions-0-opens_at"] == "2pm"


def test_adding_a_session_puts_focus_on_the_new_rows_day(client, db):
    editor(client, db)
    page = client.get(NEW)
    more = client.submit(page, f"{NEW}/when", {**FORM, "row_action": "add_session"}, expected_status=200)
    assert [field["name"] for field in more.select("[autofocus]")] == ["sessions-1-byday"]


def test_with_htmx_only_the_sessions_are_sent_back(client, db):
    editor(client, db)
    page = client.get(NEW)
    response = client.client.post(
        f"{NEW}/when",
        data={"csrf_token": page.csrf_token(), **FORM, "row_action": "add_session"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert html.count('class="session-row"') == 2 and "<html" not in html


def _coordinator_approves(client, db, revision_id):
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR)
    sign_in_as(client, db, coordinator)
    url = f"/en/coordinator/moderation/{revision_id}"
    page = client.get(url)
    return client.submit(page, url, {"decision": "approve"}, expected_status=303)


def test_a_coordinator_approves_a_new_listing_and_it_is_published(client, db):
    editor(client, db)
    send_new_listing(client, FORM)
    revision = db.scalar(select(ListingRevision))
    _coordinator_approves(client, db, revision.id)
    listing = db.scalar(select(Listing))
    assert listing.name == "Knit and Natter"
    db.refresh(revision)
    assert (revision.state, revision.listing_id) == (RevisionState.APPROVED, listing.id)
    assert "Knit and Natter" in client.get(f"/en/directory/listings/{listing.id}").text()


def test_the_public_keeps_the_approved_version_until_a_change_is_approved(client, db):
    organisation = editor(client, db)
    listing = published_listing(db, organisation, "Tuesday Walk")
    change_and_send(client, listing.id, "when", {"sessions-0-opens_at": "11:00"})
    assert "10am" in client.get(f"/en/directory/listings/{listing.id}").text()
    waiting = db.scalar(select(ListingRevision).where(ListingRevision.state == RevisionState.WAITING))
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR)
    sign_in_as(client, db, coordinator)
    review = client.get(f"/en/coordinator/moderation/{waiting.id}")
    assert [cell.get_text() for cell in review.select(".diff th[scope=row]")] == ["Sessions"]
    client.submit(review, f"/en/coordinator/moderation/{waiting.id}", {"decision": "approve"}, expected_status=303)
    assert "11am" in client.get(f"/en/directory/listings/{listing.id}").text()


def test_the_diff_names_coded_fields_in_words(client, db):
    organisation = editor(client, db)
    listing = published_listing(db, organisation, "Tuesday Walk", categories=["walking"])
    change_and_send(client, listing.id, "about", {"categories": ["walking", "music"]})
    waiting = db.scalar(select(ListingRevision).where(ListingRevision.state == RevisionState.WAITING))
    sign_in_as(client, db, make_user(db, "coordinator@example.org", Role.COORDINATOR))
    rows = client.get(f"/en/coordinator/moderation/{waiting.id}").select(".diff tbody tr")
    shown = {row.th.get_text(): [cell.get_text() for cell in row.select("td")] for row in rows}
    assert shown["Kinds of activity"] == ["Walking and outdoors", "Walking and outdoors added: ; Music and singing"]


def test_a_coordinator_sends_a_change_back_with_a_reason_the_editor_sees(client, db):
    organisation = editor(client, db)
    listing = published_listing(db, organisation)
    url = f"/en/organisation/listings/{listing.id}/edit"
    change_and_send(client, listing.id, "about", {"summary": "Changed"})
    waiting = db.scalar(select(ListingRevision).where(ListingRevision.state == RevisionState.WAITING))
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR)
    sign_in_as(client, db, coordinator)
    review_url = f"/en/coordinator/moderation/{waiting.id}"
    review = client.get(review_url)
    client.submit(review, review_url, {"decision": "send_back", "reason": "Say where to meet."}, expected_status=303)
    db.refresh(waiting)
    assert (waiting.state, waiting.reason) == (RevisionState.SENT_BACK, "Say where to meet.")
    sign_in_as(client, db, organisation_editor(db))
    assert "Say where to meet." in client.get(url).text()


def organisation_editor(db):
    return db.scalar(select(User).where(User.email == "lead@example.org"))


def test_a_trusted_organisations_change_publishes_at_once_and_is_logged(client, db):
    organisation = editor(client, db, trusted=True)
    listing = published_listing(db, organisation)
    change_and_send(client, listing.id, "about", {"summary": "Now on Wednesdays too."})
    assert "Now on Wednesdays too." in client.get(f"/en/directory/listings/{listing.id}").text()
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR)
    sign_in_as(client, db, coordinator)
    assert "Trusted: published at once" in client.get("/en/coordinator/moderation").text()


def test_restoring_an_earlier_version_makes_a_new_revision(client, db):
    organisation = editor(client, db, trusted=True)
    listing = published_listing(db, organisation, "Tuesday Walk")
    first = db.scalar(select(ListingRevision))
    change_and_send(client, listing.id, "about", {"name": "Wednesday Walk"})
    history = client.get(f"/en/organisation/listings/{listing.id}/history")
    assert len(history.select("tbody tr")) == 2
    restore = f"/en/organisation/revisions/{first.id}/restore"
    client.submit(history, restore, {}, expected_status=303)
    db.expire_all()
    assert db.get(Listing, listing.id).name == "Tuesday Walk"
    latest = db.scalars(select(ListingRevision).order_by(ListingRevision.id.desc())).first()
    assert (latest.state, latest.restored_from_id) == (RevisionState.RESTORED, first.id)


def test_pausing_shows_the_message_and_leaves_search(client, db):
    organisation = editor(client, db)
    listing = published_listing(db, organisation)
    url = f"/en/organisation/listings/{listing.id}/status"
    page = client.get(url)
    assert client.submit(page, url, {"status": "paused"}, expected_status=200).errors() == [
        "Enter a message for people who find the listing"
    ]
    client.submit(page, url, {"status": "paused", "message": "Back in September."}, expected_status=303)
    db.expire_all()
    assert db.get(Listing, listing.id).status == ListingStatus.PAUSED
    assert "Back in September." in client.get(f"/en/directory/listings/{listing.id}").text()


def test_a_field_is_checked_on_its_own_with_the_same_message_as_saving(client, db):
    editor(client, db)
    page = client.get(f"{NEW}/contact")
    assert page.one("#email")["hx-post"].endswith("/check-field?field=email")
    response = client.client.post(
        "/en/organisation/listings/check-field?field=email",
        data={"csrf_token": page.csrf_token(), "email": "not an email"},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert html.count('class="form-group') == 1
    fine = client.client.post(
        "/en/organisation/listings/check-field?field=email",
        data={"csrf_token": page.csrf_token(), "email": "hello@example.org"},
        headers={"HX-Request": "true"},
    )
    assert "error-message" not in fine.get_data(as_text=True)


def visible(cell):
    """A cell's text as it is seen: without the words only screen readers hear."""
    return "".join(text for text in cell.find_all(string=True) if not text.find_parent(class_="visually-hidden"))


def _review_rows(client, db, waiting):
    sign_in_as(client, db, make_user(db, "coordinator@example.org", Role.COORDINATOR))
    return client.get(f"/en/coordinator/moderation/{waiting.id}").select(".diff tbody tr")


def test_the_diff_shows_session_times_in_words_not_codes(client, db):
    organisation = editor(client, db)
    listing = published_listing(db, organisation, "Tuesday Walk")
    change_and_send(client, listing.id, "when", {"sessions-0-byday": "WE", "sessions-0-opens_at": "10:30"})
    waiting = db.scalar(select(ListingRevision).where(ListingRevision.state == RevisionState.WAITING))
    (row,) = _review_rows(client, db, waiting)
    after = visible(row.select_one(".diff__after"))
    assert after.startswith("Every Wednesday, 10:30am to")  # the directory's words for a session
    assert "WE" not in after.split() and "recurring" not in after and "WEEKLY" not in after
    assert visible(row.select_one(".diff__before")).startswith("Every Tuesday, 10am to")
    assert [visible(tag) for tag in row.select(".diff__after ins")] == ["Wednesday", "10:30am"]


def test_the_diff_marks_only_the_changed_words_with_hidden_words(client, db):
    organisation = editor(client, db)
    listing = published_listing(db, organisation, "Tuesday Walk")
    change_and_send(client, listing.id, "about", {"summary": "Tuesday Walk: a gentle group."})
    waiting = db.scalar(select(ListingRevision).where(ListingRevision.state == RevisionState.WAITING))
    (row,) = _review_rows(client, db, waiting)  # and no other field: the rest is kept as it was
    assert [tag.get_text() for tag in row.select(".diff__before del")] == [" removed: friendly"]
    assert [tag.get_text() for tag in row.select(".diff__after ins")] == [" added: gentle"]
    assert row.select_one(".diff__after").get_text() == "Tuesday Walk: a  added: gentle group."
    assert row.select_one(".diff__after ins .visually-hidden")


def test_editors_can_translate_the_name_and_summary_into_every_offered_language(client, db):
    editor(client, db)
    about = client.get(f"{NEW}/about")
    labels = [label.get_text(" ", strip=True) for label in about.select("label[for^=name_]")]
    assert labels == [f"Name ( {LANGUAGES[code].name} )" for code in SHIPPED_LOCALES if code != "en"]
    assert [label.select_one("span")["lang"] for label in about.select("label[for^=name_]")] == list(
        SHIPPED_LOCALES[1:]
    )
    assert about.one("#summary_ar")["dir"] == "rtl" and about.one("#summary_ar")["lang"] == "ar"
    send_new_listing(
        client, {**FORM, "name_pl": "Robótki i pogaduszki", "summary_pl": "Robimy na drutach przy herbacie."}
    )
    revision = db.scalar(select(ListingRevision))
    assert revision.snapshot["translations"] == [
        {"locale": "cy", "name": "Gwau a Sgwrs", "summary": ""},
        {"locale": "pl", "name": "Robótki i pogaduszki", "summary": "Robimy na drutach przy herbacie."},
    ]
    _coordinator_approves(client, db, revision.id)
    listing = db.scalar(select(Listing))
    assert client.get(f"/pl/directory/listings/{listing.id}").h1 == "Robótki i pogaduszki"
    found = client.get("/pl/directory", query_string={"postcode": "LS6 1AN", "q": "pogaduszki"})
    assert "Robótki i pogaduszki" in found.text()


def test_a_translation_in_a_language_no_longer_offered_is_kept(app, client, db):
    from dataclasses import replace

    organisation = editor(client, db)
    listing = published_listing(db, organisation, translations=[{"locale": "gu", "name": "ચાલવાનું જૂથ", "summary": ""}])
    app.config["SETTINGS"] = replace(app.config["SETTINGS"], locales=("en", "cy"))
    assert client.get(f"/en/organisation/listings/{listing.id}/edit/about").select("#name_gu") == []
    change_and_send(client, listing.id, "about", {"name_cy": "Taith Gerdded"})
    waiting = db.scalar(select(ListingRevision).where(ListingRevision.state == RevisionState.WAITING))
    assert [item["locale"] for item in waiting.snapshot["translations"]] == ["cy", "gu"]
