"""The Open Referral UK 3.0 read API at `/api/oruk/`: public, read-only (GET only; no
cookies, sessions or CSRF), rate limited per address and cacheable (`responses`)."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.wrappers import Response

from portal.api import pages
from portal.api.responses import api_response
from portal.extensions import limiter
from portal.web.access import public_blueprint

PREFIX = "/api/oruk"
ITEM_ID = "<string(maxlength=100):{name}>"

api = public_blueprint(Blueprint("api", __name__))
limiter.limit(lambda: str(current_app.config["SETTINGS"].api_rate_limit))(api)


@api.get("/")
def show_root() -> Response:
    return api_response(pages.root())


@api.get("/openapi.json")
def show_openapi() -> Response:
    return api_response(pages.openapi())


@api.get("/schemas/<string(maxlength=60):name>.json")
def show_schema(name: str) -> Response:
    return api_response(pages.schema(name))


@api.get("/services")
def list_services() -> Response:
    return api_response(pages.services(request.args))


@api.get("/services/" + ITEM_ID.format(name="service_id"))
def show_service(service_id: str) -> Response:
    return api_response(pages.service(service_id))


@api.get("/service_at_locations")
def list_service_at_locations() -> Response:
    return api_response(pages.service_at_locations(request.args))


@api.get("/service_at_locations/" + ITEM_ID.format(name="item_id"))
def show_service_at_location(item_id: str) -> Response:
    return api_response(pages.service_at_location(item_id))


@api.get("/organizations")
def list_organizations() -> Response:
    return api_response(pages.organizations(request.args))


@api.get("/organizations/" + ITEM_ID.format(name="organisation_id"))
def show_organization(organisation_id: str) -> Response:
    return api_response(pages.organization(organisation_id))


@api.get("/taxonomies")
def list_taxonomies() -> Response:
    return api_response(pages.taxonomies(request.args))


@api.get("/taxonomies/" + ITEM_ID.format(name="taxonomy_id"))
def show_taxonomy(taxonomy_id: str) -> Response:
    return api_response(pages.taxonomy(taxonomy_id))


@api.get("/taxonomy_terms")
def list_taxonomy_terms() -> Response:
    return api_response(pages.taxonomy_terms(request.args))


@api.get("/taxonomy_terms/" + ITEM_ID.format(name="term_id"))
def show_taxonomy_term(term_id: str) -> Response:
    return api_response(pages.taxonomy_term(term_id))
