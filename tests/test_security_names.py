"""Names keep no invisible characters: zero-width spaces and joiners, left-to-right and
right-to-left marks, and the like, which make two names look alike or change how a staff page
reads (issue 10, also found)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.models import Invitation, Role
from portal.web.forms import clean_text
from tests.authz import make_user, sign_in_as
from tests.referral_journeys import SELF_REFERRAL_ANSWERS, answer_all, draft, start

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060", "\ufeff", "\u00ad", "\U000e0041"]


@pytest.mark.parametrize("character", INVISIBLE)
def test_an_invisible_character_is_taken_out_of_a_name(character):
    assert clean_text(f"{character}Sam{character} Jo{character}nes{character}") == "Sam Jones"


def test_the_joiners_that_shape_urdu_and_bengali_letters_stay():
    for name in ("می\u200cخواهم", "ক্\u200dষ", "ਸ\u200cਿ"):
        assert clean_text(name) == name


def test_a_person_typing_a_name_with_hidden_marks_is_known_by_the_name_alone(client, db):
    before_name = SELF_REFERRAL_ANSWERS[: [slug for slug, _data in SELF_REFERRAL_ANSWERS].index("name")]
    page = answer_all(client, start(client), before_name)
    client.submit(page, page.response.request.path, {"full_name": "\u200fSam\u200b Jones\u200e"}, expected_status=303)
    assert draft(db).answers["full_name"] == "Sam Jones"


def test_a_colleague_invited_with_hidden_marks_is_named_without_them(client, db):
    sign_in_as(client, db, make_user(db, "coordinator@example.org", Role.COORDINATOR))
    page = client.get("/en/users/invite")
    data = {"name": "Kim\u2060 Lee\ufeff", "email": "kim@example.org", "role": "link_worker"}
    client.submit(page, "/en/users/invite", data, expected_status=303)
    assert db.scalar(select(Invitation.name)) == "Kim Lee"
