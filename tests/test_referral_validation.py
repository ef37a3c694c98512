"""Every way an answer can be wrong gets its own message, in the summary and beside the field,
with the summary linking to the place to fix it."""

from datetime import date

import pytest

from portal.referrals.dates import DateProblem, read_date_of_birth
from tests.referral_journeys import CALLBACK, SELF, draft, path, seed, start

ME: dict = {}
THEM = {"who_for": "someone_else"}
PHONE = "Enter a phone number, like 01632 960 001 or 07700 900 982"
MOBILE = "Enter a mobile phone number, like 07700 900 982"
LONG = "x" * 2001

CASES = [
    (SELF, "who-for", ME, {}, "Select who the referral is for", "who_for-0"),
    (SELF, "who-for", ME, {"who_for": "maybe"}, "Select who the referral is for", "who_for-0"),
    (SELF, "who-for", ME, THEM, "Enter your relationship to the person", "relationship"),
    (
        SELF,
        "who-for",
        ME,
        {**THEM, "relationship": "x" * 101},
        "Relationship must be 100 characters or fewer",
        "relationship",
    ),
    (SELF, "their-agreement", THEM, {}, "Select yes if they agree to you referring them", "person_agrees-0"),
    (SELF, "help-with", ME, {}, "Select what you would like help with", "needs-0"),
    (SELF, "help-with", THEM, {}, "Select what they would like help with", "needs-0"),
    (SELF, "help-with", ME, {"needs": ["lonely", "yachts"]}, "Select what you would like help with", None),
    (
        SELF,
        "help-with",
        ME,
        {"needs": ["lonely"], "what_matters": LONG},
        "Enter 2,000 characters or fewer",
        "what_matters",
    ),
    (SELF, "name", ME, {}, "Enter your full name", "full_name"),
    (SELF, "name", THEM, {"full_name": "  \x00 "}, "Enter their full name", None),
    (SELF, "name", ME, {"full_name": "x" * 201}, "Full name must be 200 characters or fewer", None),
    (SELF, "postcode", ME, {}, "Enter your postcode", "postcode"),
    (SELF, "postcode", THEM, {}, "Enter their postcode", None),
    (SELF, "postcode", ME, {"postcode": "not a postcode"}, "Enter a full UK postcode, like LS6 1AN", None),
    (SELF, "postcode", ME, {"postcode": "LS6"}, "Enter a full UK postcode, like LS6 1AN", None),
    (SELF, "contact", ME, {}, "Select how you would like us to contact you", "contact_channel-0"),
    (SELF, "contact", THEM, {}, "Select how they would like us to contact them", None),
    (SELF, "contact", ME, {"contact_channel": "phone"}, "Enter a phone number", "phone"),
    (SELF, "contact", ME, {"contact_channel": "phone", "phone": "12"}, PHONE, "phone"),
    (SELF, "contact", ME, {"contact_channel": "phone", "phone": "0" * 41}, PHONE, None),
    (SELF, "contact", ME, {"contact_channel": "sms"}, "Enter a mobile phone number", "mobile"),
    (SELF, "contact", ME, {"contact_channel": "sms", "mobile": "12"}, MOBILE, "mobile"),
    (
        SELF,
        "contact",
        ME,
        {"contact_channel": "sms", "mobile": "0113 496 0000"},
        "Enter a mobile phone number to get text messages, like 07700 900 982",
        "mobile",
    ),
    (SELF, "contact", ME, {"contact_channel": "email"}, "Enter an email address", "email"),
    (
        SELF,
        "contact",
        ME,
        {"contact_channel": "email", "email": "sam@"},
        "Enter an email address in the correct format, like name@example.com",
        "email",
    ),
    (
        SELF,
        "contact",
        ME,
        {"contact_channel": "email", "email": "s" * 250 + "@example.com"},
        "Email address must be 254 characters or fewer",
        None,
    ),
    (SELF, "best-times", ME, {"best_times": "x" * 501}, "Enter 500 characters or fewer", "best_times"),
    (CALLBACK, "voicemail", ME, {}, "Select yes if we can leave a voicemail message", "voicemail-0"),
    (SELF, "safe-to-send", ME, {}, "Select what is safe for us to send, or select None of these", "safe_messages-0"),
    (
        SELF,
        "safe-to-send",
        ME,
        {"safe_messages": ["none", "sms"]},
        "Select None of these on its own, or only what is safe to send",
        None,
    ),
    (SELF, "language", ME, {}, "Select the language you would like to speak in", "language-0"),
    (SELF, "language", THEM, {}, "Select the language they would like to speak in", None),
    (SELF, "language", ME, {"language": "other"}, "Enter the language", "language_other"),
    (
        SELF,
        "language",
        ME,
        {"language": "other", "language_other": "x" * 101},
        "Language must be 100 characters or fewer",
        None,
    ),
    (
        SELF,
        "language",
        ME,
        {"language": "ur", "interpreter": ["maybe"]},
        "Select if an interpreter is needed, or leave it unselected",
        "interpreter-0",
    ),
    (SELF, "urgent", ME, {}, "Select yes if someone needs help urgently", "urgent-0"),
    (SELF, "urgent", THEM, {"urgent": "perhaps"}, "Select yes if someone needs help urgently", None),
    (
        SELF,
        "agree-to-share",
        ME,
        {},
        "Confirm that you agree to share this information with our link workers",
        "consent-0",
    ),
    (CALLBACK, "name-and-number", ME, {"phone": "0113 496 0123"}, "Enter your full name", "full_name"),
    (CALLBACK, "name-and-number", ME, {"full_name": "Sam Jones"}, "Enter a phone number", "phone"),
    (CALLBACK, "name-and-number", ME, {"full_name": "Sam Jones", "phone": "call me"}, PHONE, None),
    (CALLBACK, "name-and-number", ME, {"full_name": "Sam Jones", "phone": "0" * 41}, PHONE, None),
    (CALLBACK, "what-about", ME, {"about": LONG}, "Enter 2,000 characters or fewer", "about"),
]


