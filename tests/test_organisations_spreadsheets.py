"""Coordinators export listings as CSV and import a spreadsheet with a row-by-row report;
nothing is imported from a file with problems unless they choose the valid rows."""

import csv
import io

from sqlalchemy import func, select

from portal.accounts.models import Role
from portal.directory.models import Category, Listing
from portal.organisations.models import ListingRevision, Organisation
from tests.authz import make_organisation, make_user, sign_in_as
from tests.directory_helpers import with_postcodes
from tests.organisations_helpers import published_listing

URL = "/en/coordinator/listings/import"
HEADER = "organisation,name,summary,categories,attending_type,postcode,sessions,phone\n"
GOOD = "walkers,Park Walk,A gentle walk.,walking,in_person,LS6 1AN,TU 10:00-11:00,0113 496 0000\n"
ONLINE = "walkers,Phone Friends,A weekly call.,befriending,phone,,,\n"
BAD = "nobody,,A walk.,flying,in_person,NOT A CODE,XX 25:00,12\n"


def coordinator(client, db):
    make_organisation(db, "walkers", "Leeds Walkers")
    sign_in_as(client, db, make_user(db, "coordinator@example.org", Role.COORDINATOR))


def upload(client, text, when_problems="nothing"):
    page = client.get(URL)
    data = {"spreadsheet": (io.BytesIO(text.encode()), "listings.csv"), "when_problems": when_problems}
    return client.submit(page, URL, data, expected_status=200, content_type="multipart/form-data")


def listings(db):
    return db.scalar(select(func.count()).select_from(Listing))


def test_a_clean_file_is_imported_and_published_with_a_revision(client, db):
    with_postcodes(db)
    coordinator(client, db)
    page = upload(client, HEADER + GOOD + ONLINE)
    assert "Imported 2 of 2 listings." in page.text()
    assert listings(db) == 2
    assert db.scalar(select(func.count()).select_from(ListingRevision)) == 2
    walk = db.scalar(select(Listing).where(Listing.name == "Park Walk"))
    assert walk.schedules[0].byday == "TU" and walk.locations[0].latitude is not None


def test_a_file_with_problems_imports_nothing_and_reports_each_row(client, db):
    coordinator(client, db)
    page = upload(client, HEADER + GOOD + BAD)
    assert "Imported 0 of 2 listings." in page.text()
    assert listings(db) == 0
    [row] = page.select("tbody tr")
    cells = row.select("td")
    assert cells[0].get_text() == "3"
    assert [item.get_text() for item in cells[2].select("li")] == [
        "No approved organisation has the short name “nobody”",
        "Enter the name of the group or service",
        "Give kinds of activity from the list, like walking social",
        "Enter a phone number, like 01632 960 001 or 07700 900 982",
        "Enter a real postcode, like LS6 1AN",
        "Write sessions like WE 10:00-12:00; FR/2 14:00-16:00",
    ]


def test_the_coordinator_can_choose_to_import_only_the_valid_rows(client, db):
    coordinator(client, db)
    page = upload(client, HEADER + ONLINE + BAD, when_problems="valid_rows")
    assert "Imported 1 of 2 listings." in page.text()
    assert listings(db) == 1


def test_a_file_without_the_columns_is_refused_with_a_reason(client, db):
    coordinator(client, db)
    assert upload(client, "a,b\n1,2\n").errors() == [
        "The first row must name the columns, including organisation, name, summary"
    ]
    assert upload(client, HEADER).errors() == ["The file has no listings in it"]


def test_the_export_can_be_imported_again_to_update_listings(client, db):
    coordinator(client, db)
    organisation = db.scalar(select(Organisation))
    listing = published_listing(db, organisation, "Tuesday Walk")
    exported = client.client.get("/en/coordinator/listings.csv")
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert rows[0]["name"] == "Tuesday Walk" and rows[0]["sessions"] == "TU 10:00-12:00"
    rows[0]["summary"] = "Now with tea afterwards."
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    assert "Imported 1 of 1 listings." in upload(client, out.getvalue()).text()
    db.expire_all()
    assert db.get(Listing, listing.id).summary == "Now with tea afterwards."
    assert listings(db) == 1


def test_kinds_of_activity_are_checked_against_the_ones_coordinators_manage(client, db):
    with_postcodes(db)
    coordinator(client, db)
    added = client.get("/en/coordinator/categories/new")
    client.submit(added, "/en/coordinator/categories/new", {"label_en": "Sea swimming"}, expected_status=303)
    walking = db.scalar(select(Category).where(Category.code == "walking"))
    client.submit(client.get("/en/coordinator/categories"), f"/en/coordinator/categories/{walking.id}/retire", {})
    rows = (GOOD.replace(",walking,", ",sea_swimming walking,"), GOOD.replace(",walking,", ",flying,"))
    page = upload(client, HEADER + "".join(rows), "valid_rows")
    assert "Imported 1 of 2 listings." in page.text()
    assert db.scalar(select(Listing.categories)) == ["sea_swimming", "walking"]
