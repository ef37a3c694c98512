"""All eleven languages in a real browser: the key public pages pass axe in each; the pages in
the five languages with their own script are photographed at 360 px (to look at) and read in
that script's font, with English names and digits kept in the Latin one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import axe_violations, describe, fits_without_sideways_scrolling, new_page
from tests.browser.public_pages import EVERY_LOCALE, SCREENSHOT_LOCALES
from tests.browser.referral_walks import refer_yourself
from tests.directory_helpers import listing, with_postcodes

SCRIPT_FONTS = {
    "ar": "Noto Naskh Arabic",
    "ur": "Noto Nastaliq Urdu",
    "pa": "Noto Sans Gurmukhi",
    "bn": "Noto Sans Bengali",
    "gu": "Noto Sans Gujarati",
}


class KeyPages:
    """Visits every page of a walk, acting only on the key ones: the first question page
    with an error, check answers and the confirmation."""

    def __init__(self, act: Any) -> None:
        self.act, self.seen = act, []

    def __call__(self, page: Any) -> None:
        url = page.url
        if page.locator(".error-summary").count() and "error" not in self.seen:
            self.seen.append("error")
            self.act(page, "question-with-an-error")
        elif url.endswith("/check-your-answers") and "check" not in self.seen:
            self.seen.append("check")
            self.act(page, "check-answers")
        elif page.locator(".panel__reference").count():
            self.seen.append("confirmation")
            self.act(page, "confirmation")


@pytest.mark.parametrize("locale", EVERY_LOCALE)
def test_the_key_public_pages_pass_axe_in_every_language(app, page, live_server, locale):
    problems: dict[str, object] = {}

    def scan(page: Any, name: str) -> None:
        if violations := axe_violations(page):
            problems[name] = violations
        if not fits_without_sideways_scrolling(page):
            problems[name] = "scrolls sideways at 320 px"

    page.goto(f"{live_server}/{locale}/")
    scan(page, "home")
    with page.expect_navigation():
        page.locator(".language-switcher__more").click()
    assert page.url.endswith(f"/{locale}/languages?page=/")
    scan(page, "languages")
    walk = KeyPages(scan)
    refer_yourself(page, live_server, locale, walk, detours=True)
    assert walk.seen == ["error", "check", "confirmation"]
    assert problems == {}, describe([problems])


@pytest.fixture
def leeds(db):
    with_postcodes(db)
    listing(db, "Headingley Health Walk", summary="A gentle walk and a chat, every Tuesday.")
    return db


def screenshot_folder(tmp_path: Path) -> Path:
    """`SCREENSHOT_DIR` keeps them to look at after the run; otherwise the test's own folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def platform_fonts(page: Any, selector: str) -> list[str]:
    """The fonts Chromium really drew an element's text with, most glyphs first."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return [font["familyName"] for font in sorted(fonts, key=lambda font: -font["glyphCount"])]


@pytest.mark.parametrize("locale", SCREENSHOT_LOCALES)
def test_pages_in_each_script_at_360_px_are_photographed_and_fit(app, browser, live_server, leeds, locale, tmp_path):
    folder = screenshot_folder(tmp_path)
    page = new_page(browser, width=360, height=740)
    shots: list[str] = []

    def photograph(page: Any, name: str) -> None:
        page.screenshot(path=str(folder / f"{locale}-{name}.png"), full_page=True)
        shots.append(name)
        assert fits_without_sideways_scrolling(page), name

    try:
        page.goto(f"{live_server}/{locale}/")
        photograph(page, "home")
        page.goto(f"{live_server}/{locale}/languages")
        photograph(page, "languages")
        page.goto(f"{live_server}/{locale}/directory?postcode=LS6+1AN")
        photograph(page, "directory-results")
        page.locator("#result-list .result__title a").first.click()
        page.wait_for_load_state()
        photograph(page, "listing")
        refer_yourself(page, live_server, locale, KeyPages(photograph), detours=True)
    finally:
        page.context.close()
    assert shots == [
        "home", "languages", "directory-results", "listing", "question-with-an-error", "check-answers", "confirmation"
    ]  # fmt: skip


def font_installed(family: str) -> bool:
    """Debian's fonts-noto-core puts `NotoNastaliqUrdu-Regular.ttf` and its kin here."""
    return any(Path("/usr/share/fonts").glob(f"**/{family.replace(' ', '')}-*"))


@pytest.mark.parametrize("locale", SCREENSHOT_LOCALES)
def test_each_script_has_its_own_font_and_english_keeps_the_latin_one(browser, live_server, leeds, locale):
    if not font_installed(SCRIPT_FONTS[locale]):
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's Noto fonts: apt-get install fonts-noto-core")
        pytest.skip("Noto fonts are not installed: apt-get install fonts-noto-core")
    page = new_page(browser, width=360)
    try:
        page.goto(f"{live_server}/{locale}/directory/listings/{leeds.scalar(_first_listing_id())}")
        assert platform_fonts(page, "main h1")[0] != SCRIPT_FONTS[locale]  # the group's own English name
        assert platform_fonts(page, "main p.lead[lang=en]")[0] not in SCRIPT_FONTS.values()
        assert platform_fonts(page, ".help-now h2")[0] == SCRIPT_FONTS[locale]
        assert platform_fonts(page, ".site-footer a[href^='tel:']")[0] not in SCRIPT_FONTS.values()
    finally:
        page.context.close()


def _first_listing_id() -> Any:
    from sqlalchemy import func, select

    from portal.directory.models import Listing

    return select(func.min(Listing.id))


@pytest.mark.parametrize("locale", ["ar", "ur"])
def test_right_to_left_pages_keep_phone_numbers_and_references_in_reading_order(app, page, live_server, locale):
    reference = refer_yourself(page, live_server, locale, lambda page: None)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator(".panel__reference").evaluate("element => getComputedStyle(element).direction") == "ltr"
    shown = page.locator(".panel__reference [aria-hidden]").inner_text()
    assert shown == reference and shown[4] == " "
    for phone in page.locator("a[href^='tel:']").all():
        assert phone.evaluate("element => getComputedStyle(element).direction") == "ltr"
