"""Each endpoint's body, from the request's arguments: what the routes send."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn
from uuid import UUID

from flask import abort
from werkzeug.datastructures import MultiDict

from portal.api import params, queries, serialise
from portal.api.ids import parse
from portal.api.taxonomies import Published, Taxonomy, published
from portal.config import current_scheme
from portal.directory.categories import current_categories
from portal.web.links import public_url

VERSION = "HSDS-UK-3.0"
PROFILE = "https://openreferraluk.org/specifications/3.0/"
SCHEMAS = Path(__file__).with_name("schemas")
Body = dict[str, Any]


def _taxonomies() -> Published:
    return published(current_categories())


def _id_or_404(text: str) -> UUID:
    found = parse(text)
    if found is None:
        abort(404, description="No object has this id.")
    return found


def _not_found(kind: str) -> NoReturn:
    abort(404, description=f"No {kind} is published with this id.")


def root() -> Body:
    scheme = current_scheme()
    return {
        "version": VERSION,
        "profile": PROFILE,
        "openapi_url": public_url("api.show_openapi"),
        "description": f"The groups and services in {scheme.name}'s social prescribing directory.",
        "publisher": {"name": scheme.name, "website": public_url("site.choose_language")},
    }


@lru_cache(maxsize=64)
def schema_file(name: str) -> dict[str, Any] | None:
    """One of our JSON schemas (or the OpenAPI document), by its file name without `.json`."""
    path = SCHEMAS / f"{name}.json"
    known = {item.stem for item in SCHEMAS.glob("*.json")}
    return json.loads(path.read_text()) if name in known else None


def openapi() -> Body:
    document = dict(schema_file("openapi") or {})
    document["servers"] = [{"url": public_url("api.show_root").rstrip("/")}]
    return document


def schema(name: str) -> Body:
    """Served with its `$id` at its own address, so references between them resolve here."""
    found = schema_file(name) if name != "openapi" else None
    if found is None:
        _not_found("schema")
    return {**found, "$id": public_url("api.show_schema", name=name)}


def service_filters(args: MultiDict[str, str], taxonomies: Published) -> queries.ServiceFilters:
    term_id, taxonomy_id = params.identifier(args, "taxonomy_term_id"), params.identifier(args, "taxonomy_id")
    term = taxonomies.term(term_id) if term_id else None
    taxonomy = taxonomies.taxonomy(taxonomy_id) if taxonomy_id else None
    return queries.ServiceFilters(
        search=params.text(args, "search"),
        term=term,
        taxonomy=taxonomy,
        organisation=params.identifier(args, "organization_id"),
        modified_after=params.moment(args, "modified_after"),
        unknown=(term_id is not None and term is None) or (taxonomy_id is not None and taxonomy is None),
    )


def services(args: MultiDict[str, str]) -> Body:
    page = params.page_request(args)
    total, listings = queries.services(service_filters(args, _taxonomies()), page)
    return page.body(total, [serialise.service_summary(listing) for listing in listings])


def service(service_id: str) -> Body:
    listing = queries.service(_id_or_404(service_id))
    if listing is None:
        _not_found("service")
    return serialise.service(listing, _taxonomies(), current_scheme().county)


def _near(args: MultiDict[str, str]) -> queries.Near | None:
    postcode, metres = params.text(args, "postcode"), params.proximity(args)
    if not postcode:
        if metres is not None:
            params.bad_request("proximity needs a postcode to measure from")
        return None
    found = queries.place_of(postcode)
    if found is None:
        params.bad_request("postcode must be a UK postcode or outward code we know, like LS6 1AN or LS6")
    return queries.Near(found[0], found[1], metres)


def service_at_locations(args: MultiDict[str, str]) -> Body:
    page = params.page_request(args)
    filters, near = service_filters(args, _taxonomies()), _near(args)
    total, rows = queries.service_at_locations(filters, near, page)
    county = current_scheme().county
    contents = [
        serialise.service_at_location(listing, place, county, with_service=serialise.service_summary(listing))
        for listing, place in rows
    ]
    return page.body(total, contents)


def service_at_location(item_id: str) -> Body:
    found = queries.service_at_location(_id_or_404(item_id))
    if found is None:
        _not_found("service at location")
    listing, place = found
    county = current_scheme().county
    full = serialise.service(listing, _taxonomies(), county)
    return serialise.service_at_location(listing, place, county, with_service=full)


def organizations(args: MultiDict[str, str]) -> Body:
    page = params.page_request(args)
    total, found = queries.organisations(params.text(args, "search"), page)
    return page.body(total, [serialise.organization(organisation) for organisation in found])


def organization(organisation_id: str) -> Body:
    found = queries.organisation(_id_or_404(organisation_id))
    if found is None:
        _not_found("organization")
    body = serialise.organization(found, full=True)
    body["services"] = [serialise.service_summary(listing) for listing in queries.services_of(found.id)]
    return body


def _matches(name: str, search: str) -> bool:
    return not search or search.casefold() in name.casefold()


def taxonomies(args: MultiDict[str, str]) -> Body:
    page, search = params.page_request(args), params.text(args, "search")
    found = [item for item in _taxonomies().taxonomies if _matches(item.name, search)]
    shown = found[page.offset : page.offset + page.size]
    return page.body(len(found), [serialise.taxonomy(item, _taxonomy_uri(item)) for item in shown])


def taxonomy(taxonomy_id: str) -> Body:
    found = _taxonomies().taxonomy(_id_or_404(taxonomy_id))
    if found is None:
        _not_found("taxonomy")
    return serialise.taxonomy(found, _taxonomy_uri(found))


def _taxonomy_uri(item: Taxonomy) -> str:
    return public_url("api.show_taxonomy", taxonomy_id=str(item.id))


def taxonomy_terms(args: MultiDict[str, str]) -> Body:
    """Our taxonomies are flat: every term is at the top, and none has a parent."""
    page, search = params.page_request(args), params.text(args, "search")
    taxonomy_id, parent_id = params.identifier(args, "taxonomy_id"), params.identifier(args, "parent_id")
    params.boolean(args, "top_only")
    found = [
        term
        for term in _taxonomies().terms
        if _matches(term.name, search) and (taxonomy_id is None or term.taxonomy.id == taxonomy_id)
    ]
    found = [] if parent_id is not None else found
    shown = found[page.offset : page.offset + page.size]
    return page.body(len(found), [serialise.taxonomy_term(term) for term in shown])


def taxonomy_term(term_id: str) -> Body:
    found = _taxonomies().term(_id_or_404(term_id))
    if found is None:
        _not_found("taxonomy term")
    return serialise.taxonomy_term(found)
