"""The production stack when parts of it fail: nothing a person sent is lost or doubled, and
what they are told is true. One stack serves every test here, in this order."""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from bs4 import BeautifulSoup

from tests.production.journeys import (
    CALLBACK,
    SELF,
    Browser,
    Reply,
    from_address,
    journey_answers,
    send_answers,
    to_check_answers,
)
from tests.production.stack import Stack, wait_for

PHONE = "0113 496 0000"  # the demo scheme's number, on every problem page
people = itertools.count(1)


def person(stack: Stack) -> Browser:
    return Browser(from_address(stack.session(), next(people)), stack.base_url)


def referrals_named(stack: Stack, name: str) -> list[str]:
    found = stack.postgres.psql(f"SELECT reference FROM referral WHERE full_name = '{name}' ORDER BY id")
    return found.split() if found else []


def confirmed(reply: Reply) -> str | None:
    return reply.reference() if reply.url.endswith("/confirmation") and reply.status == 200 else None


def is_problem_page(reply: Reply) -> bool:
    return (
        reply.status in (500, 502, 503)
        and reply.h1.startswith("Sorry, there is a problem")
        and PHONE in reply.soup.text
    )


def test_the_portal_is_served_over_https_through_the_proxy_compressed(stack):
    zstd = stack.session().get(stack.base_url + "/en/", headers={"Accept-Encoding": "zstd"}, stream=True, timeout=10)
    assert zstd.headers["Content-Encoding"] == "zstd"
    response = stack.session().get(stack.base_url + "/en/", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert len(response.headers["X-Request-Id"]) >= 8
    stylesheet = BeautifulSoup(response.text, "html.parser").select_one('link[rel="stylesheet"]')["href"]
    static = stack.session().get(stack.base_url + stylesheet, timeout=10)
    assert static.status_code == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert static.headers["Server"] == "Caddy"  # served by the proxy, not an app server


def test_health_and_readiness(stack):
    assert stack.get("/healthz").json() == {"status": "ok"}
    ready = stack.get("/readyz")
    assert (ready.status_code, ready.json()["checks"]) == (
        200,
        {"database": "ok", "migrations": "current", "redis": "ok"},
    )


def test_a_forwarded_for_header_from_outside_buys_no_fresh_limit(stack):
    browser = person(stack)
    form = browser.get("/en/list-your-group", "join form")
    details = {
        "organisation_name": "Spoofed Address Allotments",
        "contact_name": "Forwarded Tester",
        "email": "allotments@example.org",
        "phone": "0113 496 0000",
        "what_they_do": "Growing vegetables together.",
        "area": "Leeds",
    }
    statuses = []
    for attempt in range(7):
        spoofed = {"X-Forwarded-For": f"203.0.113.{attempt + 1}"}
        reply = browser.session.post(
            stack.base_url + "/en/list-your-group",
            data={**form.form_fields(), **details},
            headers=spoofed,
            allow_redirects=False,
            timeout=10,
        )
        statuses.append(reply.status_code)
    assert statuses[:5] == [303] * 5  # each request went through, counted against this address
    assert statuses[5:] == [429, 429]


def test_an_app_server_killed_during_submits_loses_and_doubles_nothing(stack):
    names = [f"Killed Server Person {number}" for number in range(12)]
    ready = []
    for name in names:
        browser = person(stack)
        ready.append((name, browser, to_check_answers(browser, CALLBACK, journey_answers(CALLBACK, name))))

    def send_until_confirmed(name: str, browser: Browser, check: Reply) -> str | None:
        for _attempt in range(10):
            try:
                reply = send_answers(browser, check, CALLBACK)
            except requests.RequestException:
                continue  # the connection dropped: the person presses Send again
            if (reference := confirmed(reply)) is not None:
                return reference
            assert is_problem_page(reply) or reply.status == 502, (reply.status, reply.h1)
            time.sleep(0.5)
        return None

    with ThreadPoolExecutor(len(ready)) as pool:
        sent = [pool.submit(send_until_confirmed, *person_ready) for person_ready in ready]
        time.sleep(0.05)
        stack.processes["web1"].kill()
        references = [future.result() for future in sent]
    stack.start("web1")
    wait_for("web1 again", lambda: stack.app_server_up("web1"), 60)
    for name, reference in zip(names, references, strict=True):
        assert reference is not None, name
        assert referrals_named(stack, name) == [reference], name


def test_with_redis_stopped_the_site_keeps_serving_and_readiness_says_why(stack):
    stack.processes["redis"].stop()
    try:
        browser = person(stack)
        assert browser.get("/en/", "home").status == 200
        check = to_check_answers(browser, CALLBACK, journey_answers(CALLBACK, "Redis Down Person"))
        assert confirmed(send_answers(browser, check, CALLBACK)) is not None
        ready = stack.get("/readyz")
        assert (ready.status_code, ready.json()["checks"]["redis"]) == (503, "unavailable")
    finally:
        stack.start_redis()
    wait_for("readiness with Redis back", lambda: stack.get("/readyz").status_code == 200, 60)


def test_with_the_database_stopped_people_get_the_problem_page_then_their_answers_back(stack):
    halfway, at_send = person(stack), person(stack)
    answers = journey_answers(SELF, "Database Down Person")
    partly = to_check_answers(at_send, SELF, answers)
    first_page = halfway.post(halfway.get("/en/refer-yourself", "start page"), {}, "start", path="/en/refer-yourself")
    first_answer = halfway.post(first_page, answers[0][1] or {}, "urgent")
    stack.postgres.stop()
    try:
        refused = send_answers(at_send, partly, SELF)
        assert is_problem_page(refused) and confirmed(refused) is None
        assert is_problem_page(halfway.post(first_answer, answers[1][1] or {}, "who-for"))
        ready = stack.get("/readyz")
        assert (ready.status_code, ready.json()["checks"]["database"]) == (503, "unavailable")
    finally:
        stack.postgres.start()
    wait_for("readiness with the database back", lambda: stack.get("/readyz").status_code == 200, 60)
    again = halfway.get(first_answer.url, "who-for again")
    assert again.status == 200 and again.url.endswith("/who-for")  # the first answer was kept
    sent = send_answers(at_send, partly, SELF)
    assert referrals_named(stack, "Database Down Person") == [confirmed(sent)]


def test_a_read_only_database_is_a_problem_page_too_never_a_confirmation(stack):
    browser = person(stack)
    check = to_check_answers(browser, CALLBACK, journey_answers(CALLBACK, "Read Only Person"))
    stack.postgres.psql("ALTER SYSTEM SET default_transaction_read_only = on")
    stack.postgres.psql("SELECT pg_reload_conf()")
    try:
        time.sleep(1)
        refused = send_answers(browser, check, CALLBACK)
        assert is_problem_page(refused) and confirmed(refused) is None
    finally:
        stack.postgres.psql("ALTER SYSTEM RESET default_transaction_read_only")
        stack.postgres.psql("SELECT pg_reload_conf()")
    time.sleep(1)
    assert referrals_named(stack, "Read Only Person") == []
    sent = send_answers(browser, check, CALLBACK)
    assert referrals_named(stack, "Read Only Person") == [confirmed(sent)]


def outbox_counts(stack: Stack) -> dict[str, int]:
    rows = stack.postgres.psql("SELECT status, count(*) FROM outbox_message GROUP BY status")
    return {status: int(count) for status, count in (row.split("|") for row in rows.splitlines())}


def test_the_worker_killed_while_sending_sends_everything_once_after_restart(stack):
    wait_for("the outbox empty", lambda: set(outbox_counts(stack)) <= {"sent", "failed"}, 60)
    stack.processes["worker"].stop()
    stack.processes["notify"].stop()
    stack.start_notify(delay_seconds=1.5)  # a slow provider: accepted, then a long wait to hear so
    for number in range(4):
        browser = person(stack)
        check = to_check_answers(browser, SELF, journey_answers(SELF, f"Worker Killed Person {number}"))
        assert confirmed(send_answers(browser, check, SELF)) is not None
    accepted_before = len(stack.accepted_by_provider())
    stack.start("worker")
    wait_for("the provider to accept one", lambda: len(stack.accepted_by_provider()) > accepted_before, 30)
    stack.processes["worker"].kill()
    stack.start("worker")
    wait_for("every message sent", lambda: set(outbox_counts(stack)) <= {"sent", "failed"}, 90)
    references = [notification["reference"] for notification in stack.accepted_by_provider()]
    assert len(references) == len(set(references))  # none twice
    sent = stack.postgres.psql("SELECT 'portal-outbox-' || id FROM outbox_message WHERE status = 'sent'").split()
    assert set(sent) <= set(references)  # each recorded as sent was accepted
    assert outbox_counts(stack).get("failed", 0) == 0


@pytest.mark.parametrize("marker", ["Quillon Marrowfax", "07922 334455", "LS6 2QZ", "2QZ", "marker-zanzibar-note"])
def test_no_personal_detail_reaches_any_log(stack, marker):
    """Sent once (first parameter), then every process's log is searched for each marker."""
    if marker == "Quillon Marrowfax":
        browser = person(stack)
        browser.get("/en/directory?postcode=LS6+2QZ&q=marker-zanzibar-note", "search")
        answers = [
            (slug, {**data, "postcode": "LS6 2QZ"} if data and "postcode" in data else data)
            for slug, data in journey_answers(SELF, "Quillon Marrowfax")
        ]
        answers = [
            (slug, {**data, "what_matters": "marker-zanzibar-note"} if data and "what_matters" in data else data)
            for slug, data in answers
        ]
        answers = [
            (slug, {**data, "mobile": "07922 334455"} if data and "mobile" in data else data) for slug, data in answers
        ]
        check = to_check_answers(browser, SELF, answers)
        assert confirmed(send_answers(browser, check, SELF)) is not None
        time.sleep(3)  # the worker sends the confirmation text
    assert marker not in stack.log_text()
