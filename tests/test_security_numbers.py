"""Oversized or odd numbers in a path, a query string or a form give a 404, the default or a
form's own message, never a 500, on SQLite and PostgreSQL alike (issue 10, item 7)."""

from __future__ import annotations

import pytest

from portal.web.numbers import MAX_ID, whole_number
from tests.authz import COORDINATOR, EDITOR_A, MATRIX, build_world, sign_in_as

# Past SQLite's 64 bits; past PostgreSQL's `integer`; nothing; other scripts' digits; too many digits.
ODD_NUMBERS = ["99999999999999999999", str(MAX_ID + 1), "0", "٣", "²", "1" * 5000]
SAMPLE_ARGUMENTS = {"reference": "ABCD2345", "token": "not-a-token", "slug": "about"}


def paths_with_an_id(app, number: str) -> list[tuple[str, str]]:
    """Every route that takes a record's id, with `number` as each id."""
    found = []
    for rule in app.url_map.iter_rules():
        ids = [name for name, converter in rule._converters.items() if type(converter).__name__ == "IdConverter"]
        if not ids:
            continue
        path = rule.rule.replace("<locale:locale>", "en")
        for name in rule.arguments - {"locale"}:
            path = path.replace(f"<id:{name}>", number).replace(f"<{name}>", SAMPLE_ARGUMENTS.get(name, "x"))
        found.extend((method, path) for method in sorted((rule.methods or set()) & {"GET", "POST"}))
    return found


def test_every_integer_in_a_path_is_an_id_with_bounds(app):
    loose = [rule.rule for rule in app.url_map.iter_rules() if "<int" in rule.rule]
    assert loose == []
    assert paths_with_an_id(app, "1")


@pytest.mark.parametrize("actor", [COORDINATOR, EDITOR_A])
@pytest.mark.parametrize("number", ODD_NUMBERS)
def test_an_odd_id_in_any_path_is_not_found(app, client, db, actor, number):
    world = build_world(db)
    sign_in_as(client, db, world.actors[actor])
    token = client.get("/en/account").csrf_token()
    failures = []
    for method, path in paths_with_an_id(app, number):
        response = client.client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        if response.status_code != 404:
            failures.append((method, path[:80], response.status_code))
    assert failures == []


@pytest.mark.parametrize("number", ODD_NUMBERS)
@pytest.mark.parametrize(
    "url",
    [
        "/en/triage?seen={}",
        "/en/triage?page={}",
        "/en/triage/caseload?page={}",
        "/en/audit-log?before={}",
        "/en/directory?page={}",
        "/en/ask-for-a-call-back?listing={}",
    ],
)
def test_an_odd_number_in_a_query_string_is_ignored(client, db, url, number):
    world = build_world(db)
    sign_in_as(client, db, world.actors[COORDINATOR])
    client.get(url.format(number), expected_status=200)


@pytest.mark.parametrize("number", ODD_NUMBERS)
def test_an_odd_version_on_a_case_action_is_a_stale_edit(client, db, number):
    world = build_world(db)
    sign_in_as(client, db, world.actors[COORDINATOR])
    token = client.get("/en/account").csrf_token()
    failures = []
    for row in MATRIX:
        if row.method == "POST" and "version" in row.data(world):
            data = {**row.data(world), "version": number, "csrf_token": token}
            response = client.client.post(row.path(world), data=data)
            if response.status_code >= 500 or response.status_code == 303:
                failures.append((row.endpoint, response.status_code))
    assert failures == []


@pytest.mark.parametrize("number", ODD_NUMBERS)
def test_an_odd_listing_in_a_form_is_refused(client, db, number):
    world = build_world(db)
    page = client.get("/en/sign-in")  # any page with a form: the directory's have none
    for url in ("/en/directory/shortlist", "/en/directory/shortlist/remove"):
        assert client.submit(page, url, {"listing_id": number}).status == 400
    sign_in_as(client, db, world.actors[COORDINATOR])
    held = world.extras["held"]
    db.refresh(held)
    case = client.get(f"/en/triage/referrals/{held.reference}/connect")
    data = {"listings": [number], "version": str(held.version)}
    response = client.submit(case, f"/en/triage/referrals/{held.reference}/suggestions", data)
    assert response.status == 200 and "Select the groups or services to suggest" in response.text()


def test_whole_numbers_are_ascii_digits_within_bounds():
    assert whole_number("42") == 42 and whole_number(" 7 ") == 7 and whole_number(str(MAX_ID)) == MAX_ID
    for odd in (*ODD_NUMBERS[1:], "-1", "1e3", "0x10", "", None, 3):
        assert whole_number(odd, minimum=1) is None, odd
