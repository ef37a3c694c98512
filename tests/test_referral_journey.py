"""A person refers themselves, or someone they care for, or asks for a call back: one question
per page, Back and Change that keep answers, and pages that explain instead of errors."""

import pytest
from sqlalchemy import select

from portal.referrals.models import ContactChannel, Referral, ReferralKind
from tests.referral_journeys import (
    CALLBACK,
    CALLBACK_ANSWERS,
    SELF,
    SELF_REFERRAL_ANSWERS,
    answer,
    answer_all,
    path,
    scheme_settings,
    seed,
    send,
    start,
    take_time,
    walk,
    with_answers,
)

SOMEONE_ELSE_START = [
    ("urgent", {"urgent": "no"}),
    ("who-for", {"who_for": "someone_else", "relationship": "Her son"}),
    ("their-agreement", {"person_agrees": "yes"}),
]


def test_the_home_page_offers_a_self_referral_and_a_call_back(client):
    links = client.get("/en/").select(".action-list__link")
    titles = [link.get_text(strip=True) for link in links]
    assert "Refer yourself to a link worker" in titles and "Ask us to call you back" in titles
    assert titles.index("Refer yourself to a link worker") < titles.index("Ask us to call you back")
    hrefs = {link.get_text(strip=True): link["href"] for link in links}
    assert hrefs["Refer yourself to a link worker"] == "/en/refer-yourself"
    assert hrefs["Ask us to call you back"] == "/en/ask-for-a-call-back"


def test_the_start_page_says_what_happens_and_offers_a_call_back_instead(client):
    page = client.get("/en/refer-yourself")
    assert page.h1 == "Refer yourself to a link worker"
    assert "3 working days" in page.text() and "privacy notice" in page.text()
    assert page.one("main form button").get_text(strip=True) == "Start now"
    assert page.select("main a[href='/en/ask-for-a-call-back']")
    assert "I'd prefer someone to call me" in page.text()


def test_a_person_refers_themselves_and_gets_a_reference(client, db):
    confirmation = send(client, walk(client))
    assert confirmation.h1 == "Referral sent"
    referral = db.scalars(select(Referral)).one()
    assert referral.reference.replace("", " ").strip() in confirmation.text(".panel")
    assert referral.kind == ReferralKind.SELF_REFERRAL
    assert (referral.full_name, referral.postcode, referral.outward_code) == ("Sam Jones", "LS6 1AN", "LS6")
    assert referral.needs == ["lonely", "money"]
    assert referral.what_matters == "I would like to meet people.\nI live on my own."
    assert referral.contact_channel == ContactChannel.SMS
    assert (referral.phone, referral.phone_as_typed) == ("+447911123456", "07911 123456")
    assert referral.may_send_texts and referral.may_send_letters and not referral.may_send_emails
    assert referral.may_leave_voicemail and referral.consent_to_share and not referral.urgent
    assert (referral.source, referral.locale, referral.status) == ("web", "en", "new")


def test_a_person_asks_for_a_call_back_and_gets_a_reference(client, db):
    confirmation = send(client, walk(client, CALLBACK))
    assert confirmation.h1 == "Call back requested"
    referral = db.scalars(select(Referral)).one()
    assert referral.kind == ReferralKind.CALLBACK
    assert (referral.phone, referral.contact_channel) == ("+441134960123", ContactChannel.PHONE)
    assert (referral.language, referral.language_other, referral.interpreter_needed) == ("other", "Polish", True)
    assert referral.about == "Money worries" and not referral.may_leave_voicemail


@pytest.mark.parametrize("journey", [SELF, CALLBACK])
def test_no_page_of_either_journey_is_kept_by_the_browser(client, journey):
    answers = SELF_REFERRAL_ANSWERS if journey == SELF else CALLBACK_ANSWERS
    pages = [client.get(f"/en/{journey}"), start(client, journey)]
    for _slug, data in answers:
        pages.append(page := answer(client, pages[-1], data or {}))
    pages.append(send(client, page))
    assert {page.response.headers["Cache-Control"] for page in pages} == {"no-store"}


