"""Link fields take only http and https addresses, in the editor, the spreadsheet import and the
scheme's settings; a stored link of any other kind is never published as a link (issue 10,
item 5)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.config import InsecureConfiguration, load_settings
from portal.directory.models import Listing
from portal.web.forms import is_web_address, normalise_web_address
from tests.directory_helpers import listing
from tests.test_organisations_editing import NEW, editor
from tests.test_organisations_spreadsheets import GOOD, HEADER, coordinator, upload

HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "https://",
    "http://exa mple.org",
    "//evil.example",
]
MESSAGE = "Enter a website address in the correct format, like https://www.example.org"


@pytest.mark.parametrize("address", HOSTILE_LINKS)
def test_the_editor_refuses_a_link_that_is_not_a_web_address(client, db, address):
    editor(client, db)
    page = client.get(NEW)
    sent = client.submit(page, f"{NEW}/contact", {"url": address}, expected_status=200)
    assert sent.errors() == [MESSAGE]


def test_a_web_address_typed_without_https_is_completed(client, db):
    editor(client, db)
    page = client.get(NEW)
    client.submit(page, f"{NEW}/contact", {"url": "www.knitters.example.org/club"}, expected_status=303)
    assert client.get(f"{NEW}/contact").one("input[name=url]")["value"] == "https://www.knitters.example.org/club"


@pytest.mark.parametrize("address", HOSTILE_LINKS[:3])
def test_the_spreadsheet_import_refuses_a_link_that_is_not_a_web_address(client, db, address):
    coordinator(client, db)
    row = GOOD.rstrip("\n") + f',"{address}"\n'
    page = upload(client, HEADER.rstrip("\n") + ",url\n" + row)
    assert MESSAGE in page.text()
    assert db.scalars(select(Listing)).all() == []


def test_a_stored_link_that_is_not_a_web_address_is_shown_as_nothing(client, db):
    made = listing(db, url="javascript:alert(1)")
    page = client.get(f"/en/directory/listings/{made.id}")
    assert "javascript:" not in page.html


@pytest.mark.parametrize("name", ["SCHEME_EXIT_URL", "SCHEME_FAMILY_ROUTE_URL"])
def test_the_schemes_own_links_must_be_web_addresses(tmp_path, name):
    with pytest.raises(InsecureConfiguration, match=name):
        load_settings({"PORTAL_INSTANCE_PATH": str(tmp_path), name: "javascript:alert(1)"})


def test_what_counts_as_a_web_address():
    assert is_web_address("https://www.example.org/walks?day=tu") and is_web_address("HTTP://example.org")
    assert not any(is_web_address(normalise_web_address(address)) for address in HOSTILE_LINKS)
    assert not is_web_address(None) and not is_web_address("https://localhost")
