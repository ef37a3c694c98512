"""Every non-public route, walked as each of the five actors: the exact outcome for each."""

import pytest
from werkzeug.test import TestResponse

from portal.web.access import access_of
from tests.authz import ACTORS, ANONYMOUS, CONFIRM, MATRIX, SIGN_IN, build_world, sign_in_as


def outcome(response: TestResponse) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers["Location"]
        if response.status_code == 302 and "/sign-in" in location:
            return SIGN_IN
        if response.status_code == 302 and "/account/confirm-it-is-you" in location:
            return CONFIRM
    return str(response.status_code)


def test_every_non_public_route_has_a_row_in_the_matrix(app):
    guarded = {
        endpoint
        for endpoint in app.view_functions
        if endpoint != "static" and access_of(app, endpoint) not in (None, "public")
    }
    assert guarded - {row.endpoint for row in MATRIX} == set()


def test_the_matrix_names_only_routes_that_exist(app):
    assert {row.endpoint for row in MATRIX} - set(app.view_functions) == set()


def _request(client, db, world, actor, row):
    if actor == ANONYMOUS:
        token = client.get("/en/sign-in").csrf_token()
    else:
        sign_in_as(client, db, world.actors[actor])
        token = client.get("/en/account").csrf_token()
    path = row.path(world)
    if row.method == "POST":
        return client.client.post(path, data={"csrf_token": token, **row.data(world)})
    return client.client.get(path)


@pytest.mark.parametrize("actor", ACTORS)
def test_each_route_gives_this_actor_exactly_what_it_should(client, db, actor):
    world = build_world(db)
    differences = []
    for row in MATRIX:
        response = _request(client, db, world, actor, row)
        got = outcome(response)
        response.close()  # a streamed export holds a database connection until closed
        if got != row.expect[actor]:
            differences.append((row.endpoint, row.method, f"expected {row.expect[actor]}", f"got {got}"))
    assert differences == [], "\n".join(map(str, differences))
