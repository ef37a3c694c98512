import re

from portal.security import PERMISSIONS_POLICY


def expected_headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def nonce_of(csp: str) -> str:
    match = re.search(r"'nonce-([^']+)'", csp)
    assert match
    return match.group(1)


def test_every_page_sends_exactly_the_security_headers(client):
    response = client.get("/en/").response
    headers = expected_headers(nonce_of(response.headers["Content-Security-Policy"]))
    for name, value in headers.items():
        assert response.headers[name] == value
    assert "Strict-Transport-Security" not in response.headers  # only in production, behind TLS


def test_the_policy_never_allows_inline_or_eval():
    csp = expected_headers("abc")["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_each_response_gets_a_fresh_nonce(client):
    first = client.get("/en/").response.headers["Content-Security-Policy"]
    second = client.get("/en/").response.headers["Content-Security-Policy"]
    assert nonce_of(first) != nonce_of(second)


def test_error_pages_get_the_same_headers(client):
    response = client.get("/en/no-such-page", expected_status=404).response
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_production_adds_hsts(tmp_path):
    from portal.security import security_headers

    assert security_headers("n", production=True)["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"


def test_pages_contain_no_inline_script_or_style(client):
    page = client.get("/en/")
    assert all(script.get("src") for script in page.select("script"))
    assert not page.select("style") and not page.select("[style]")


def test_static_files_are_cached_for_a_year_with_a_content_hash(client):
    page = client.get("/en/")
    stylesheet = page.one('link[rel="stylesheet"]')["href"]
    assert re.fullmatch(r"/static/css/portal\.[0-9a-f]{10}\.css", stylesheet)
    response = client.get(stylesheet, expected_status=200).response
    response.close()
    assert "max-age=31536000" in response.headers["Cache-Control"]
