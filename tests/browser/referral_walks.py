"""Going through the referral journeys in a real browser, by what is on the page (names and
values, so the same walk works in every language), calling `visit` on every page reached."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Visit = Callable[[Any], None]
REFERENCE = re.compile(r"^[ACDEFGHJKMNPQRTUVWXY34679]{4} [ACDEFGHJKMNPQRTUVWXY34679]{4}$")


def fill(page: Any, data: dict[str, Any]) -> None:
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            field = page.locator(f"main [name={name}]").first
            kind = field.get_attribute("type")
            if kind in ("radio", "checkbox"):
                page.locator(f"main input[name={name}][value='{one}']").check()
            elif field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(one)
            else:
                field.fill(one)


def press(page: Any, selector: str = "main form .button") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def answer(page: Any, visit: Visit, data: dict[str, Any]) -> None:
    fill(page, data)
    press(page)
    visit(page)


def follow(page: Any, visit: Visit, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()
    visit(page)


def begin(page: Any, base: str, locale: str, action: str, visit: Visit) -> None:
    """From the home page, by its link, to the first question."""
    page.goto(f"{base}/{locale}/")
    visit(page)
    follow(page, visit, f"main a.action-list__link[href='/{locale}/{action}']")
    press(page)
    visit(page)


def refer_yourself(page: Any, base: str, locale: str, visit: Visit, detours: bool = False) -> str:
    """A whole self-referral in its order (safety, who for, age, area, the rest); with `detours`,
    also every page that explains instead of asking (and an empty Continue), coming back from
    each. Returns the reference shown."""
    begin(page, base, locale, "refer-yourself", visit)
    if detours:
        press(page)  # Continue with nothing chosen: the error summary
        visit(page)
    answer(page, visit, {"urgent": "yes" if detours else "no"})
    if detours:
        follow(page, visit, "main a.button")  # past "Get help now", straight after the yes
    answer(page, visit, {"who_for": "me"})
    if detours:
        answer(page, visit, {"dob_day": "1", "dob_month": "6", "dob_year": "2015"})  # under 16
        follow(page, visit, ".back-link")
    answer(page, visit, {"dob_day": "27", "dob_month": "3", "dob_year": "1985"})
    if detours:
        answer(page, visit, {"postcode": "M1 1AA"})  # outside the area
        follow(page, visit, ".back-link")
    answer(page, visit, {"postcode": "LS6 1AN"})
    answer(page, visit, {"needs": ["lonely", "money"], "what_matters": "Meeting people"})
    answer(page, visit, {"full_name": "Sam Jones"})
    answer(page, visit, {"contact_channel": "sms", "mobile": "07911 123456"})
    answer(page, visit, {"best_times": "Mornings"})
    answer(page, visit, {"safe_messages": ["voicemail", "sms"]})
    answer(page, visit, {"language": "other", "language_other": "Polish", "interpreter": "yes"})
    answer(page, visit, {"consent": "yes"})
    if detours:
        _someone_else_instead(page, visit)
    press(page)
    visit(page)
    return str(page.locator(".panel__reference [aria-hidden]").inner_text())


def _someone_else_instead(page: Any, visit: Visit) -> None:
    """From check answers, change who it is for: the relationship revealed on the same page,
    one new question, one page explaining."""
    follow(page, visit, ".summary-list__actions a[href*='/who-for']")
    answer(page, visit, {"who_for": "someone_else", "relationship": "Her son"})
    answer(page, visit, {"person_agrees": "no"})
    follow(page, visit, ".back-link")
    answer(page, visit, {"person_agrees": "yes"})


def ask_for_a_call_back(page: Any, base: str, locale: str, visit: Visit, detours: bool = False) -> str:
    call_back_to_check_answers(page, base, locale, visit, detours)
    press(page)
    visit(page)
    return str(page.locator(".panel__reference [aria-hidden]").inner_text())


def call_back_to_check_answers(page: Any, base: str, locale: str, visit: Visit, detours: bool = False) -> None:
    begin(page, base, locale, "ask-for-a-call-back", visit)
    if detours:
        press(page)
        visit(page)
    answer(page, visit, {"full_name": "Sam Jones", "phone": "0113 496 0123"})
    answer(page, visit, {"best_times": "After 3pm"})
    answer(page, visit, {"language": "ur"})
    answer(page, visit, {"voicemail": "no"})
    answer(page, visit, {"about": "Money worries"})
    answer(page, visit, {"consent": "yes"})
