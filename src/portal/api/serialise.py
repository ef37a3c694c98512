"""Listings and organisations as Open Referral UK 3.0 objects (`schemas/`).

Only what the public directory shows: never an organisation's own email or phone (they may
be a volunteer's), a draft, a pending change, a reporter or anything about referrals. A
listing's summary and description travel together as the service `description` (summary,
blank line, description), which the importer splits again. Empty values are left out,
never sent as null or "" (`compact`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from babel import Locale

from portal.api.ids import part_of
from portal.api.queries import PlaceRow, ServiceRow
from portal.api.taxonomies import FIXED, KINDS_OF_ACTIVITY, Published, Taxonomy, Term
from portal.directory import vocabulary as v
from portal.directory.models import Listing, ListingStatus, Location, Schedule, ScheduleKind
from portal.organisations.models import Organisation

STATUS = {
    ListingStatus.ACTIVE: "active",
    ListingStatus.PAUSED: "temporarily closed",
    ListingStatus.CLOSED: "inactive",
}
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
ANY_TIME, BY_APPOINTMENT = "Any time", "By appointment"
IDENTIFIERS = (("charity_number", "GB-CHC", "Charity number"), ("company_number", "GB-COH", "Company number"))
Json = dict[str, Any]


def _compact(data: Json) -> Json:
    kept: Json = compact(data)
    return kept


def _kept(data: Json) -> Json:
    """`compact` for an object whose values are already compact: a page's hot path."""
    return {key: item for key, item in data.items() if item not in (None, "", [], {})}


def compact(value: Any) -> Any:
    """Leave out None, empty strings and empty lists and objects, at every depth."""
    if isinstance(value, dict):
        kept = {key: compact(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (compact(item) for item in value) if item not in (None, "", [], {})]
    return value


def _id(value: UUID) -> str:
    return str(value)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def organization(organisation: Organisation, *, full: bool = False) -> Json:
    """`full` adds what the list form leaves out (its registered numbers)."""
    data: Json = {
        "id": _id(organisation.uuid),
        "name": organisation.name,
        # Required by the standard; a name is the best description we have when it has none.
        "description": organisation.description or organisation.name,
        "website": organisation.website,
    }
    if full:
        data["organization_identifiers"] = [
            {
                "id": _id(part_of(organisation.uuid, "identifier", scheme)),
                "organization_id": _id(organisation.uuid),
                "identifier_scheme": scheme,
                "identifier_type": label,
                "identifier": getattr(organisation, field),
            }
            for field, scheme, label in IDENTIFIERS
            if getattr(organisation, field)
        ]
    return _compact(data)


def service_summary(listing: ServiceRow) -> Json:
    """The one-to-one fields: what a list of services carries."""
    return _kept(
        {
            "id": _id(listing.uuid),
            "organization_id": _id(listing.organisation_uuid),
            "name": listing.name,
            "description": "\n\n".join(part for part in (listing.summary, listing.description) if part),
            "url": listing.url,
            "email": listing.email,
            "status": STATUS[ListingStatus(listing.status)],
            "fees_description": listing.fees_description,
            "minimum_age": listing.minimum_age,
            "maximum_age": listing.maximum_age,
            "assured_date": listing.last_checked_at.date().isoformat(),
            "alert": listing.status_message,
            "last_modified": _timestamp(listing.updated_at),
        }
    )


def service(listing: Listing, taxonomies: Published, county: str) -> Json:
    """A service with everything nested, as `/services/{id}` gives it."""
    service_id = _id(listing.uuid)
    data = service_summary(ServiceRow.of(listing))
    data.update(
        organization=organization(listing.organisation, full=True),
        service_at_locations=[service_at_location(listing, place, county) for place in listing.locations],
        schedules=[schedule(listing, item, index) for index, item in enumerate(listing.schedules)],
        cost_options=[cost_option(listing)],
        languages=[
            {"id": _id(part_of(listing.uuid, "language", code)), "service_id": service_id,
             "name": _language_name(code), "code": code}
            for code in listing.languages
        ],
        contacts=[{"id": _id(part_of(listing.uuid, "contact")), "service_id": service_id, "email": listing.email}]
        if listing.email else [],
        phones=[{"id": _id(part_of(listing.uuid, "phone")), "service_id": service_id, "number": listing.phone}]
        if listing.phone else [],
        attributes=[attribute(listing, term) for term in terms_of_listing(listing, taxonomies)],
    )  # fmt: skip
    return _compact(data)


def _language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, LookupError):
        return code