def test_each_question_is_the_page_heading_with_a_back_link_and_continue(client):
    page = start(client)
    urgent = "Does anyone need help urgently, for example because they do not feel safe?"
    assert page.one("h1 legend, legend h1").get_text(strip=True) == urgent
    assert page.title.startswith(urgent)
    assert page.one(".back-link")["href"] == "/en/refer-yourself"
    assert page.one("main form")["novalidate"] is not None
    assert page.one("main form button").get_text(strip=True) == "Continue"
    assert not page.select("[required]") and not page.select("[hx-post], [hx-get], [hx-boost]")
    who_for = answer_all(client, page, SELF_REFERRAL_ANSWERS[:1])
    assert who_for.one("legend h1").get_text(strip=True) == "Who is the referral for?"
    name = answer_all(client, who_for, SELF_REFERRAL_ANSWERS[1:5])
    assert name.one("h1 label").get_text(strip=True) == "What is your full name?"
    assert name.one("#full_name")["autocomplete"] == "name"


def test_back_returns_to_the_previous_question_with_its_answer_kept(client):
    page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:6])
    assert path(page).endswith("/contact")
    back = client.get(page.one(".back-link")["href"])
    assert back.one("#full_name")["value"] == "Sam Jones"


def test_referring_someone_they_care_for_asks_about_them_and_their_agreement(client, db):
    page = answer_all(client, start(client), SOMEONE_ELSE_START)
    assert page.h1 == "What is their date of birth?"
    assert page.one("#dob_day")["autocomplete"] == "off"
    page = answer_all(client, page, SELF_REFERRAL_ANSWERS[2:4])
    assert page.h1.startswith("What would they like help with?")
    assert page.one("label[for=what_matters]").get_text(strip=True) == "What matters to them? (optional)"
    answer_all(client, page, SELF_REFERRAL_ANSWERS[4:])
    take_time(db)
    send(client, client.get("/en/refer-yourself/check-your-answers"))
    referral = db.scalars(select(Referral)).one()
    assert (referral.for_someone_else, referral.relationship, referral.person_agrees) == (True, "Her son", True)


def test_someone_who_does_not_agree_is_not_referred(client):
    page = answer_all(client, start(client), SOMEONE_ELSE_START[:2])
    page = answer(client, page, {"person_agrees": "no"})
    assert page.h1 == "Ask them first"
    assert not page.select(".error-summary")
    blocked = client.get("/en/refer-yourself/check-your-answers", expected_status=302)
    assert blocked.response.headers["Location"].endswith("/date-of-birth")


def test_under_16s_are_told_who_can_refer_them_instead(client, db):
    walk(client)
    seed(db, {"dob_year": "2015"})
    page = client.get("/en/refer-yourself/check-your-answers", expected_status=302)
    assert page.response.headers["Location"] == "/en/refer-yourself/under-16"
    page = client.follow(page)
    assert page.h1 == "You need to be 16 or over to refer yourself"
    assert "parent, carer" in page.text() and "0800 1111" in page.text()
    assert not page.select(".error-summary")


def test_under_16s_see_the_family_route_where_the_scheme_has_one(app, client):
    page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:2])
    with scheme_settings(app, family_route_url="https://families.example/"):
        page = answer(client, page, {"dob_day": "1", "dob_month": "1", "dob_year": "2015"})
    assert page.one("main a[href='https://families.example/']")


def test_a_parent_can_refer_a_child_under_16(client, db):
    child = {"dob_day": "1", "dob_month": "6", "dob_year": "2015"}
    answers = [*SOMEONE_ELSE_START, *with_answers(SELF_REFERRAL_ANSWERS[2:], date_of_birth=child)]
    check = walk(client, answers=answers)
    take_time(db)
    send(client, check)
    assert db.scalars(select(Referral)).one().date_of_birth.year == 2015


def test_a_postcode_outside_the_area_explains_where_to_go_instead(client):
    page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:3])
    page = answer(client, page, {"postcode": "M1 1AA"})
    assert page.h1 == "You live outside Leeds"
    assert "GP practice" in page.text()
    assert not page.select("main a.button")
    blocked = client.get("/en/refer-yourself/check-your-answers", expected_status=302)
    assert blocked.response.headers["Location"] == "/en/refer-yourself/help-with"


