import pytest

from portal.i18n import SHIPPED_LOCALES
from portal.pages.routes import CONTENT_PAGES

LOCALES = list(SHIPPED_LOCALES)
PAGES = ["", "languages", *CONTENT_PAGES]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("slug", PAGES)
def test_every_content_page_renders_in_every_language(client, locale, slug):
    page = client.get(f"/{locale}/{slug}")
    assert page.h1
    if locale != "en":
        assert page.h1 != client.get(f"/en/{slug}").h1, "the heading is translated"
    assert page.select(".skip-link")[0]["href"] == "#main"
    assert page.one("main")["id"] == "main"


def test_every_page_offers_the_help_box_and_the_exit(client):
    page = client.get("/en/contact")
    assert "999" in page.text(".help-now") and "111" in page.text(".help-now") and "116 123" in page.text(".help-now")
    assert [link["href"] for link in page.select("[data-exit]")] == ["/exit", "/exit"]


def test_the_footer_links_to_the_required_pages(client):
    footer = client.get("/en/").select(".site-footer a")
    hrefs = {link["href"] for link in footer}
    assert {"/en/contact", "/en/accessibility", "/en/privacy", "/en/cookies"} <= hrefs


def test_the_privacy_notice_covers_health_data_lawful_basis_retention_and_rights(client):
    text = client.get("/en/privacy").text()
    for words in ("special category", "lawful basis", "8 years", "ask to see", "Information Commissioner"):
        assert words in text


def test_cookies_page_lists_only_essential_cookies(client):
    page = client.get("/en/cookies")
    assert [row.select("td")[0].get_text() for row in page.select("tbody tr")] == ["session", "device"]


def test_exit_forgets_the_session_and_goes_somewhere_neutral(app, client):
    client.get("/cy/")
    with client.session_transaction() as session:
        session["shortlist"] = [1, 2]
    response = client.get("/exit", expected_status=303).response
    assert response.headers["Location"] == app.config["SETTINGS"].scheme.exit_url
    assert response.headers["Cache-Control"] == "no-store"
    with client.session_transaction() as session:
        assert dict(session) == {}


def test_exit_runs_what_features_registered_to_forget(app, client):
    forgotten = []
    hooks = app.extensions["portal_exit_hooks"]
    hooks.register(lambda: forgotten.append(True))
    try:
        client.get("/exit", expected_status=303)
    finally:
        hooks._hooks.pop()
    assert forgotten == [True]


def test_the_stylesheet_has_no_unclosed_block(settings):
    """An unclosed @media block silently swallows every rule after it."""
    stylesheet = (settings.project_root / "static" / "css" / "portal.css").read_text()
    depth = 0
    for character in stylesheet:
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0
    assert depth == 0
