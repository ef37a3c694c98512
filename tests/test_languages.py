import pytest

LOCALES = ["en", "cy", "ur"]


def test_root_sends_a_person_to_the_language_their_browser_asks_for(client):
    page = client.get("/", expected_status=302, headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert page.response.headers["Location"] == "/cy/"
    assert "Accept-Language" in page.response.headers["Vary"]


def test_root_falls_back_to_english(client):
    page = client.get("/", expected_status=302, headers={"Accept-Language": "fr"})
    assert page.response.headers["Location"] == "/en/"


def test_a_saved_choice_wins_over_the_browser(client):
    client.get("/ur/")
    page = client.get("/", expected_status=302, headers={"Accept-Language": "cy"})
    assert page.response.headers["Location"] == "/ur/"


@pytest.mark.parametrize(("locale", "direction"), [("en", "ltr"), ("cy", "ltr"), ("ur", "rtl")])
def test_pages_carry_their_language_and_direction(client, locale, direction):
    html = client.get(f"/{locale}/").one("html")
    assert html["lang"] == locale
    assert html["dir"] == direction


def test_an_unshipped_language_is_not_found(client):
    client.get("/fr/", expected_status=404)


def test_the_switcher_names_each_language_in_its_own_script_and_marks_the_current_one(client):
    page = client.get("/cy/cookies")
    links = page.select(".language-switcher a")
    assert [link.get_text(strip=True) for link in links] == ["English", "Cymraeg", "اردو"]
    assert [link["href"] for link in links] == ["/en/cookies", "/cy/cookies", "/ur/cookies"]
    assert [link.get("aria-current") for link in links] == [None, "true", None]
    assert [link["lang"] for link in links] == LOCALES
    assert [link["hreflang"] for link in links] == LOCALES


def test_the_switcher_keeps_the_query_string(client):
    page = client.get("/en/cookies?postcode=LS6+1AN")
    assert page.select(".language-switcher a")[1]["href"] == "/cy/cookies?postcode=LS6+1AN"


def test_every_page_lists_its_alternates_with_absolute_urls(client):
    alternates = client.get("/en/privacy").select('link[rel="alternate"]')
    assert {link["hreflang"]: link["href"] for link in alternates} == {
        code: f"http://localhost/{code}/privacy" for code in LOCALES
    }


def test_pages_are_translated(client):
    assert client.get("/cy/").select(".skip-link")[0].get_text(strip=True) == "Neidio i'r prif gynnwys"
    assert client.get("/ur/").one("#help-now-title").get_text(strip=True) != "Need help now?"
