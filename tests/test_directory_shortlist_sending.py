"""'Text or email me this list': the shortlist goes through the outbox, with no account, and
nothing about the person is kept beyond the message itself."""

import pytest
from sqlalchemy import func, select

from portal.outbox.models import OutboxMessage
from portal.outbox.rendering import render_message
from portal.outbox.services import send_due
from tests.directory_helpers import add_to_shortlist, listing, weekly


@pytest.fixture
def saved(client, db):
    walk = listing(db, "Headingley Health Walk", phone="0113 496 0000", schedules=[weekly("TU", "13:00", "16:00")])
    line = listing(db, "Money Advice Line", remote=True, phone="0113 496 0999", url="https://advice.example.org")
    for made in (walk, line):
        add_to_shortlist(client, made.id)
    return client


def send(client, contact, expected_status=303):
    page = client.get("/en/directory/shortlist")
    return client.submit(page, "/en/directory/shortlist/send", {"contact": contact}, expected_status=expected_status)


def the_message(db):
    return db.scalar(select(OutboxMessage).where(OutboxMessage.template == "shortlist"))


def test_the_shortlist_offers_to_text_or_email_the_list(saved):
    page = saved.get("/en/directory/shortlist")
    form = page.one("form.shortlist-send")
    assert form.select_one("h2").get_text() == "Text or email me this list"
    assert form.select_one("input[name=csrf_token]")


def test_an_email_address_gets_the_list_by_email_with_names_phones_websites_and_next_sessions(app, db, saved):
    page = saved.follow(send(saved, "Person@Example.com"))
    assert "We are emailing you your list." in page.text(".notice--success")
    message = the_message(db)
    assert (message.channel, message.recipient, message.locale) == ("email", "Person@example.com", "en")
    with app.test_request_context():
        body = render_message(message.template, message.channel, message.locale, message.context).body
    for words in ("Headingley Health Walk", "0113 496 0000", "Community Centre, 1 Test Street, Leeds, LS6 1AN",
                  "1pm to 4pm", "Money Advice Line", "https://advice.example.org"):  # fmt: skip
        assert words in body


def test_a_mobile_number_gets_the_list_by_text_in_the_pages_language(client, db, saved):
    page = saved.get("/cy/directory/shortlist")
    saved.submit(page, "/cy/directory/shortlist/send", {"contact": "07911 123456"}, expected_status=303)
    message = the_message(db)
    assert (message.channel, message.recipient, message.locale) == ("sms", "+447911123456", "cy")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter a mobile phone number or an email address"),
        ("not an email@", "Enter an email address in the correct format, like name@example.com"),
        ("12345", "Enter a mobile phone number or an email address"),
        ("0113 496 0000", "We can only text a mobile. Enter a mobile phone number or an email address"),
    ],
)
def test_what_cannot_be_sent_to_gets_a_message_by_the_field(db, saved, typed, error):
    page = send(saved, typed, expected_status=200)
    assert page.title.startswith("Error: ")
    assert page.errors() == [error]
    if typed:
        assert page.one("#contact")["value"] == typed
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_sending_the_list_needs_the_form_token(saved):
    saved.post("/en/directory/shortlist/send", {"contact": "person@example.com"}, expected_status=400)


def test_an_empty_shortlist_sends_nothing(client, db):
    assert client.get("/en/directory/shortlist").select("form.shortlist-send") == []
    token = client.get(f"/en/directory/shortlist/add?listing_id={listing(db).id}").csrf_token()
    client.post("/en/directory/shortlist/send", {"contact": "person@example.com", "csrf_token": token},
                expected_status=303)  # fmt: skip
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_sending_is_limited_per_internet_address(saved):
    for _ in range(10):
        send(saved, "person@example.com")
    send(saved, "person@example.com", expected_status=429)


def test_once_sent_the_message_keeps_nothing_but_the_address(app, db, saved):
    send(saved, "person@example.com")
    with app.app_context():
        send_due()
    db.expire_all()
    assert the_message(db).context == {}
