"""Every route is either marked public or guarded by a role check: a new route without one
fails here before it can leak anything."""

from portal.web.access import access_of


def test_every_route_declares_who_may_use_it(app):
    unguarded = [
        endpoint for endpoint in app.view_functions if endpoint != "static" and access_of(app, endpoint) is None
    ]
    assert unguarded == []
