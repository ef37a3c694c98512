"""axe finds nothing on any page of either journey, in every shipped language: each page is
scanned as the journey reaches it (including errors and the pages that explain), at 320 px."""

import pytest

from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling
from tests.browser.public_pages import LOCALES, WITHOUT_JS_LOCALES
from tests.browser.referral_walks import ask_for_a_call_back, refer_yourself


class Scanner:
    def __init__(self) -> None:
        self.problems: dict[str, object] = {}
        self.pages: list[str] = []

    def __call__(self, page) -> None:
        url = page.url.split("/", 3)[-1]
        self.pages.append(url)
        if violations := axe_violations(page):
            self.problems[url] = violations
        if not fits_without_sideways_scrolling(page):
            self.problems[url] = "scrolls sideways at 320 px"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_self_referral_page_passes_axe(app, page, live_server, locale):
    scan = Scanner()
    refer_yourself(page, live_server, locale, scan, detours=True)
    assert scan.problems == {}, describe([scan.problems])
    assert len(set(scan.pages)) >= 21  # every question, page that explains, error and check answers


@pytest.mark.parametrize("locale", LOCALES)
def test_every_call_back_page_passes_axe(app, page, live_server, locale):
    scan = Scanner()
    ask_for_a_call_back(page, live_server, locale, scan, detours=True)
    assert scan.problems == {}, describe([scan.problems])


@pytest.mark.parametrize("locale", WITHOUT_JS_LOCALES)
def test_every_page_of_both_journeys_passes_axe_without_javascript(app, page_without_js, live_server, locale):
    scan = Scanner()
    refer_yourself(page_without_js, live_server, locale, scan, detours=True)
    ask_for_a_call_back(page_without_js, live_server, locale, scan, detours=True)
    assert scan.problems == {}, describe([scan.problems])
