"""Input normalisation and validators shared by every form.

People type phone numbers, postcodes and dates in many ways and scripts; we accept them all,
normalise, and give a specific message (supplied by the caller, always translated) when the
input cannot be understood.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeGuard
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import Field, SelectMultipleField, widgets
from wtforms.validators import StopValidation, ValidationError

# Arabic-Indic, Extended Arabic-Indic (Urdu), Devanagari, Bengali, Gurmukhi, Gujarati digits.
_DIGIT_BLOCKS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6)
_DIGITS = {chr(block + n): str(n) for block in _DIGIT_BLOCKS for n in range(10)}
_DIGIT_TABLE = str.maketrans(_DIGITS)

# C0 and C1 controls except tab and line breaks, and the bidi embedding, override and isolate
# controls that could make a name display as something else on a staff page.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
OUTWARD_CODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_digits(value: str) -> str:
    """Digits typed in other scripts become ASCII, and full-width forms become plain."""
    return unicodedata.normalize("NFKC", value).translate(_DIGIT_TABLE)


# Invisible characters that make two names look alike, or hide or reorder what is shown: the
# zero-width space, word joiner and invisible operators, the soft hyphen, the byte order mark,
# left-to-right, right-to-left and Arabic letter marks, tag characters and Hangul fillers.
_INVISIBLE_CHARACTERS = re.compile(
    "[\u00ad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2060-\u2064\u3164\ufeff\uffa0\U000e0000-\U000e007f]"
)
# The zero-width joiner and non-joiner shape letters in Urdu, Arabic, Bengali, Gujarati and
# Gurmukhi, so they stay between two letters of such a script; anywhere else they only hide.
_JOINER = re.compile("[\u200c\u200d]")


def _shapes_a_script(character: str) -> bool:
    return ord(character) >= 0x0370 and unicodedata.category(character)[0] in "LM"


def _joiner_or_nothing(match: re.Match[str]) -> str:
    text, at = match.string, match.start()
    before, after = text[at - 1 : at], text[at + 1 : at + 2]
    return match.group() if before and after and _shapes_a_script(before) and _shapes_a_script(after) else ""


def remove_control_characters(value: str) -> str:
    """What a keyboard cannot type (NUL, escapes, bidi overrides) and characters nobody can see
    are dropped; line breaks stay."""
    visible = _INVISIBLE_CHARACTERS.sub("", _CONTROL_CHARACTERS.sub("", value))
    return _JOINER.sub(_joiner_or_nothing, visible)


def clean_text(value: Any) -> str:
    return remove_control_characters(normalise_digits(str(value))).strip() if value is not None else ""


def normalise_postcode(value: str) -> str:
    """`ls61an`, `LS6  1AN` and `LS6-1AN.` all become `LS6 1AN`; an outward code alone stays
    as it is (`LS6`). Returns the cleaned text even when it is not a postcode."""
    compact = re.sub(r"[^A-Z0-9]", "", clean_text(value).upper())
    if len(compact) >= 5 and POSTCODE_PATTERN.match(f"{compact[:-3]} {compact[-3:]}"):
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def is_full_postcode(value: str) -> bool:
    return bool(POSTCODE_PATTERN.match(value))


def is_outward_code(value: str) -> bool:
    return bool(OUTWARD_CODE_PATTERN.match(value))


def outward_code(postcode: str) -> str:
    return postcode.split(" ", 1)[0]


# Ofcom keeps these ranges for examples, films and plays: never given to anyone, so our hints
# use them, and a person who types one is accepted (nobody can be reached on them).
DRAMA_RANGES = (
    "1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960", "1314960", "1414960",
    "1514960", "1614960", "2079460", "2896496", "2920180", "1632960", "7700900", "8081570", "9098790", "3069990",
)  # fmt: skip


def is_drama_number(number: phonenumbers.PhoneNumber) -> bool:
    national = str(number.national_number)
    return number.country_code == 44 and len(national) == 10 and national.startswith(DRAMA_RANGES)


def is_example_number(value: str) -> bool:
    number = parse_uk_phone(value)
    return number is not None and is_drama_number(number)


def parse_uk_phone(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(clean_text(value), "GB")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) or is_drama_number(number) else None


def normalise_phone(value: str) -> str:
    """E.164 (`+447700900982`) for storing and sending; callers keep what was typed to show."""
    number = parse_uk_phone(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""


def is_mobile(value: str) -> bool:
    number = parse_uk_phone(value)
    if number is not None and is_drama_number(number):
        return str(number.national_number).startswith("7")
    return number is not None and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def normalise_email(value: str) -> str:
    try:
        return str(validate_email(clean_text(value), check_deliverability=False).normalized)
    except EmailNotValidError:
        return ""


class PhoneNumber:
    def __init__(self, message: str, mobile_message: str | None = None) -> None:
        self.message, self.mobile_message = message, mobile_message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and not parse_uk_phone(field.data):
            raise StopValidation(self.message)
        if field.data and self.mobile_message and not is_mobile(field.data):
            raise StopValidation(self.mobile_message)


class EmailAddress:
    def __init__(self, message: str, too_long_message: str) -> None:
        self.message, self.too_long_message = message, too_long_message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not field.data:
            return
        if len(clean_text(field.data)) > 254:
            raise StopValidation(self.too_long_message)
        if not normalise_email(field.data):
            raise StopValidation(self.message)


class Postcode:
    """A full UK postcode in any case, spacing or stray punctuation."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and not is_full_postcode(normalise_postcode(field.data)):
            raise StopValidation(self.message)


WEB_SCHEMES = ("http", "https")


def normalise_web_address(value: Any) -> Any:
    """A form filter: `www.example.org/walks` as people type it becomes
    `https://www.example.org/walks`; anything naming a scheme is left for `WebAddress` to judge."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if text and "://" not in text and not text.startswith("/") and ":" not in text.split("/", 1)[0]:
        return f"https://{text}"
    return text


def is_web_address(value: object) -> TypeGuard[str]:
    """Only http and https: a `javascript:` or `data:` link in a listing would run in the
    browser of whoever follows it."""
    if not isinstance(value, str) or any(character.isspace() or not character.isprintable() for character in value):
        return False
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(hostname) and "." in (hostname or "")


class WebAddress:
    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and not is_web_address(field.data):
            raise StopValidation(self.message)


class MaxLength:
    def __init__(self, limit: int, message: str) -> None:
        self.limit, self.message = limit, message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and len(str(field.data)) > self.limit:
            raise ValidationError(self.message)


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice; rendered by the `checkboxes` macro."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
