"""A test client that reads pages as a person's browser would, and fails on broken HTML.

Every HTML response is parsed strictly; a page must have a title, one h1 and unique ids.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import html5lib
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


class Page:
    def __init__(self, response: TestResponse) -> None:
        self.response = response
        self.html = response.get_data(as_text=True)
        self.soup = BeautifulSoup(self.html, "html.parser")

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self) -> str:
        heading = self.soup.find("h1")
        return heading.get_text(" ", strip=True) if heading else ""

    def select(self, selector: str) -> list[Tag]:
        return list(self.soup.select(selector))

    def one(self, selector: str) -> Tag:
        found = self.soup.select(selector)
        assert len(found) == 1, f"expected one {selector!r}, found {len(found)}"
        return found[0]

    def text(self, selector: str = "main") -> str:
        return " ".join(tag.get_text(" ", strip=True) for tag in self.soup.select(selector))

    def errors(self) -> list[str]:
        """The error summary's messages, in order."""
        return [link.get_text(strip=True) for link in self.soup.select(".error-summary__list a")]

    def form_values(self, selector: str = "main form") -> dict[str, Any]:
        """What the browser would send from a form as it stands (hidden fields and csrf included)."""
        form = self.soup.select(selector)[0]
        values: dict[str, Any] = {}
        for field in form.select("input, textarea, select"):
            name = field.get("name")
            if not name or field.get("type") in ("submit", "button"):
                continue
            if field.get("type") in ("radio", "checkbox"):
                if field.has_attr("checked"):
                    values.setdefault(name, []).append(field.get("value", "on"))
                continue
            if field.name == "textarea":
                values[name] = field.get_text()
            elif field.name == "select":
                chosen = field.select_one("option[selected]") or field.select_one("option")
                values[name] = chosen.get("value", "") if chosen else ""
            else:
                values[name] = field.get("value", "")
        return values

    def csrf_token(self) -> str:
        token = self.soup.select_one('input[name="csrf_token"]') or self.soup.select_one('meta[name="csrf-token"]')
        assert token is not None, "no CSRF token on the page"
        return str(token.get("value") or token.get("content"))


def check_html(page: Page) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(page.html)
    ids = Counter(tag["id"] for tag in page.soup.find_all(id=True))
    duplicates = [element_id for element_id, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    if page.soup.find("html"):
        assert page.title, "page has no title"
        assert len(page.soup.find_all("h1")) == 1, "a page has exactly one h1"
        html = page.soup.find("html")
        assert html.get("lang") and html.get("dir") in ("ltr", "rtl")


class PageClient:
    """Wraps Flask's client: `get` and `post` return a checked `Page`."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def _checked(self, response: TestResponse, expected_status: int | None) -> Page:
        page = Page(response)
        if expected_status is not None:
            assert response.status_code == expected_status, (
                f"expected {expected_status}, got {response.status_code}: {page.h1 or page.html[:300]}"
            )
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            check_html(page)
        return page

    def get(self, url: str, expected_status: int | None = 200, **kwargs: Any) -> Page:
        return self._checked(self.client.get(url, **kwargs), expected_status)

    def post(
        self, url: str, data: dict[str, Any] | None = None, expected_status: int | None = None, **kwargs: Any
    ) -> Page:
        return self._checked(self.client.post(url, data=data or {}, **kwargs), expected_status)

    def submit(
        self, page: Page, url: str, data: dict[str, Any], expected_status: int | None = None, **kwargs: Any
    ) -> Page:
        """Post `data` to `url` with the CSRF token from `page`, as the browser would."""
        return self.post(url, {"csrf_token": page.csrf_token(), **data}, expected_status, **kwargs)

    def follow(self, page: Page, expected_status: int = 200) -> Page:
        assert page.status in (302, 303), f"expected a redirect, got {page.status}"
        return self.get(page.response.headers["Location"], expected_status)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)
