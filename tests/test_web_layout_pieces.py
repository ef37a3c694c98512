"""The layout's fixed parts (footer, help box, assets) are rendered once per language and kept:
each page still shows them in its own language, and pages that replace one still do."""

from __future__ import annotations

from portal.accounts.models import Role
from portal.web.templating import LAYOUT_PIECES
from tests.authz import make_user, sign_in_as


def test_kept_layout_parts_are_in_each_pages_language(client, app):
    for _ in range(2):  # rendered, then kept
        english, welsh = client.get("/en/"), client.get("/cy/")
        assert "Contact us" in english.text("footer") and "Need help now?" in english.text(".help-now")
        assert "Cysylltu â ni" in welsh.text("footer") and "Angen help nawr?" in welsh.text(".help-now")
        assert welsh.one(".site-header__name")["href"] == "/cy/"
        assert english.one('a[href="/en/privacy"]') and welsh.one('a[href="/cy/privacy"]')
    kept = {key[:2] for key in app.extensions[LAYOUT_PIECES]}
    assert ("layouts/_footer-links.html", "en") in kept and ("layouts/_footer-links.html", "cy") in kept


def test_a_page_that_replaces_a_kept_part_still_does(client, db):
    sign_in_as(client, db, make_user(db, "worker@example.org", Role.LINK_WORKER))
    staff_page = client.get("/en/triage")
    assert "Sign in for staff" not in staff_page.text("footer")
    assert not staff_page.select(".help-now") and staff_page.select(".session-notice")
