"""Account emails read well, in the recipient's language, with no secrets but the link."""

import pytest

from portal.outbox.models import Channel
from portal.outbox.rendering import render_message

CHANGES = [
    "password_changed",
    "mfa_set_up",
    "mfa_replaced",
    "mfa_turned_off",
    "mfa_reset",
    "recovery_codes_created",
    "recovery_code_used",
    "email_changed",
]


@pytest.mark.parametrize("locale", ["en", "cy", "ur"])
@pytest.mark.parametrize("change", CHANGES)
def test_every_security_change_has_its_own_sentence_in_every_language(app, locale, change):
    with app.app_context():
        message = render_message("account-security-change", Channel.EMAIL, locale, {"name": "Sam", "change": change})
    lines = [line for line in message.body.splitlines() if line.strip()]
    assert len(lines) == 3, message.body
    assert app.config["SETTINGS"].scheme.phone in message.body


def test_the_invitation_says_who_invited_them_and_until_when(app):
    context = {
        "name": "Asha",
        "role": "link_worker",
        "organisation": None,
        "invited_by": "Gareth Evans",
        "link": "https://example.org/en/invitation/abc",
        "expires_on": "2026-03-27",
    }
    with app.app_context():
        message = render_message("account-invitation", Channel.EMAIL, "en", context)
    assert message.subject == "You are invited to join Leeds Community Connect"
    assert "Gareth Evans has invited you to Leeds Community Connect as a link worker." in message.body
    assert "until 27 March 2026" in message.body and context["link"] in message.body


def test_the_invitation_is_translated(app):
    context = {
        "name": "Asha",
        "role": "org_editor",
        "organisation": "Leeds Walkers",
        "invited_by": "Gareth",
        "link": "https://example.org/cy/invitation/abc",
        "expires_on": "2026-03-27",
    }
    with app.app_context():
        english = render_message("account-invitation", Channel.EMAIL, "en", context)
        welsh = render_message("account-invitation", Channel.EMAIL, "cy", context)
    assert welsh.subject != english.subject and "Mawrth" in welsh.body


def test_the_reset_email_says_how_long_the_link_works(app):
    with app.app_context():
        message = render_message(
            "password-reset", Channel.EMAIL, "en", {"name": "Sam", "link": "https://x/y", "minutes": 60}
        )
    assert "The link works once, for 60 minutes." in message.body
