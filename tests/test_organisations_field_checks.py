"""The listing editor checks a field as it changes (htmx) with the validators saving uses, so
with JavaScript and without a person gets the same message next to the same field."""

import pytest
from sqlalchemy import delete

from portal.geo.models import OutwardCode, Postcode
from portal.organisations.sections import SECTIONS
from tests.test_organisations_editing import FORM, NEW, editor


def section_page(field: str) -> str:
    """The editor's page for the section a field is on."""
    return f"{NEW}/" + next(section.slug for section in SECTIONS if section.owns(field))


CHECK = "/en/organisation/listings/check-field"

WRONG = [
    ("categories", {"categories": []}, "Select at least one kind of activity"),
    ("sessions-0-opens_at", {"sessions-0-opens_at": "25:00"}, "Enter a start time, like 10:00 or 2pm"),
    ("sessions-0-closes_at", {"sessions-0-closes_at": "tea time"}, "Enter an end time, like 12:00 or 4pm"),
    ("sessions-0-closes_at", {"sessions-0-closes_at": "9am"}, "The end time must be after the start time"),
    ("sessions-0-closes_at", {"sessions-0-closes_at": "10:00"}, "The end time must be after the start time"),
    ("locations-0-postal_code", {"locations-0-postal_code": "LS6 one"}, "Enter a real postcode, like LS6 1AN"),
    (
        "locations-0-postal_code",
        {"locations-0-postal_code": "ls29 9zz"},  # a district the postcode table does not know
        "We cannot find that postcode. Check it and enter it again",
    ),
    (
        "locations-0-postal_code",
        {"locations-0-postal_code": "M1 1AE"},
        "That postcode is outside Leeds. Enter a postcode in Leeds",
    ),
]
IDS = [f"{field}={next(iter(change.values()))}" for field, change, _message in WRONG]


def editor_without_ls29(client, db):
    editor(client, db)
    db.execute(delete(Postcode).where(Postcode.outward_code == "LS29"))
    db.execute(delete(OutwardCode).where(OutwardCode.code == "LS29"))
    db.commit()


def check(client, page, field, data):
    response = client.client.post(
        f"{CHECK}?field={field}", data={"csrf_token": page.csrf_token(), **data}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    return response.get_data(as_text=True)


def live_region(html):
    from bs4 import BeautifulSoup

    region = BeautifulSoup(html, "html.parser").select_one("#listing-check-status[hx-swap-oob=innerHTML]")
    return region.get_text(" ", strip=True)


@pytest.mark.parametrize(("field", "change", "message"), WRONG, ids=IDS)
def test_with_htmx_the_field_gets_its_message_and_the_live_region_reads_it(client, db, field, change, message):
    editor_without_ls29(client, db)
    page = client.get(NEW)
    html = check(client, page, field, {**FORM, **change})
    assert html.count('class="form-group') == 1 and message in html
    assert f'<div class="field-check" id="{field}-check">\n<p class="error-message" id="{field}-error">' in html
    assert live_region(html) == f"Error: {message}"


@pytest.mark.parametrize(("field", "change", "message"), WRONG, ids=IDS)
def test_without_javascript_saving_gives_the_same_message_next_to_the_same_field(client, db, field, change, message):
    editor_without_ls29(client, db)
    page = client.get(section_page(field))
    shown = client.submit(page, section_page(field), {**FORM, **change}, expected_status=200)
    assert shown.errors() == [message]
    assert shown.one(f"#{field}-check #{field}-error").get_text(" ", strip=True) == f"Error: {message}"
    assert shown.one(f".error-summary a[href^='#{field}']")  # a checkbox group: its first box


def test_a_new_postcode_in_a_known_district_is_taken(client, db):
    editor(client, db)
    page = client.get(NEW)
    new_postcode = {**FORM, "locations-0-postal_code": "LS6 9ZZ"}  # search places it at LS6's centre
    assert "error-message" not in check(client, page, "locations-0-postal_code", new_postcode)
    client.submit(page, f"{NEW}/where", new_postcode, expected_status=303)


CHECKED = ["categories", "sessions-0-opens_at", "sessions-0-closes_at", "locations-0-postal_code"]


@pytest.mark.parametrize("field", CHECKED)
def test_a_right_answer_clears_the_message_and_the_live_region(client, db, field):
    editor(client, db)
    html = check(client, client.get(NEW), field, FORM)
    assert "error-message" not in html and live_region(html) == ""


def test_each_checked_field_asks_for_its_check_as_it_changes(client, db):
    editor(client, db)
    for selector, field in (
        ("#categories-0", "categories"),
        ("#sessions-0-closes_at", "sessions-0-closes_at"),
        ("#locations-0-postal_code", "locations-0-postal_code"),
    ):
        page = client.get(section_page(field))
        element = page.one(selector)
        assert element["hx-post"].endswith(f"/check-field?field={field}")
        slot = f"#{field}-check"  # only the message slot is swapped, never the field
        assert (element["hx-trigger"], element["hx-target"], element["hx-select"]) == ("change", slot, slot)
        assert page.one(slot)
        assert page.one("#listing-check-status")["aria-live"] == "polite"
    assert page.one("#locations-0-postal_code")["aria-describedby"] == "locations-0-postal_code-check"
    about = client.get(section_page("categories"))
    assert about.one("#categories-0").find_parent("fieldset")["aria-describedby"] == "categories-check"


@pytest.mark.parametrize("field", ["description", "sessions-0-byday", "sessions-9-opens_at", "locations-0-name", ""])
def test_fields_that_are_not_checked_on_their_own_are_not_found(client, db, field):
    editor(client, db)
    page = client.get(NEW)
    response = client.client.post(
        f"{CHECK}?field={field}", data={"csrf_token": page.csrf_token(), **FORM}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 404