def terms_of_listing(listing: Listing, taxonomies: Published) -> list[Term]:
    chosen: list[tuple[Taxonomy, list[str]]] = [(KINDS_OF_ACTIVITY, listing.categories)]
    for taxonomy, _terms in FIXED:
        value = getattr(listing, taxonomy.listing_field)
        chosen.append((taxonomy, [value] if isinstance(value, str) else list(value)))
    return [term for taxonomy, codes in chosen for term in taxonomies.terms_of(taxonomy, codes)]


def attribute(listing: Listing, term: Term) -> Json:
    return {
        "id": _id(part_of(listing.uuid, "attribute", str(term.id))),
        "link_id": _id(listing.uuid),
        "link_type": term.taxonomy.key,
        "link_entity": "service",
        "taxonomy_term_id": _id(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


def cost_option(listing: Listing) -> Json:
    data: Json = {"id": _id(part_of(listing.uuid, "cost_option")), "service_id": _id(listing.uuid), "currency": "GBP"}
    if listing.is_free:
        data.update(option="Free", amount=0, amount_description=listing.fees_description)
    else:
        data.update(amount_description=listing.fees_description or "There is a charge")
    return _compact(data)


def schedule(listing: Listing, item: Schedule, index: int) -> Json:
    data: Json = {
        "id": _id(part_of(listing.uuid, "schedule", index)),
        "service_id": _id(listing.uuid),
        "service_at_location_id": _id(item.location.uuid) if item.location is not None else None,
        "description": item.description,
    }
    if item.kind == ScheduleKind.ANY_TIME:
        data.update(freq="WEEKLY", interval=1, byday=EVERY_DAY, description=item.description or ANY_TIME)
    elif item.kind == ScheduleKind.BY_APPOINTMENT:
        data.update(description=item.description or BY_APPOINTMENT)
    else:
        data.update(
            freq=item.freq or "WEEKLY",
            interval=item.interval,
            byday=item.byday,
            dtstart=item.dtstart.isoformat() if item.dtstart else None,
            valid_from=item.dtstart.isoformat() if item.dtstart else None,
            valid_to=item.until.isoformat() if item.until else None,
            until=item.until.isoformat() if item.until else None,
            opens_at=item.opens_at.isoformat(timespec="minutes") if item.opens_at else None,
            closes_at=item.closes_at.isoformat(timespec="minutes") if item.closes_at else None,
        )
    return _compact(data)


def location(listing: Listing | ServiceRow, place: Location | PlaceRow, county: str) -> Json:
    location_id = _id(part_of(place.uuid, "location"))
    address = {
        "id": _id(part_of(place.uuid, "address")),
        "location_id": location_id,
        "address_1": place.address_1 or place.name,
        "city": place.city,
        "state_province": county,
        "postal_code": place.postal_code,
        "country": "GB",
        "address_type": "physical",
    }
    # The standard requires every part of an address: a partial one is left out.
    complete = all(address[part] for part in ("address_1", "city", "postal_code", "state_province"))
    return _kept(
        {
            "id": location_id,
            "location_type": "physical",
            "name": place.name,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "addresses": [address] if complete else [],
            "accessibility": [
                {
                    "id": _id(part_of(place.uuid, "accessibility", code)),
                    "location_id": location_id,
                    "description": v.msgid(v.ACCESS_BY_CODE[code].label),
                }
                for code in listing.accessibility
                if code in v.ACCESS_BY_CODE
            ],
        }
    )


def service_at_location(
    listing: Listing | ServiceRow, place: Location | PlaceRow, county: str, *, with_service: Json | None = None
) -> Json:
    return _kept(
        {
            "id": _id(place.uuid),
            "service_id": _id(listing.uuid),
            "location_id": _id(part_of(place.uuid, "location")),
            "location": location(listing, place, county),
            "service": with_service,
        }
    )


def taxonomy(item: Taxonomy, uri: str) -> Json:
    return {"id": _id(item.id), "name": item.name, "description": item.description, "uri": uri}


def taxonomy_term(term: Term) -> Json:
    return {
        "id": _id(term.id),
        "code": term.code,
        "name": term.name,
        "description": term.name,
        "taxonomy_id": _id(term.taxonomy.id),
        "language": "en",
    }
