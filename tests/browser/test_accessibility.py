import pytest

from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling
from tests.browser.public_pages import LOCALES, PUBLIC_PAGES, WITHOUT_JS_LOCALES


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations_at_320px_with_javascript(page, live_server, locale, path):
    page.goto(f"{live_server}/{locale}{path}")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert fits_without_sideways_scrolling(page)


@pytest.mark.parametrize("locale", WITHOUT_JS_LOCALES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations_at_320px_without_javascript(page_without_js, live_server, locale, path):
    page_without_js.goto(f"{live_server}/{locale}{path}")
    violations = axe_violations(page_without_js)
    assert violations == [], describe(violations)
    assert fits_without_sideways_scrolling(page_without_js)
