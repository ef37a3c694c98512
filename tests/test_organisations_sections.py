"""The listing editor in sections: each section saves into the editor's draft (nothing lost
between them), the check-answers page has a Change link per answer, and the preview shows the
draft as the public will see it, marked, not indexed and not stored."""

from sqlalchemy import select

from portal.directory.models import Listing
from portal.organisations.models import ListingRevision, RevisionState
from tests.organisations_helpers import change_section, fill_in_new_listing, published_listing
from tests.test_organisations_editing import FORM, NEW, editor


def test_a_new_listing_goes_section_by_section_to_check_answers(client, db):
    editor(client, db)
    page = client.get(NEW)
    assert page.h1 == "About the group or service"
    after_about = client.submit(page, f"{NEW}/about", FORM, expected_status=303)
    assert after_about.response.headers["Location"].endswith("/new/when")
    check = fill_in_new_listing(client, FORM)
    assert check.h1 == "Check your listing"
    assert "Knit and Natter" in check.text() and "Chapeltown Library" in check.text()


def test_nothing_is_lost_between_sections_and_nothing_is_sent_until_the_editor_sends_it(client, db):
    editor(client, db)
    page = client.get(NEW)
    client.submit(page, f"{NEW}/about", FORM, expected_status=303)
    client.submit(page, f"{NEW}/contact", {"phone": "0113 496 0000"}, expected_status=303)
    draft = db.scalar(select(ListingRevision))
    assert draft.state == RevisionState.EDITING
    assert (draft.snapshot["name"], draft.snapshot["phone"]) == ("Knit and Natter", "0113 496 0000")
    assert client.get(f"{NEW}/about").form_values()["name"] == "Knit and Natter"
    dashboard = client.get("/en/organisation")
    assert "Waiting for review" not in dashboard.text()
    assert "You started a new listing, Knit and Natter , and have not sent it yet." in dashboard.text()
    assert dashboard.one("main .notice a")["href"] == NEW


def test_sending_an_unfinished_listing_says_which_section_to_finish(client, db):
    editor(client, db)
    page = client.get(NEW)
    client.submit(page, f"{NEW}/about", FORM, expected_status=303)
    shown = client.submit(client.get(NEW), NEW, {}, expected_status=200)
    assert shown.title.startswith("Error: ")
    assert shown.errors() == ["Select how people take part"]
    assert shown.one(".error-summary a")["href"].endswith("/new/where?return=check")
    assert db.scalar(select(ListingRevision)).state == RevisionState.EDITING


def test_each_answer_has_a_change_link_back_to_its_section_and_then_to_the_summary(client, db):
    organisation = editor(client, db)
    listing = published_listing(db, organisation, "Tuesday Walk")
    check = client.get(f"/en/organisation/listings/{listing.id}/edit")
    links = {
        link.select_one(".visually-hidden").get_text(strip=True): link["href"]
        for link in check.select(".summary-list__actions a")
    }
    assert links["Sessions"].endswith(f"/listings/{listing.id}/edit/when?return=check")
    assert links["Phone number"].endswith(f"/listings/{listing.id}/edit/contact?return=check")
    assert "Every Tuesday" in check.text()  # sessions in words
    back = change_section(client, listing.id, "contact", {"phone": "0113 496 0000"})
    assert back.h1 == "Check your listing" and "0113 496 0000" in back.text()
    assert db.get(Listing, listing.id).phone is None  # not sent yet, so not published


def test_the_preview_shows_the_draft_as_the_public_would_marked_and_not_indexed_or_stored(client, db):
    organisation = editor(client, db)
    listing = published_listing(db, organisation, "Tuesday Walk")
    change_section(client, listing.id, "about", {"summary": "A brand new summary."})
    preview = client.get(f"/en/organisation/listings/{listing.id}/preview")
    assert preview.h1 == "Tuesday Walk" and "A brand new summary." in preview.text()
    assert preview.one(".preview-banner").get_text(" ", strip=True).startswith("Preview")
    assert preview.response.headers["Cache-Control"] == "no-store"
    assert "noindex" in preview.response.headers["X-Robots-Tag"]
    assert preview.one('meta[name="robots"]')["content"].startswith("noindex")
    assert "A brand new summary." not in client.get(f"/en/directory/listings/{listing.id}").text()


def test_a_new_listing_can_be_previewed_before_it_is_sent(client, db):
    editor(client, db)
    fill_in_new_listing(client, FORM)
    preview = client.get(f"{NEW}/preview")
    assert preview.h1 == "Knit and Natter" and "Every Wednesday" in preview.text()
    assert db.scalar(select(Listing)) is None
