"""Whole journeys over HTTP, as a person's browser makes them, for the fault tests and the load
test (`bench/load/locustfile.py`). `Browser` wraps anything shaped like a requests session;
each request is named by its step, so Locust reports figures per step."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from html import unescape
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import requests
from bs4 import BeautifulSoup
from requests.adapters import HTTPAdapter

from portal.referrals.choices import DO_NOT_KNOW
from tests.referral_journeys import CALLBACK, CALLBACK_ANSWERS, SELF, SELF_REFERRAL_ANSWERS

Answers = list[tuple[str, dict[str, Any] | None]]
FORM = "application/x-www-form-urlencoded"


class FromAddress(HTTPAdapter):
    """Connections from one loopback address of their own (127.0.0.0/8 is all this machine's),
    so the proxy sees each simulated person at their own address, as on the internet."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **options: Any) -> None:
        options["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **options)


def person_address(number: int) -> str:
    """A distinct loopback address per simulated person: 127.1.0.1, 127.1.0.2, ..."""
    return f"127.{1 + number // 65025}.{number // 255 % 255}.{number % 255 + 1}"


def from_address(session: requests.Session, number: int) -> requests.Session:
    session.mount("https://", FromAddress(person_address(number)))
    return session


class Unexpected(Exception):
    """The site answered something a person would not expect: the step, status and heading."""


@dataclass
class Reply:
    status: int
    url: str
    text: str

    @cached_property
    def main(self) -> str:
        """The page's <main> element, all that a person's next step reads."""
        start, end = self.text.find("<main"), self.text.rfind("</main>")
        return self.text[start : end + len("</main>")] if start >= 0 and end > start else self.text

    @cached_property
    def soup(self) -> BeautifulSoup:
        """Parsed when first asked, and only its <main>: the load generator shares the
        machine, so it parses only what it reads."""
        return BeautifulSoup(self.main, "html.parser")

    def links(self, containing: str) -> list[str]:
        """The addresses of the main element's links that contain `containing`, unparsed (a
        page of search results is long)."""
        return [unescape(href) for href in re.findall(r'<a [^>]*href="([^"]+)"', self.main) if containing in href]

    @property
    def h1(self) -> str:
        heading = self.soup.find("h1")
        return heading.get_text(" ", strip=True) if heading else ""

    def form_fields(self, form_selector: str = "") -> dict[str, str]:
        """The hidden fields of the page's main form, or the one form_selector picks out (its
        CSRF token, a submission token, the version of the record it shows)."""
        form = self.soup.select_one(f"main form[method=post]{form_selector}")
        if form is None:
            return {}
        return {str(field["name"]): str(field.get("value", "")) for field in form.select("input[type=hidden][name]")}

    def reference(self) -> str | None:
        found = self.soup.select_one(".panel__reference span[aria-hidden]")
        return found.get_text(strip=True).replace(" ", "") if found else None


class Browser:
    def __init__(self, session: Any, base_url: str, named: bool = False, timeout: float | None = 30) -> None:
        self.session = session
        self.base_url = base_url
        self.named = named  # Locust's client takes name= to group figures by step
        self.timeout = timeout  # None: the client's own (Locust's fast client takes no timeout=)

    def request(self, method: str, path: str, step: str, **options: Any) -> Reply:
        if self.named:
            options["name"] = step
        if self.timeout is not None:
            options["timeout"] = self.timeout
        if isinstance(options.get("data"), dict):
            # Encoded here, lists as repeated fields: Locust's fast client would not.
            options["data"] = urlencode(options["data"], doseq=True)
            options["headers"] = {**options.get("headers", {}), "Content-Type": FORM}
        response = self.session.request(method, urljoin(self.base_url, path), **options)
        return Reply(response.status_code, str(response.url), response.text or "")

    def get(self, path: str, step: str, **options: Any) -> Reply:
        return self.request("GET", path, step, **options)

    def post(
        self, page: Reply, data: dict[str, Any], step: str, path: str | None = None, form_selector: str = ""
    ) -> Reply:
        return self.request("POST", path or page.url, step, data={**page.form_fields(form_selector), **data})


def expect(reply: Reply, step: str, status: int = 200) -> Reply:
    if reply.status != status:
        raise Unexpected(f"{step}: {reply.status} {reply.h1!r}")
    return reply


def journey_answers(journey: str, name: str, phone: str | None = None) -> Answers:
    """The shared test answers with this person's own name (and number)."""
    base = SELF_REFERRAL_ANSWERS if journey == SELF else CALLBACK_ANSWERS
    answers: Answers = []
    for slug, data in base:
        if data is not None and "full_name" in data:
            data = {**data, "full_name": name, **({"phone": phone} if phone and "phone" in data else {})}
        answers.append((slug, data))
    return answers


def to_check_answers(
    browser: Browser, journey: str, answers: Answers, pause: Callable[[], None] = lambda: None
) -> Reply:
    label = "self-referral" if journey == SELF else "call back"
    page = expect(browser.get(f"/en/{journey}", f"{label}: start page"), label)
    page = expect(browser.post(page, {}, f"{label}: start", path=f"/en/{journey}"), f"{label}: start")
    for slug, data in answers:
        pause()
        if page.url.endswith("/gp-practice") and slug != "gp-practice":
            # Asked only where the scheme's area has practices in the list, as the demo's has.
            page = expect(browser.post(page, {"gp_practice": DO_NOT_KNOW}, f"{label}: gp-practice"), label)
        if data is None:
            link = page.soup.select_one("main a.button")
            page = browser.get(str(link["href"]) if link else page.url, f"{label}: {slug}")
        else:
            page = browser.post(page, data, f"{label}: {slug}")
        expect(page, f"{label}: {slug}")
        if "error-summary" in page.text and (summary := page.soup.select_one(".error-summary")) is not None:
            raise Unexpected(f"{label}: {slug}: {summary.get_text(' ', strip=True)}")
    if not page.url.endswith("/check-your-answers"):
        raise Unexpected(f"{label}: ended on {page.url} {page.h1!r}")
    return page


def send_answers(browser: Browser, check: Reply, journey: str) -> Reply:
    label = "self-referral" if journey == SELF else "call back"
    return browser.post(check, {}, f"{label}: send")


def work_a_referral(browser: Browser, pause: Callable[[], None] = lambda: None) -> None:
    """A signed-in link worker: the queue, take the next referral, note a call, close it.
    With nothing waiting, taking the next one comes back to the queue."""
    queue = expect(browser.get("/en/triage", "link worker: queue"), "link worker: queue")
    if not urlsplit(queue.url).path.endswith("/triage"):
        raise Unexpected(f"link worker: queue ended on {queue.url} {queue.h1!r}")  # not signed in
    pause()
    take_next = "[action$='/take-next']"
    case = browser.post(queue, {}, "link worker: take next", "/en/triage/take-next", take_next)
    expect(case, "link worker: take next")
    if "/triage/referrals/" not in case.url:
        return
    case_path = urlsplit(case.url).path
    pause()
    noted = browser.post(
        case, {"body": "Phoned, talked it through."}, "link worker: note", f"{case_path}/notes", "[action$='/notes']"
    )
    expect(noted, "link worker: note")
    pause()
    closing = {"reason": "supported"}
    closed = browser.post(noted, closing, "link worker: close", f"{case_path}/close", "[action$='/close']")
    expect(closed, "link worker: close")


def save_a_listing(browser: Browser, pause: Callable[[], None] = lambda: None) -> None:
    """A signed-in organisation editor: their listings, then a listing's status saved as it is."""
    dashboard = expect(browser.get("/en/organisation", "editor: your listings"), "editor: your listings")
    link = dashboard.soup.select_one("main a[href$='/status']")
    if link is None:
        raise Unexpected("editor: no listing to change")
    pause()
    form = expect(browser.get(str(link["href"]), "editor: status page"), "editor: status page")
    pause()
    saved = browser.post(form, {"status": "active", "message": ""}, "editor: save")
    expect(saved, "editor: save")
    if not urlsplit(saved.url).path.endswith("/organisation"):
        raise Unexpected(f"editor: save ended on {saved.url} {saved.h1!r}")


__all__ = [
    "CALLBACK",
    "SELF",
    "Browser",
    "Reply",
    "Unexpected",
    "from_address",
    "journey_answers",
    "save_a_listing",
    "send_answers",
    "to_check_answers",
    "work_a_referral",
]
