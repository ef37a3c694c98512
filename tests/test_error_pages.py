import pytest

from portal.i18n import SHIPPED_LOCALES

ERROR_PAGES = (("/test/forbidden", 403), ("/test/bad-request", 400), ("/no-such-page", 404), ("/test/broken", 500))


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
def test_not_found_is_a_friendly_page_in_the_persons_language(client, locale):
    page = client.get(f"/{locale}/no-such-page", expected_status=404)
    assert page.one("html")["lang"] == locale
    assert page.one("main a[href='/" + locale + "/']")


@pytest.mark.parametrize("locale", [code for code in SHIPPED_LOCALES if code != "en"])
def test_every_error_page_is_in_the_persons_language(client, settings, locale):
    for path, status in ERROR_PAGES:
        english = client.get(f"/en{path}", expected_status=status).h1
        page = client.get(f"/{locale}{path}", expected_status=status)
        assert page.h1 != english, path
        assert page.one("html")["lang"] == locale
    expired = client.post(f"/{locale}/test/form", data={"name": "Sam"}, expected_status=400)
    assert expired.h1 != "This form has expired"
    for _ in range(2):
        client.get(f"/{locale}/test/limited")
    limited = client.get(f"/{locale}/test/limited", expected_status=429)
    assert limited.h1 != "Too many attempts in a short time" and settings.scheme.phone in limited.text()


def test_forbidden_page(client):
    assert client.get("/en/test/forbidden", expected_status=403).h1 == "You cannot see this page"


def test_method_not_allowed_page(client):
    assert client.post("/en/", expected_status=405).h1 == "That action is not possible on this page"


def test_too_large_page(client):
    page = client.post("/en/test/form", data={"text": "x" * (3 * 1024 * 1024)}, expected_status=413)
    assert page.h1 == "What you sent is too large"


def test_a_crash_shows_the_problem_page_with_the_phone_number(client, settings):
    page = client.get("/cy/test/broken", expected_status=500)
    assert page.one("html")["lang"] == "cy"
    assert settings.scheme.phone in page.text()
    assert page.response.headers["Cache-Control"] == "no-store"


def test_rate_limited_page_gives_the_phone_number(client, settings):
    client.get("/en/test/limited")
    client.get("/en/test/limited")
    page = client.get("/en/test/limited", expected_status=429)
    assert page.h1 == "Too many attempts in a short time"
    assert settings.scheme.phone in page.text()


def test_rate_limited_page_is_translated(client):
    for _ in range(2):
        client.get("/ur/test/limited")
    page = client.get("/ur/test/limited", expected_status=429)
    assert page.h1 != "Too many attempts in a short time"


def test_a_post_without_a_csrf_token_is_refused(client):
    page = client.post("/en/test/form", data={"name": "Sam"}, expected_status=400)
    assert page.h1 == "This form has expired"


def test_an_expired_form_says_nothing_happened_and_offers_no_button_to_send_it_again(client):
    page = client.post(
        "/en/test/form", data={"csrf_token": "stale", "name": "Sam Jones", "password": "secret"}, expected_status=400
    )
    assert "Nothing was sent or changed" in page.text()
    assert page.select("main form") == [] and "Sam Jones" not in page.html


def test_htmx_requests_send_the_csrf_token_in_a_header(client):
    token = client.get("/en/sign-in").csrf_token()
    response = client.post("/en/test/form", headers={"X-CSRFToken": token, "HX-Request": "true"}, expected_status=200)
    assert response.html == "sent"


def test_bad_request_page_offers_the_phone_number(client, settings):
    page = client.get("/en/test/bad-request", expected_status=400)
    assert page.h1 == "Something about that request was not right"
    assert settings.scheme.phone in page.text()