def test_a_postcode_outside_the_area_can_go_on_when_the_scheme_accepts_it(app, client, db):
    with scheme_settings(app, accepts_out_of_area=True):
        page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:3])
        page = answer(client, page, {"postcode": "M1 1AA"})
        assert page.h1 == "You live outside Leeds"
        page = answer_all(client, client.get(page.one("main a.button")["href"]), SELF_REFERRAL_ANSWERS[4:])
        take_time(db)
        send(client, page)
    referral = db.scalars(select(Referral)).one()
    assert (referral.outward_code, referral.out_of_area) == ("M1", True)


def test_needing_help_urgently_shows_where_to_get_help_now_and_marks_it_urgent(client, db):
    first = start(client)
    assert path(first).endswith("/urgent")
    page = answer(client, first, {"urgent": "yes"})
    assert page.h1 == "Get help now"
    assert "999" in page.text() and "NHS 111" in page.text() and "116 123" in page.text()
    page = client.get(page.one("main a.button")["href"])
    page = answer_all(client, page, SELF_REFERRAL_ANSWERS[1:])
    take_time(db)
    confirmation = send(client, page)
    assert db.scalars(select(Referral)).one().urgent
    assert "urgently" in confirmation.text()


def test_check_answers_says_not_provided_for_skipped_questions(client):
    page = walk(client, answers=with_answers(SELF_REFERRAL_ANSWERS, best_times={"best_times": ""}))
    rows = {row.select_one("dt").get_text(strip=True): row for row in page.select(".summary-list__row")}
    assert rows["Best times"].select_one(".summary-list__value").get_text(strip=True) == "Not provided"
    assert rows["Date of birth"].select_one(".summary-list__value").get_text(strip=True) == "27 March 1985"
    assert page.one("main form button").get_text(strip=True) == "Send your referral"


def test_a_change_from_check_answers_returns_to_check_answers(client):
    check = walk(client)
    change = next(row for row in check.select(".summary-list__row") if "Full name" in row.get_text())
    link = change.select_one("a")
    assert link.select_one(".visually-hidden").get_text(strip=True) == "Full name"
    page = client.get(link["href"])
    assert page.one(".back-link")["href"] == "/en/refer-yourself/check-your-answers"
    page = answer(client, page, {"full_name": "Sam Patel"})
    assert path(page).endswith("/check-your-answers")
    assert "Sam Patel" in page.text()


def test_a_change_that_makes_a_question_relevant_asks_it_then_returns(client):
    walk(client)
    page = client.get("/en/refer-yourself/who-for?change=yes")
    page = answer(client, page, {"who_for": "someone_else", "relationship": "Her son"})
    assert path(page).endswith("/their-agreement")
    page = answer_all(client, page, SOMEONE_ELSE_START[2:])
    assert path(page).endswith("/check-your-answers")


def test_an_interpreter_is_a_box_to_tick_on_the_language_page(client, db):
    page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:9])
    assert page.one("input[name=interpreter]")["value"] == "yes"
    check = answer_all(
        client, page, [("language", {"language": "cy", "interpreter": ["yes"]}), SELF_REFERRAL_ANSWERS[10]]
    )
    take_time(db)
    send(client, check)
    assert db.scalars(select(Referral)).one().interpreter_needed


def test_a_call_back_after_part_of_a_self_referral_does_not_ask_again(client, db):
    answer_all(client, start(client), [*SELF_REFERRAL_ANSWERS[:7], ("best-times", {"best_times": "Evenings"})])
    page = start(client, CALLBACK)
    assert path(page).endswith("/language")
    check = answer_all(client, page, CALLBACK_ANSWERS[2:])
    assert "Sam Jones" in check.text() and "07911 123456" in check.text() and "Evenings" in check.text()


def test_a_call_back_after_referring_someone_else_carries_nothing_over(client):
    answer_all(client, start(client), [*SOMEONE_ELSE_START, *SELF_REFERRAL_ANSWERS[2:7]])
    assert path(start(client, CALLBACK)).endswith("/name-and-number")


