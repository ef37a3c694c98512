"""Signing staff in and working a case in a real browser, by form actions and field names so
the same steps work in every language."""

from __future__ import annotations

from typing import Any

from tests.authz import PASSWORD, current_code
from tests.browser.conftest import new_page


def signed_in_page(browser: Any, base: str, email: str, locale: str = "en", javascript: bool = True) -> Any:
    """A phone-sized page of a staff member signed in with password and security code."""
    page = new_page(browser, javascript=javascript, width=360, height=740)
    page.goto(f"{base}/{locale}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.fill("#code", current_code())
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    return page


def post_form(page: Any, action_ends: str, data: dict[str, Any] | None = None) -> None:
    """Fill the form whose action ends with `action_ends`, then press its button: a page load,
    or with JavaScript on a form that saves in place, the htmx swap."""
    form = page.locator(f"main form[action$='{action_ends}']")
    for name, value in (data or {}).items():
        for one in value if isinstance(value, list) else [value]:
            field = form.locator(f"[name={name}]").first
            if field.get_attribute("type") in ("radio", "checkbox"):
                form.locator(f"input[name={name}][value='{one}']").check()
            elif field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(one)
            else:
                field.fill(one)
    button = form.locator("button[type=submit]").first
    if form.get_attribute("hx-post") and page.evaluate("typeof window.htmx === 'object'"):
        with page.expect_response(lambda response: response.request.method == "POST" and action_ends in response.url):
            button.click()
        page.wait_for_function("!document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
        return
    with page.expect_navigation():
        button.click()


def flash_text(page: Any) -> str:
    return str(page.locator("main").inner_text())
