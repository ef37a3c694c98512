"""The English public pages read at about a 9 to 11 year old level: the Flesch-Kincaid grade
of each page's main text is at most 6 (the translations follow the English).

The main text is the prose a person reads: headings, paragraphs, list items, hints and
messages. Single words picked from a list (days, languages, kinds of activity) are left out:
a formula made for sentences scores one long word as hard reading."""

import pytest
import textstat
from bs4 import BeautifulSoup

from tests.referral_journeys import CALLBACK, CALLBACK_ANSWERS, SELF, SELF_REFERRAL_ANSWERS, answer, path, send, start

MAXIMUM_GRADE = 6
PROSE = "h1, h2, h3, p, li, .hint, legend, .label, dt, dd, .error-message"
NOT_PROSE = (
    "[lang]:not([lang=en]), .language-list, .checkboxes__item, .radios__item, select, "
    ".visually-hidden, .summary-list__value"
)
CONTENT_PAGES = [
    "/",
    "/what-is-social-prescribing",
    "/what-happens-next",
    "/accessibility",
    "/privacy",
    "/cookies",
    "/contact",
    "/languages",
    "/directory",
    "/directory/shortlist",
    "/refer-yourself",
    "/ask-for-a-call-back",
    "/list-your-group",
    "/no-such-page",
]


def main_text(html: str) -> str:
    main = BeautifulSoup(html, "html.parser").select_one("main")
    assert main is not None
    for element in main.select(NOT_PROSE):
        element.decompose()
    blocks = [
        element.get_text(" ", strip=True)
        for element in main.select(PROSE)
        if not element.find_parent(["li", "p", "legend", "label"])
    ]
    return "\n".join(text if text[-1] in ".?!:" else f"{text}." for text in blocks if text)


def grade(page) -> float:
    return float(textstat.flesch_kincaid_grade(main_text(page.html)))


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_each_public_page_reads_at_a_9_to_11_year_old_level(client, url):
    page = client.get(f"/en{url}", expected_status=None)
    assert grade(page) <= MAXIMUM_GRADE, main_text(page.html)


def test_the_directory_results_read_at_a_9_to_11_year_old_level(client, db):
    from tests.directory_helpers import listing, with_postcodes

    with_postcodes(db)
    listing(db, "Headingley Health Walk")
    page = client.get("/en/directory?postcode=LS6+1AN&q=walking")
    assert grade(page) <= MAXIMUM_GRADE, main_text(page.html)


@pytest.mark.parametrize(("journey", "answers"), [(SELF, SELF_REFERRAL_ANSWERS), (CALLBACK, CALLBACK_ANSWERS)])
def test_every_question_its_errors_check_answers_and_the_confirmation_read_plainly(client, journey, answers):
    hard = {}
    page = start(client, journey)
    for _slug, data in answers:
        hard[path(page)] = grade(page)
        if data is not None:
            with_error = client.submit(page, path(page), {}, expected_status=None)
            if with_error.status == 200:  # an optional question goes on instead
                hard[f"{path(page)} with an error"] = grade(with_error)
        page = client.get(page.one("main a.button")["href"]) if data is None else answer(client, page, data)
    hard[path(page)] = grade(page)
    hard["confirmation"] = grade(send(client, page))
    assert {where: score for where, score in hard.items() if score > MAXIMUM_GRADE} == {}
