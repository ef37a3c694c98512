"""Hypothesis over every public form and query string, and every staff page and form as a
signed-in link worker: whatever is sent, the answer is never a 5xx.

CI runs the small profile with the suite; `make fuzz` runs FUZZ_PROFILE=thorough, 2,500 cases
for each of the four tests below (10,000 in all).
"""

from __future__ import annotations

import os

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.accounts.models import Role
from portal.referrals.journeys import JOURNEYS
from tests.authz import make_user, sign_in_as
from tests.harness import PageClient

pytestmark = pytest.mark.fuzz

EXAMPLES = {"ci": 25, "thorough": 2500}[os.environ.get("FUZZ_PROFILE", "ci")]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NEVER_VISITED = {"site.exit_page", "static", "accounts.sign_out"}
KNOWN_NAMES = [
    "postcode", "q", "category", "distance", "when", "only", "delivery", "access", "language", "audience", "page",
    "listing", "change", "status", "area", "holder", "sort", "full_name", "phone", "mobile", "email", "dob_day",
    "dob_month", "dob_year", "urgent", "who_for", "needs", "what_matters", "consent", "contact_channel", "note",
    "submission_token", "reference", "search", "due", "kind", "outcome", "text", "website", "organisation_name",
]  # fmt: skip
AWKWARD = st.sampled_from(
    ["", " ", "0", "-1", "99999999999999999999999", "1e309", "LS6 1AN", "<script>x</script>", "\x00", "\u202e",
     "١٢٣", "३१", "%", "' OR 1=1 --", "a" * 5000, "2026-02-30", "yes", "no", "me", "sms", "email"]
)  # fmt: skip
VALUES = st.lists(st.one_of(AWKWARD, st.text(max_size=60)), min_size=1, max_size=3)
FIELDS = st.dictionaries(st.one_of(st.sampled_from(KNOWN_NAMES), st.text(min_size=1, max_size=12)), VALUES, max_size=6)


def plain_paths(app: Flask, method: str, signed_in: bool) -> list[str]:
    """Each URL that needs nothing but a language, in English."""
    paths = []
    for rule in app.url_map.iter_rules():
        if (
            rule.endpoint in NEVER_VISITED
            or rule.endpoint.startswith("test_routes.")
            or method not in (rule.methods or set())
            or set(rule.arguments) - {"locale"}
        ):
            continue
        staff = (
            rule.endpoint.split(".")[0] in ("triage", "accounts", "organisations") and "sign_in" not in rule.endpoint
        )
        if staff == signed_in:
            paths.append(rule.rule.replace("<locale:locale>", "en"))
    return sorted(paths)


def journey_paths() -> list[str]:
    return [f"/en/{journey.slug}/{question.slug}" for journey in JOURNEYS.values() for question in journey.questions]


def send(client, method: str, path: str, fields: dict[str, list[str]]) -> int:
    response = client.open(path, method=method, query_string=fields if method == "GET" else None, data=fields)
    response.close()
    return response.status_code


@pytest.fixture
def fuzz_app(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = False  # the fuzz is of what forms accept; CSRF has its own tests
    app.config["RATELIMIT_ENABLED"] = False
    return app


@pytest.fixture
def link_worker_client(fuzz_app: Flask, db) -> PageClient:
    client = PageClient(fuzz_app.test_client())
    sign_in_as(client, db, make_user(db, "fuzz.worker@example.com", Role.LINK_WORKER))
    return client


@FUZZ
@given(data=st.data())
def test_no_public_query_string_is_a_server_error(fuzz_app, data):
    path = data.draw(st.sampled_from(plain_paths(fuzz_app, "GET", signed_in=False)))
    assert send(fuzz_app.test_client(), "GET", path, data.draw(FIELDS)) < 500, path


@FUZZ
@given(data=st.data())
def test_no_public_form_is_a_server_error(fuzz_app, data):
    client = fuzz_app.test_client()
    client.post("/en/refer-yourself")
    client.post("/en/ask-for-a-call-back")
    path = data.draw(st.sampled_from(plain_paths(fuzz_app, "POST", signed_in=False) + journey_paths()))
    assert send(client, "POST", path, data.draw(FIELDS)) < 500, path


@FUZZ
@given(data=st.data())
def test_no_staff_query_string_is_a_server_error_for_a_link_worker(fuzz_app, link_worker_client, data):
    path = data.draw(st.sampled_from(plain_paths(fuzz_app, "GET", signed_in=True)))
    assert send(link_worker_client, "GET", path, data.draw(FIELDS)) < 500, path


@FUZZ
@given(data=st.data())
def test_no_staff_form_is_a_server_error_for_a_link_worker(fuzz_app, link_worker_client, data):
    path = data.draw(st.sampled_from(plain_paths(fuzz_app, "POST", signed_in=True)))
    assert send(link_worker_client, "POST", path, data.draw(FIELDS)) < 500, path
