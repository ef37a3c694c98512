"""Browser tests: Playwright drives Debian's Chromium (on the PATH or at CHROMIUM_PATH).

Without a browser they are skipped with a message, except in CI, where they must run.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from portal.web.templating import unhashed_name

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
STATIC = Path(__file__).resolve().parents[2] / "static"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NEUTRAL_SITE = "https://www.bbc.co.uk/"


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def links_lead_to_the_live_server(app: Any, live_server: str) -> None:
    """Emailed links open in the browser: they must lead to the server the browser talks to,
    and that server must answer for its own host name."""
    app.config["PUBLIC_BASE_URL"] = live_server
    host = urlparse(live_server).hostname
    if host not in app.config["TRUSTED_HOSTS"]:
        app.config["TRUSTED_HOSTS"] = [*app.config["TRUSTED_HOSTS"], host]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the browser tests: apt-get install chromium")
        pytest.skip("no Chromium found: install Debian's chromium or set CHROMIUM_PATH to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def serve_static(route: Any) -> None:
    path = STATIC / unhashed_name(urlparse(route.request.url).path.removeprefix("/static/"))
    if path.resolve().is_relative_to(STATIC) and path.is_file():
        route.fulfill(path=str(path))
    else:
        route.fulfill(status=404)


def new_page(browser: Any, javascript: bool = True, width: int = 320, height: int = 640) -> Any:
    """A phone-sized page. With `javascript=False` our scripts are never loaded, so the page
    is what a person without JavaScript gets, while axe can still be injected to scan it."""
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    # Static files come straight from the checkout: a page closed while one was still loading
    # would otherwise leave the test server's open file to a ResourceWarning in a later test.
    context.route("**/static/**", serve_static)
    if not javascript:
        context.route("**/static/**/*.js*", lambda route: route.abort())
    # The network is closed here; the exit's neutral site answers locally.
    context.route(f"{NEUTRAL_SITE}**", lambda route: route.fulfill(status=200, body="<title>Weather</title>"))
    # Browsers ask for the icon after the page has loaded; it is not needed here.
    context.route("**/favicon.svg*", lambda route: route.fulfill(status=204))
    return context.new_page()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def page_without_js(browser: Any) -> Iterator[Any]:
    page = new_page(browser, javascript=False)
    yield page
    page.context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    # Without its stylesheet a page would fail on target sizes that the styles provide.
    page.wait_for_load_state("load")
    page.add_script_tag(content=AXE_SOURCE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1)


def fits_without_sideways_scrolling(page: Any) -> bool:
    page.wait_for_load_state("load")
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
