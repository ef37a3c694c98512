"""No route sends a browser to another site, whatever "back to" or "next" value it is given
(issue 10, item 6): every route, as each kind of actor, GET and POST, with hostile values in
the query string and the form."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from werkzeug.routing import AnyConverter

from tests.authz import ANONYMOUS, COORDINATOR, EDITOR_A, LINK_WORKER, MATRIX, World, build_world, sign_in_as

HOSTILE_TARGETS = [
    "https://evil.example/phish",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "/\r\nLocation: https://evil.example",
]
# Every name a route could read a place to go back to from.
TARGET_NAMES = ("next", "back_to", "back", "return", "return_to", "redirect", "continue", "url", "search")
SAMPLES = {"journey": "refer-yourself", "step": "urgent", "slug": "privacy", "token": "not-a-token"}


def hostile(target: str) -> dict[str, str]:
    return dict.fromkeys(TARGET_NAMES, target)


def sample_path(app: Flask, rule, world: World) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if name == "locale":
            values[name] = "en"
        elif isinstance(converter, AnyConverter):
            values[name] = SAMPLES[name] if SAMPLES.get(name) in converter.items else sorted(converter.items)[0]
        elif type(converter).__name__ in ("IdConverter", "IntegerConverter"):
            values[name] = world.organisation_a.id
        elif name == "reference":
            values[name] = world.extras["held"].reference
        else:
            values[name] = SAMPLES.get(name, "x")
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values)


def every_request(app: Flask, world: World) -> list[tuple[str, str, dict[str, str]]]:
    """(method, path, form data) for each route: the matrix's real paths and data where it has
    them, else a path built from sample values."""
    known = {(row.endpoint, row.method): (row.path(world), row.data(world)) for row in MATRIX}
    # First, a branch the rest do not reach (and that later requests would change): taking a
    # case someone else already holds.
    requests = [("POST", f"/en/triage/referrals/{world.extras['held'].reference}/take", {})]
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("test_routes."):
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            path, data = known.get((rule.endpoint, method)) or (sample_path(app, rule, world), {})
            requests.append((method, path, data))
    return requests


def leaves_the_site(app: Flask, location: str) -> bool:
    """Anywhere but a path on this site, or the neutral site Exit this page goes to."""
    if location == app.config["SETTINGS"].scheme.exit_url:
        return False
    path = location.removeprefix("http://localhost")
    parts = urlsplit(path)
    return (
        bool(parts.scheme or parts.netloc)
        or not path.startswith("/")
        or path.startswith(("//", "/\\"))
        or any(not character.isprintable() or character.isspace() for character in path)
    )


def links_off_the_site(html: str) -> bool:
    soup = BeautifulSoup(html, "html.parser")
    targets = [
        tag.get(name) or "" for name in ("href", "action", "formaction") for tag in soup.find_all(attrs={name: True})
    ]
    return any("evil.example" in (urlsplit(target.strip()).netloc or target.split("?")[0]) for target in targets)


@pytest.mark.parametrize("actor", [ANONYMOUS, EDITOR_A, LINK_WORKER, COORDINATOR])
def test_no_route_redirects_to_a_hostile_target(app, client, db, actor):
    world = build_world(db)
    if actor != ANONYMOUS:
        sign_in_as(client, db, world.actors[actor])
    token = client.get("/en/sign-in" if actor == ANONYMOUS else "/en/account").csrf_token()
    escapes = []
    for method, path, data in every_request(app, world):
        for target in HOSTILE_TARGETS:
            query = hostile(target)
            form = {**data, **query, "csrf_token": token} if method == "POST" else None
            url = f"{path}{'&' if '?' in path else '?'}{urlencode(query)}"
            response = client.client.open(url, method=method, data=form)
            location = response.headers.get("Location") or response.headers.get("HX-Redirect")
            if location and leaves_the_site(app, location):
                escapes.append((method, path, target, location))
            if response.mimetype == "text/html" and links_off_the_site(response.get_data(as_text=True)):
                escapes.append((method, path, target, "a link on the page"))
            response.close()
    assert escapes == []


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_taking_a_case_someone_else_holds_goes_back_to_the_queue(client, db, target):
    world = build_world(db)
    sign_in_as(client, db, world.actors[LINK_WORKER])
    queue = client.get("/en/triage")
    held = world.extras["held"]
    response = client.submit(queue, f"/en/triage/referrals/{held.reference}/take", {"back_to": target})
    assert response.status == 303 and response.response.headers["Location"] == "/en/triage"


def test_a_path_on_this_site_is_kept_and_nothing_else():
    from portal.web.redirects import own_path

    assert own_path("/en/triage?page=2", "/fallback") == "/en/triage?page=2"
    for target in (*HOSTILE_TARGETS, "", None, "triage", "/" + "x" * 3000):
        assert own_path(target, "/fallback") == "/fallback", target
