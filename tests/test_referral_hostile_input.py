"""Whatever is posted to any page of either journey (random text, huge strings, control
characters, other scripts' digits, missing, repeated or unexpected fields), the answer is a page
that works: a message, a redirect, never a failure."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.referrals.journeys import JOURNEYS
from tests.referral_journeys import CALLBACK, SELF, start

STEPS = [(journey.slug, question.slug) for journey in JOURNEYS.values() for question in journey.questions] + [
    (SELF, "check-your-answers"),
    (CALLBACK, "check-your-answers"),
]
FIELDS = sorted({key for journey in JOURNEYS.values() for question in journey.questions for key in question.keys})
MEANINGFUL = [
    "me", "someone_else", "yes", "no", "phone", "sms", "email", "none", "other", "en", "ur", "lonely", "DEMO12",
    "LS6 1AN", "07911 123456", "٠٧٩١١١٢٣٤٥٦", "sam@example.com", "31", "02", "13", "2999", "۱۹۸۵", "Mawrth",
]  # fmt: skip
HOSTILE = [
    "\x00", "\x1b[31m", "\u202eevil", "<script>alert(1)</script>", "' OR 1=1 --", "{{ 7*7 }}", "%(name)s",
    "𝟘𝟙𝟚", "x" * 5000, "\ufeff", "\r\n\r\n", "١٢٣", "𒀱" * 300,
]  # fmt: skip

text = st.one_of(st.text(max_size=40), st.sampled_from(MEANINGFUL), st.sampled_from(HOSTILE))
value = st.one_of(text, st.lists(text, min_size=2, max_size=4))
form_data = st.dictionaries(
    st.one_of(st.sampled_from([*FIELDS, "website", "submission_token"]), st.text(max_size=8)), value, max_size=8
)

EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@EXAMPLES
@given(step=st.sampled_from(STEPS), data=form_data, locale=st.sampled_from(["en", "cy", "ur"]))
def test_nothing_posted_to_any_question_breaks_the_service(client, step, data, locale):
    journey, slug = step
    if not client.get_cookie("session"):
        start(client, SELF)
        start(client, CALLBACK)
    page = client.get(f"/{locale}/{journey}", expected_status=200)
    response = client.submit(page, f"/{locale}/{journey}/{slug}", data)
    assert response.status < 500, response.html[:500]


@EXAMPLES
@given(step=st.sampled_from(STEPS), data=form_data)
def test_nothing_posted_without_a_journey_breaks_the_service(client, step, data):
    journey, slug = step
    page = client.get(f"/en/{journey}")
    response = client.submit(page, f"/en/{journey}/{slug}", data)
    assert response.status < 500


def test_an_enormous_answer_is_refused_politely(client):
    page = start(client)
    response = client.submit(page, "/en/refer-yourself/name", {"full_name": "x" * (3 * 1024 * 1024)})
    assert response.status == 413
