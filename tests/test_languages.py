from dataclasses import replace

import pytest

from portal import create_app
from portal.config import UnknownLanguage, load_settings
from portal.i18n import LANGUAGES, SHIPPED_LOCALES, best_accepted_locale
from tests.harness import PageClient

RIGHT_TO_LEFT = {"ar", "ur"}


def test_root_sends_a_person_to_the_language_their_browser_asks_for(client):
    page = client.get("/", expected_status=302, headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert page.response.headers["Location"] == "/cy/"
    assert "Accept-Language" in page.response.headers["Vary"]


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("pt-BR", "pt"),
        ("pa-IN", "pa"),
        ("ar-SA;q=0.8", "ar"),
        ("fr-FR, ar-SA;q=0.8, en;q=0.5", "ar"),
        ("en-GB, pl;q=0.9", "en"),
        ("ro;q=0.2, bn-BD;q=0.9", "bn"),
        ("gu-IN,gu;q=0.9", "gu"),
        ("ES-es", "es"),
        ("ur-PK", "ur"),
        ("pl;q=0, cy;q=0.1", "cy"),
    ],
)
def test_root_reads_region_tags_and_quality_values(client, header, locale):
    page = client.get("/", expected_status=302, headers={"Accept-Language": header})
    assert page.response.headers["Location"] == f"/{locale}/"


def test_panjabi_in_shahmukhi_script_is_not_sent_to_the_gurmukhi_pages():
    assert best_accepted_locale([("pa-PK", 1.0), ("ur", 0.8)], SHIPPED_LOCALES) == "ur"
    assert best_accepted_locale([("pa-Arab", 1.0)], SHIPPED_LOCALES) is None


def test_root_falls_back_to_english(client):
    page = client.get("/", expected_status=302, headers={"Accept-Language": "fr"})
    assert page.response.headers["Location"] == "/en/"


def test_a_saved_choice_wins_over_the_browser(client):
    client.get("/ur/")
    page = client.get("/", expected_status=302, headers={"Accept-Language": "cy"})
    assert page.response.headers["Location"] == "/ur/"


def test_every_shipped_language_is_offered_by_default(settings):
    assert settings.locales == SHIPPED_LOCALES
    assert set(SHIPPED_LOCALES) == {"en", "cy", "ur", "pl", "ro", "pa", "pt", "es", "ar", "bn", "gu"}


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
def test_pages_carry_their_language_and_direction(client, locale):
    html = client.get(f"/{locale}/").one("html")
    assert html["lang"] == locale
    assert html["dir"] == ("rtl" if locale in RIGHT_TO_LEFT else "ltr")


def test_an_unshipped_language_is_not_found(client):
    client.get("/fr/", expected_status=404)


def test_the_switcher_names_featured_languages_in_their_own_script_and_marks_the_current_one(client):
    page = client.get("/cy/cookies")
    links = page.select(".language-switcher a[hreflang]")
    assert [link.get_text(strip=True) for link in links] == ["English", "Cymraeg", "اردو"]
    assert [link["href"] for link in links] == ["/en/cookies", "/cy/cookies", "/ur/cookies"]
    assert [link.get("aria-current") for link in links] == [None, "true", None]
    assert [link["lang"] for link in links] == ["en", "cy", "ur"]
    assert [link["hreflang"] for link in links] == ["en", "cy", "ur"]


def test_the_switcher_puts_a_language_that_is_not_featured_first_when_it_is_the_current_one(client):
    links = client.get("/pl/cookies").select(".language-switcher a[hreflang]")
    assert [link.get_text(strip=True) for link in links] == ["Polski", "English", "Cymraeg", "اردو"]
    assert links[0]["aria-current"] == "true"


