"""The example phone numbers in hints and messages are Ofcom's drama numbers: a person who
types one is accepted, and we never text them."""

import pytest
from sqlalchemy import select

from portal.outbox.models import OutboxMessage
from portal.referrals.models import Referral
from portal.web.forms import is_mobile, normalise_phone
from tests.referral_journeys import (
    CALLBACK,
    CALLBACK_ANSWERS,
    SELF_REFERRAL_ANSWERS,
    send,
    take_time,
    walk,
    with_answers,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("07700 900 982", "+447700900982"), ("01632 960 001", "+441632960001"), ("0113 496 0000", "+441134960000")],
)
def test_the_example_numbers_in_our_hints_are_accepted(typed, stored):
    assert normalise_phone(typed) == stored


def test_the_example_mobile_is_a_mobile_and_the_example_landline_is_not():
    assert is_mobile("07700 900 982") and not is_mobile("01632 960 001")


def test_a_number_next_to_the_drama_range_is_still_checked():
    assert normalise_phone("07700 9009 821") == ""


def test_the_call_back_hint_gives_examples_we_never_call_and_accepts_them(client, db):
    answers = with_answers(CALLBACK_ANSWERS, name_and_number={"full_name": "Sam Jones", "phone": "01632 960 001"})
    check = walk(client, CALLBACK, answers=answers)
    page = client.get("/en/ask-for-a-call-back/name-and-number")
    hint = page.one("#phone-hint").get_text(strip=True)
    assert "01632 960 001" in hint and "07700 900 982" in hint and "never call" in hint
    take_time(db)
    send(client, check)
    assert db.scalars(select(Referral.phone)).one() == "+441632960001"


def test_a_text_message_is_never_sent_to_an_example_mobile(client, db):
    answers = with_answers(SELF_REFERRAL_ANSWERS, contact={"contact_channel": "sms", "mobile": "07700 900 982"})
    check = walk(client, answers=answers)
    take_time(db)
    confirmation = send(client, check)
    assert confirmation.h1 == "Referral sent" and "text message" not in confirmation.text()
    assert db.scalars(select(OutboxMessage)).all() == []
