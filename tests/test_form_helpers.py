import pytest

from portal.web.forms import (
    is_full_postcode,
    is_mobile,
    normalise_digits,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ls6 1an", "LS6 1AN"),
        ("LS61AN", "LS6 1AN"),
        ("  ls6-1an. ", "LS6 1AN"),
        ("LS6  1AN", "LS6 1AN"),
        ("ls6", "LS6"),
        ("EC1A1BB", "EC1A 1BB"),
        ("not a postcode", "NOTAPOSTCODE"),
    ],
)
def test_postcodes_are_accepted_in_any_case_spacing_or_punctuation(typed, expected):
    assert normalise_postcode(typed) == expected


def test_only_whole_postcodes_count_as_full_postcodes():
    assert is_full_postcode("LS6 1AN")
    assert not is_full_postcode("LS6")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("٠٧٧٠٠ ٩٠٠ ٩٨٢", "07700 900 982"),
        ("۰۱۱۳", "0113"),
        ("०१२३", "0123"),
        ("০১২", "012"),
        ("੦੧੨", "012"),
        ("૦૭૭૦૦ ૯૦૦ ૯૮૨", "07700 900 982"),
    ],
)
def test_digits_in_other_scripts_become_ascii(typed, expected):
    assert normalise_digits(typed) == expected


@pytest.mark.parametrize("typed", ["07911 123456", "+44 7911 123 456", "(07911) 123-456", "٠٧٩١١١٢٣٤٥٦"])
def test_phone_numbers_in_any_format_are_stored_in_one_form(typed):
    assert normalise_phone(typed) == "+447911123456"


def test_a_landline_is_not_a_mobile():
    assert is_mobile("07911 123456")
    assert not is_mobile("0113 496 0000")


def test_nonsense_is_not_a_phone_number():
    assert normalise_phone("12") == ""


def test_emails_are_normalised_and_checked():
    assert normalise_email(" Sam@Example.COM ") == "Sam@example.com"
    assert normalise_email("sam@") == ""