def test_the_switcher_links_to_every_language_from_the_page_a_person_is_on(client):
    more = client.get("/pl/directory?postcode=LS6+1AN").one(".language-switcher__more")
    assert more.get_text(strip=True) == "Więcej języków"
    languages = client.get(more["href"])
    links = languages.select("main .language-list a")
    assert [link.get_text(strip=True) for link in links] == [LANGUAGES[code].name for code in SHIPPED_LOCALES]
    assert [link["hreflang"] for link in links] == list(SHIPPED_LOCALES)
    assert [link["lang"] for link in links] == list(SHIPPED_LOCALES)
    assert links[SHIPPED_LOCALES.index("ar")]["href"] == "/ar/directory?postcode=LS6+1AN"
    assert links[SHIPPED_LOCALES.index("pl")]["aria-current"] == "true"


def test_the_languages_page_names_each_language_in_the_readers_language_too(client):
    page = client.get("/cy/languages")
    names_here = [name.get_text(strip=True) for name in page.select(".language-list__name-here")]
    assert "Pwyleg" in names_here and "Saesneg" in names_here


def test_the_languages_page_alone_links_to_itself_in_each_language(client):
    links = client.get("/en/languages").select("main .language-list a")
    assert [link["href"] for link in links] == [f"/{code}/languages" for code in SHIPPED_LOCALES]


@pytest.mark.parametrize(
    "page", ["https://example.com/", "//example.com/cookies", "/\\example.com", "/exit", "/nope", "/x" * 2000]
)
def test_the_languages_page_never_links_off_our_own_localised_pages(client, page):
    links = client.get("/en/languages", query_string={"page": page}).select("main .language-list a")
    assert [link["href"] for link in links] == [f"/{code}/languages" for code in SHIPPED_LOCALES]


def test_the_switcher_keeps_the_query_string(client):
    page = client.get("/en/cookies?postcode=LS6+1AN")
    assert page.select(".language-switcher a[hreflang=cy]")[0]["href"] == "/cy/cookies?postcode=LS6+1AN"


def test_every_page_lists_its_alternates_with_absolute_urls(client):
    alternates = client.get("/en/privacy").select('link[rel="alternate"]')
    assert {link["hreflang"]: link["href"] for link in alternates} == {
        code: f"http://localhost/{code}/privacy" for code in SHIPPED_LOCALES
    }


def test_pages_are_translated(client):
    assert client.get("/cy/").select(".skip-link")[0].get_text(strip=True) == "Neidio i'r prif gynnwys"
    assert client.get("/ur/").one("#help-now-title").get_text(strip=True) != "Need help now?"


def test_a_scheme_chooses_which_languages_it_offers_and_features(settings):
    environ = {
        "PORTAL_ENV": "test",
        "SECRET_KEY": settings.secret_key,
        "LOCALES": "en, pl, ar",
        "FEATURED_LOCALES": "en,pl",
    }
    chosen = load_settings(environ)
    assert (chosen.locales, chosen.featured_locales, chosen.default_locale) == (("en", "pl", "ar"), ("en", "pl"), "en")
    app = create_app(replace(settings, locales=chosen.locales, featured_locales=chosen.featured_locales))
    client = PageClient(app.test_client())
    page = client.get("/ar/cookies")
    assert [link["hreflang"] for link in page.select(".language-switcher a[hreflang]")] == ["ar", "en", "pl"]
    assert [link["hreflang"] for link in page.select('link[rel="alternate"]')] == ["en", "pl", "ar"]
    client.get("/cy/cookies", expected_status=404)


@pytest.mark.parametrize(
    "environ",
    [
        {"LOCALES": "en,fr"},
        {"FEATURED_LOCALES": "en,gu", "LOCALES": "en,cy"},
        {"DEFAULT_LOCALE": "ur", "LOCALES": "en"},
    ],
)
def test_a_scheme_cannot_offer_a_language_without_a_catalogue(environ):
    with pytest.raises(UnknownLanguage):
        load_settings({"PORTAL_ENV": "test", "SECRET_KEY": "x" * 40, **environ})
