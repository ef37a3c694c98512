"""How long each journey is for a person, counted by walking it: question pages, every page
from the start page to the confirmation, and taps (see `measure`)."""

import pytest

from tests.referral_journeys import (
    CALLBACK,
    CALLBACK_ANSWERS,
    SELF,
    SELF_REFERRAL_ANSWERS,
    URGENT_ANSWERS,
    answer_all,
    measure,
    path,
    start,
    with_answers,
)

SOMEONE_ELSE_IN_ANOTHER_LANGUAGE = [
    SELF_REFERRAL_ANSWERS[0],
    ("who-for", {"who_for": "someone_else", "relationship": "Her son"}),
    ("their-agreement", {"person_agrees": "yes"}),
    *with_answers(
        SELF_REFERRAL_ANSWERS[2:],
        contact={"contact_channel": "phone", "phone": "0113 496 0123"},
        language={"language": "other", "language_other": "Polish", "interpreter": ["yes"]},
    ),
]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (SELF_REFERRAL_ANSWERS, (11, 14, 31)),
        (URGENT_ANSWERS, (11, 15, 32)),
        (SOMEONE_ELSE_IN_ANOTHER_LANGUAGE, (12, 15, 36)),
    ],
    ids=["yourself", "yourself-urgently", "someone-else-in-polish"],
)
def test_a_self_referral_is_at_most_12_questions(client, answers, expected):
    questions, pages, taps = measure(client, SELF, answers)
    assert questions <= 12
    assert (questions, pages, taps) == expected


def test_a_call_back_is_at_most_6_questions(client):
    questions, pages, taps = measure(client, CALLBACK, CALLBACK_ANSWERS)
    assert questions <= 6
    assert (questions, pages, taps) == (6, 9, 17)


def test_safety_is_asked_first_then_who_it_is_for_then_age_and_area(client):
    first = start(client)
    assert path(first).endswith("/urgent")
    after_eligibility = answer_all(client, first, SELF_REFERRAL_ANSWERS[:4])
    assert [slug for slug, _data in SELF_REFERRAL_ANSWERS[:4]] == ["urgent", "who-for", "date-of-birth", "postcode"]
    assert path(after_eligibility).endswith("/help-with")


def _with_practice(answers):
    at = [slug for slug, _data in answers].index("postcode") + 1
    return [*answers[:at], ("gp-practice", {"gp_practice": "Z99002"}), *answers[at:]]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [(SELF_REFERRAL_ANSWERS, (12, 15, 33)), (SOMEONE_ELSE_IN_ANOTHER_LANGUAGE, (13, 16, 38))],
    ids=["yourself", "someone-else-in-polish"],
)
def test_where_the_area_lists_its_practices_the_gp_practice_is_one_more_question(client, db, answers, expected):
    """It sends the referral to the team of the person's practice (issue 19), and the GP record
    needs it (issue 18): one page more, 13 at most."""
    from tests.teams_helpers import demo_practices

    demo_practices(db)
    questions, pages, taps = measure(client, SELF, _with_practice(answers))
    assert questions <= 13
    assert (questions, pages, taps) == expected