def test_every_self_referral_question_offers_a_call_back_instead(client):
    page = start(client)
    assert page.one("main a[href='/en/ask-for-a-call-back']").get_text(strip=True) == "I'd prefer someone to call me"


def test_changing_language_keeps_the_answers(client):
    page = answer_all(client, start(client), SELF_REFERRAL_ANSWERS[:6])
    welsh = client.get(page.select(".language-switcher a[hreflang=cy]")[0]["href"])
    assert path(welsh) == "/cy/refer-yourself/contact"
    back = client.get(welsh.one(".back-link")["href"])
    assert back.one("html")["lang"] == "cy"
    assert back.one("#full_name")["value"] == "Sam Jones"


@pytest.mark.parametrize(("locale", "direction"), [("cy", "ltr"), ("ur", "rtl")])
def test_the_questions_are_translated(client, locale, direction):
    page = start(client, locale=locale)
    assert page.h1 and page.h1 != "Does anyone need help urgently, for example because they do not feel safe?"
    assert page.one("html")["dir"] == direction
    errors = client.submit(page, path(page), {}, expected_status=200)
    assert errors.errors() and errors.errors()[0] != "Select yes if someone needs help urgently"


def test_a_question_before_starting_leads_to_the_start_page(client):
    page = client.get("/en/refer-yourself/name", expected_status=302)
    assert page.response.headers["Location"] == "/en/refer-yourself"


def test_an_unknown_question_is_not_found(client):
    start(client)
    client.get("/en/refer-yourself/favourite-colour", expected_status=404)


def test_the_confirmation_gives_the_reference_to_read_out_and_a_way_to_keep_it(client, db):
    check = walk(client)
    take_time(db)
    page = send(client, check)
    reference = db.scalars(select(Referral.reference)).one()
    assert page.one(".panel__reference [aria-hidden]").get_text() == f"{reference[:4]} {reference[4:]}"
    assert page.one("[data-print]").get_text(strip=True) == "Print this page"
    assert "browser's print" in page.text()
    assert "0113 496 0000" in page.text() and "3 working days" in page.text()
    assert "text message" in page.text()


@pytest.mark.parametrize("step", ["access-needs", "interpreter", "relationship", "what-matters"])
def test_what_the_link_worker_asks_on_the_first_call_is_not_a_page_of_its_own(client, step):
    start(client)
    client.get(f"/en/refer-yourself/{step}", expected_status=404)


def test_someone_they_care_for_reveals_how_they_know_them_on_the_same_page(client):
    page = start(client)
    page = answer(client, page, {"urgent": "no"})
    reveal = page.one("input[name=who_for][value=someone_else]")["data-reveal"]
    assert page.one(f"#{reveal} input")["name"] == "relationship"
    errors = client.submit(page, path(page), {"who_for": "someone_else"}, expected_status=200)
    assert errors.errors() == ["Enter your relationship to the person"]


def test_contact_preference_reveals_one_field_for_each_way_in_the_same_order(client):
    start(client)
    page = client.get("/en/refer-yourself/contact")
    assert [radio["value"] for radio in page.select("input[name=contact_channel]")] == ["phone", "sms", "email"]
    reveals = {radio["value"]: radio.get("data-reveal") for radio in page.select("input[name=contact_channel]")}
    assert page.one(f"#{reveals['phone']} input")["type"] == "tel"
    assert page.one(f"#{reveals['sms']} input")["name"] == "mobile"
    assert page.one(f"#{reveals['email']} input")["autocomplete"] == "email"


def test_date_of_birth_is_three_boxes_with_birthday_autocomplete(client):
    start(client)
    page = client.get("/en/refer-yourself/date-of-birth")
    assert page.one("fieldset legend h1").get_text(strip=True) == "What is your date of birth?"
    assert [box["autocomplete"] for box in page.select("fieldset input")] == ["bday-day", "bday-month", "bday-year"]


def test_the_robot_trap_is_hidden_from_people(client):
    trap = start(client).one("input[name=website]")
    assert (trap["tabindex"], trap["autocomplete"]) == ("-1", "off")
    assert trap.find_parent(class_="visually-hidden")
    assert trap.find_previous("label").get_text(strip=True) == "Leave this empty"