def ask(client, db, journey, step, prior):
    from portal.referrals.models import ReferralKind

    start(client, journey)
    kind = ReferralKind.SELF_REFERRAL if journey == SELF else ReferralKind.CALLBACK
    seed(db, prior, kind)
    return client.get(f"/en/{journey}/{step}")


@pytest.mark.parametrize(("journey", "step", "prior", "data", "message", "anchor"), CASES)
def test_each_wrong_answer_gets_its_own_message(client, db, journey, step, prior, data, message, anchor):
    page = ask(client, db, journey, step, prior)
    shown = client.submit(page, path(page), data, expected_status=200)
    assert shown.errors() == [message]
    assert shown.one(".error-message").get_text(" ", strip=True) == f"Error: {message}"
    if anchor:
        link = shown.one(".error-summary__list a")["href"]
        assert link == f"#{anchor}" and shown.one(link)


def test_an_error_page_title_starts_with_error_and_the_summary_can_take_focus(client):
    page = start(client)
    shown = client.submit(page, path(page), {}, expected_status=200)
    assert shown.title.startswith("Error: Does anyone need help urgently, for example because they do not feel safe?")
    summary = shown.one("[data-error-summary]")
    assert summary["tabindex"] == "-1"
    assert summary.select_one("h2").get_text(strip=True) == "There is a problem"


def test_what_was_typed_is_shown_again_with_the_error(client, db):
    page = ask(client, db, SELF, "contact", ME)
    shown = client.submit(page, path(page), {"contact_channel": "sms", "mobile": "0113 496 0000"}, expected_status=200)
    assert shown.one("#mobile")["value"] == "0113 496 0000"
    assert shown.one("input[name=contact_channel][value=sms]").has_attr("checked")


DATE_CASES = [
    (("", "", ""), "Enter your date of birth", "dob_day", {"day", "month", "year"}),
    (("", "3", "1985"), "Date of birth must include a day", "dob_day", {"day"}),
    (("27", "", "1985"), "Date of birth must include a month", "dob_month", {"month"}),
    (("27", "3", ""), "Date of birth must include a year", "dob_year", {"year"}),
    (("", "", "1985"), "Date of birth must include a day and month", "dob_day", {"day", "month"}),
    (("", "3", ""), "Date of birth must include a day and year", "dob_day", {"day", "year"}),
    (("27", "", ""), "Date of birth must include a month and year", "dob_month", {"month", "year"}),
    (("", "13", "85"), "Date of birth must include a day", "dob_day", {"day"}),
    (("32", "3", "1985"), "Date of birth must be a real date", "dob_day", {"day"}),
    (("27", "13", "1985"), "Date of birth must be a real date", "dob_month", {"month"}),
    (("27", "Marchuary", "1985"), "Date of birth must be a real date", "dob_month", {"month"}),
    (("x", "y", "1985"), "Date of birth must be a real date", "dob_day", {"day", "month"}),
    (("30", "2", "1985"), "Date of birth must be a real date", "dob_day", {"day"}),
    (("27", "3", "85"), "Year must include 4 numbers", "dob_year", {"year"}),
    (("1", "1", "1850"), "Date of birth must be a real date", "dob_year", {"year"}),
    (("1", "1", "2999"), "Date of birth must be in the past", "dob_day", {"day", "month", "year"}),
]


@pytest.mark.parametrize(("typed", "message", "anchor", "failing"), DATE_CASES)
def test_date_of_birth_problems_come_in_order_and_point_at_the_first_box_to_fix(
    client, db, typed, message, anchor, failing
):
    page = ask(client, db, SELF, "date-of-birth", ME)
    data = dict(zip(("dob_day", "dob_month", "dob_year"), typed, strict=True))
    shown = client.submit(page, path(page), data, expected_status=200)
    assert shown.errors() == [message]
    assert shown.one(".error-summary__list a")["href"] == f"#{anchor}"
    assert {box["id"].removeprefix("dob_") for box in shown.select(".date-input .input--error")} == failing


def test_date_of_birth_about_someone_else_says_their(client, db):
    page = ask(client, db, SELF, "date-of-birth", THEM)
    assert client.submit(page, path(page), {}, expected_status=200).errors() == ["Enter their date of birth"]


@pytest.mark.parametrize(
    ("month", "number"),
    [
        ("3", 3),
        ("03", 3),
        ("March", 3),
        ("mar", 3),
        ("MARCH", 3),
        ("Mawrth", 3),
        ("مارچ", 3),
        ("Sept", 9),
        ("Rhag.", 12),
    ],
)
def test_months_can_be_typed_as_numbers_or_names_in_each_language(month, number):
    assert read_date_of_birth("27", month, "1985", today=date(2026, 1, 1)) == date(1985, number, 27)


def test_dates_typed_with_other_scripts_digits_are_understood(client, db):
    page = ask(client, db, SELF, "date-of-birth", ME)
    typed = {"dob_day": "۲۷", "dob_month": "٠٣", "dob_year": "१९८५"}
    client.submit(page, path(page), typed, expected_status=303)
    answers = draft(db).answers
    assert (answers["dob_day"], answers["dob_month"], answers["dob_year"]) == ("27", "03", "1985")


def test_a_birthday_today_is_in_the_past_and_tomorrow_is_not():
    today = date(2026, 5, 1)
    assert read_date_of_birth("1", "5", "2026", today=today) == today
    assert isinstance(read_date_of_birth("2", "5", "2026", today=today), DateProblem)
