"""The options people choose from, in the order they are offered, with their plain-words labels.

The values are what the triage queue filters on; the labels are translated when shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import LazyString
from wtforms import SelectChoice

from portal.i18n import SHIPPED_LOCALES, _l, name_in_current_language
from portal.practices.models import GpPractice


def options(*pairs: tuple[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


YES_NO = options(("yes", _l("Yes")), ("no", _l("No")))

WHO_FOR = options(("me", _l("Me")), ("someone_else", _l("Someone I care for")))

NEEDS = options(
    ("lonely", _l("Feeling lonely or isolated")),
    ("money", _l("Money, debt or benefits")),
    ("housing", _l("Housing")),
    ("mental_wellbeing", _l("Feeling low, stressed or anxious")),
    ("getting_active", _l("Getting active")),
    ("caring", _l("Caring for someone")),
    ("work", _l("Work, volunteering or learning")),
    ("food", _l("Food")),
    ("family", _l("Family and parenting")),
    ("long_term_condition", _l("Living with a long-term condition")),
    ("other", _l("Something else")),
)

# The same order everywhere a channel is offered: phone, text message, email.
CONTACT_CHANNELS = options(("phone", _l("Phone call")), ("sms", _l("Text message")), ("email", _l("Email")))

MESSAGES = options(
    ("voicemail", _l("Voicemail messages")),
    ("sms", _l("Text messages")),
    ("email", _l("Emails")),
    ("letter", _l("Letters to your home")),
    ("none", _l("None of these")),
)

# Every language the portal is written in, named as the page's reader calls it, then British
# Sign Language and any other.
LANGUAGES = options(
    *((code, LazyString(name_in_current_language, code)) for code in SHIPPED_LOCALES),
    ("bsl", _l("British Sign Language")),
    ("other", _l("Another language")),
)

PREFER_NOT_TO_SAY = "prefer_not_to_say"

# Asked after a self-referral is sent, never required: the short answers to the ONS 2021
# census's sex and gender identity questions, and its 5 high-level ethnic groups (the 19
# categories under them are too long a list to choose from on a phone).
GENDERS = options(
    ("woman", _l("Woman")),
    ("man", _l("Man")),
    ("non_binary", _l("Non-binary")),
    ("another_way", _l("In another way")),
    (PREFER_NOT_TO_SAY, _l("Prefer not to say")),
)

ETHNIC_GROUPS = options(
    ("asian", _l("Asian, Asian British or Asian Welsh")),
    ("black", _l("Black, Black British, Black Welsh, Caribbean or African")),
    ("mixed", _l("Mixed or Multiple ethnic groups")),
    ("white", _l("White")),
    ("other", _l("Other ethnic group")),
    (PREFER_NOT_TO_SAY, _l("Prefer not to say")),
)

INTERPRETER = options(("yes", _l("An interpreter is needed")))

AGREE = options(("yes", _l("I agree")))

# The GP practice question's answers besides a practice (whose value is its ODS code).
NOT_REGISTERED = "not_registered"
DO_NOT_KNOW = "do_not_know"
NOT_A_PRACTICE = options((DO_NOT_KNOW, _l("I do not know")), (NOT_REGISTERED, _l("I am not registered with a GP")))


def gp_practice_options(practices: Sequence[GpPractice]) -> list[SelectChoice]:
    """The two answers for people who cannot choose a practice first, where they are found
    without scrolling past every practice; the practices by name, with the postcode that tells
    branches apart (names as the NHS lists them, in English whatever the page's language)."""
    return [
        SelectChoice("", _l("Select a GP practice")),
        *NOT_A_PRACTICE,
        *(
            SelectChoice(
                practice.ods_code, f"{practice.name}, {practice.postcode or ''}".rstrip(", "), render_kw={"lang": "en"}
            )
            for practice in practices
        ),
    ]


def label_of(offered: list[SelectChoice], value: Any) -> str:
    return next((str(choice.label) for choice in offered if choice.value == value), "")


def label(offered: list[SelectChoice], value: str | None) -> str:
    """A coded value's label, or the code itself when the list no longer offers it."""
    return label_of(offered, value) or value or ""
