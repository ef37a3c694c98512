"""Emails and texts to the public and to organisations' contacts are in the person's language:
no sentence of the English is left in any shipped language."""

import pytest

from portal.i18n import SHIPPED_LOCALES
from portal.outbox.models import Channel
from portal.outbox.rendering import render_message

LISTING = {"name": "Headingley Health Walk", "phone": "0113 496 0001", "where": "Community Centre, LS6 1AN",
           "website": "https://walk.example.org", "next_session": "Tuesday 8 December, 10am"}  # fmt: skip
MESSAGES = [
    ("referral-confirmation", Channel.SMS, {"kind": "self_referral", "reference": "ACDE FGHJ", "working_days": 3}),
    ("referral-confirmation", Channel.EMAIL, {"kind": "callback", "reference": "ACDE FGHJ", "working_days": 1}),
    ("shortlist", Channel.SMS, {"listings": [LISTING]}),
    (
        "listing-still-correct",
        Channel.EMAIL,
        {
            "name": "Asha",
            "listing": "Headingley Health Walk",
            "months": 5,
            "link": "https://x.example/c",
            "edit_link": "https://x.example/e",
        },
    ),
    (
        "account-invitation",
        Channel.EMAIL,
        {
            "name": "Asha",
            "role": "org_editor",
            "organisation": "Chapeltown Knitters",
            "invited_by": "Gareth Evans",
            "link": "https://example.org/invitation/abc",
            "expires_on": "2026-03-27",
        },
    ),
]


def sentences(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


@pytest.mark.parametrize("locale", [code for code in SHIPPED_LOCALES if code != "en"])
@pytest.mark.parametrize(("template", "channel", "context"), MESSAGES, ids=lambda value: getattr(value, "value", None))
def test_every_message_is_in_the_persons_language(app, locale, template, channel, context):
    data = {str(value) for value in context.values()} | {str(value) for value in LISTING.values()}
    with app.app_context():
        english = render_message(template, channel, "en", context)
        translated = render_message(template, channel, locale, context)
    left_in_english = {line for line in sentences(english.body) & sentences(translated.body) if line not in data}
    assert left_in_english == set()
    assert translated.subject != english.subject
    assert app.config["SETTINGS"].scheme.phone in translated.body or template != "referral-confirmation"
