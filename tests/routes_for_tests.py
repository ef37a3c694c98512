"""Routes that exist only in tests, to reach the error pages a real route rarely produces."""

from flask import Blueprint, Response, abort

from portal.extensions import limiter
from portal.web.access import public_blueprint

test_routes = public_blueprint(Blueprint("test_routes", __name__))


@test_routes.get("/<locale:locale>/test/forbidden")
def forbidden() -> str:
    abort(403)


@test_routes.get("/<locale:locale>/test/broken")
def broken() -> str:
    raise RuntimeError("something went wrong")


@test_routes.post("/<locale:locale>/test/form")
def form() -> Response:
    return Response("sent", mimetype="text/plain")


@test_routes.get("/<locale:locale>/test/limited")
@limiter.limit("2 per minute")
def limited() -> Response:
    return Response("ok", mimetype="text/plain")


@test_routes.get("/<locale:locale>/test/bad-request")
def bad_request() -> str:
    abort(400)
