"""Times, distances and counts as people read them: GOV.UK times in English, each language's
own form elsewhere, and plurals that agree with the number."""

from datetime import time

import pytest

from portal.directory.formatting import miles_away, time_range, within_miles


@pytest.fixture
def in_language(app):
    def enter(code):
        context = app.test_request_context(f"/{code}/directory")
        context.push()
        return context

    contexts = []
    yield lambda code: contexts.append(enter(code))
    for context in reversed(contexts):
        context.pop()


def plain(markup):
    return str(markup).removeprefix('<bdi dir="ltr" class="times">').removesuffix("</bdi>")


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [
        (time(13), time(16), "1pm to 4pm"),
        (time(10, 30), time(11, 30), "10:30am to 11:30am"),
        (time(9), time(12), "9am to midday"),
        (time(19, 5), time(0), "7:05pm to midnight"),
        (time(12, 15), None, "12:15pm"),
    ],
)
def test_english_times_read_the_gov_uk_way(in_language, opens, closes, expected):
    in_language("en")
    assert plain(time_range(opens, closes)) == expected


def test_welsh_times_use_the_welsh_locale_form(in_language):
    in_language("cy")
    assert "13:00" in plain(time_range(time(13), time(16))) and "16:00" in plain(time_range(time(13), time(16)))


def test_urdu_times_use_the_twelve_hour_clock_its_locale_prefers(in_language):
    in_language("ur")
    text = plain(time_range(time(13), time(16)))
    assert "1:00" in text and "4:00" in text and "13" not in text


@pytest.mark.parametrize(
    ("value", "expected"), [(1.0, "1 mile away"), (0.96, "1 mile away"), (3.0, "3 miles away"), (0.4, "0.4 miles away")]
)
def test_distances_agree_with_their_number(in_language, value, expected):
    in_language("en")
    assert miles_away(value) == expected


def test_distance_choices_say_mile_for_one_and_miles_for_more(in_language):
    in_language("en")
    assert [within_miles(n) for n in (1, 3)] == ["Within 1 mile", "Within 3 miles"]


def test_the_search_page_offers_within_1_mile(client):
    options = [option.get_text() for option in client.get("/en/directory").select("#distance option")]
    assert options[0] == "Within 1 mile" and options[1] == "Within 3 miles"
