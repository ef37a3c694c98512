"""An ORUK 3.0 service (checked against the schema already) as one of our listing snapshots
(`directory.snapshots`), and an organization as our organisation's fields.

What the standard says and we keep: names, the description (split back into our summary and
description where it was written as ours is), status and alert, contact details, ages, cost,
languages, places with their addresses and coordinates, sessions, and the terms of our own
taxonomies. Other taxonomies' terms become kinds of activity through the coordinator's
mapping file; those it does not name are handed back to be reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

from portal.api import ids
from portal.api.mapping import IGNORED, TermMapping
from portal.api.serialise import ANY_TIME, BY_APPOINTMENT, EVERY_DAY
from portal.api.taxonomies import KINDS_OF_ACTIVITY, Published
from portal.directory import vocabulary as v
from portal.directory.schedules import parse_byday
from portal.web.forms import clean_text, normalise_email, normalise_postcode

STATUSES = {"active": "active", "temporarily closed": "paused", "inactive": "closed", "defunct": "closed"}
ACCESS_BY_LABEL = {v.msgid(term.label).casefold(): term.code for term in v.ACCESS_FEATURES}
TIME = re.compile(r"^(\d{1,2}):(\d{2})")
Locate = Callable[[str], tuple[float, float] | None]
Json = dict[str, Any]


def clip(value: object, limit: int) -> str:
    text = clean_text(value) if isinstance(value, str) else ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Terms:
    """What a service's attributes say, sorted into our fields."""

    by_field: dict[str, list[str]] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)

    def add(self, listing_field: str, code: str) -> None:
        codes = self.by_field.setdefault(listing_field, [])
        if code not in codes:
            codes.append(code)


def _terms(service: Json, taxonomies: Published, mapping: TermMapping) -> Terms:
    found = Terms()
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {"id": attribute.get("taxonomy_term_id")}
        ours = taxonomies.term(ids.parse(str(term.get("id") or "")) or ids.NOWHERE)
        meaning = mapping.meaning(term)
        if meaning is not None:
            if meaning != IGNORED:
                found.add(KINDS_OF_ACTIVITY.listing_field, meaning)
        elif ours is not None:
            found.add(ours.taxonomy.listing_field, ours.code)
        else:
            found.unmapped.append(clip(term.get("name") or term.get("code") or term.get("id") or "?", 120))
    return found


def _summary_and_description(text: str) -> tuple[str, str]:
    first, _gap, rest = text.partition("\n\n")
    if len(first) <= 300:
        return first.strip(), rest.strip()
    return clip(first, 300), text.strip()


def _cost(service: Json) -> tuple[bool, str]:
    options = service.get("cost_options") or []
    texts = [clip(option.get("amount_description"), 300) for option in options if option.get("amount_description")]
    fees = clip(service.get("fees_description"), 300) or "; ".join(texts)[:300]
    if options:
        return all(option.get("amount") == 0 for option in options), fees
    return (not fees or "free" in fees.casefold()), fees


def _age(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and 0 <= value <= 130 else None


def _first_phone(service: Json) -> str | None:
    phones = [*(service.get("phones") or [])]
    for contact in service.get("contacts") or []:
        phones += contact.get("phones") or []
    numbers = [clip(phone.get("number"), 40) for phone in phones if phone.get("number")]
    return numbers[0] if numbers else None


def _email(service: Json) -> str | None:
    candidates = [service.get("email"), *(contact.get("email") for contact in service.get("contacts") or [])]
    for candidate in candidates:
        if isinstance(candidate, str) and (email := normalise_email(candidate)) and len(email) <= 254:
            return email
    return None


def _url(value: object) -> str | None:
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) <= 500 else None


def _place(sal: Json, locate: Locate) -> Json | None:
    location = sal.get("location") or {}
    if location.get("location_type") == "virtual":
        return None
    addresses = location.get("addresses") or []
    address = next((a for a in addresses if a.get("address_type") == "physical"), addresses[0] if addresses else {})
    postcode = normalise_postcode(str(address.get("postal_code") or ""))
    postcode = postcode if len(postcode) <= 8 else ""
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if (latitude is None or longitude is None) and postcode:
        latitude, longitude = locate(postcode) or (None, None)
    return {
        "uuid": sal.get("id"),
        "name": clip(location.get("name"), 200),
        "address_1": clip(", ".join(filter(None, (address.get("address_1"), address.get("address_2")))), 200),
        "city": clip(address.get("city"), 100),
        "postal_code": postcode,
        "latitude": latitude,
        "longitude": longitude,
    }


def _places(service: Json, locate: Locate) -> tuple[list[Json], dict[str, int], bool]:
    """Our places, each feed id (of the service at location and of its location) to its
    position, and whether the service is also offered at a virtual location."""
    places: list[Json] = []
    positions: dict[str, int] = {}
    virtual = False
    for sal in service.get("service_at_locations") or []:
        place = _place(sal, locate)
        if place is None:
            virtual = True
            continue
        for key in (sal.get("id"), (sal.get("location") or {}).get("id")):
            if key:
                positions[str(key)] = len(places)
        places.append(place)
    return places, positions, virtual


def _time(value: object) -> str | None:
    """Wall-clock time as the feed gives it; an offset or "Z" is dropped, our times being local."""
    match = TIME.match(value) if isinstance(value, str) else None
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2))).isoformat(timespec="minutes")


def _date(value: object) -> str | None:
    try:
        return date.fromisoformat(value).isoformat() if isinstance(value, str) else None
    except ValueError:
        return None


def _schedule(item: Json, positions: dict[str, int]) -> Json:
    byday = ",".join(part.strip().upper() for part in str(item.get("byday") or "").split(",") if part.strip())
    byday = byday if parse_byday(byday) and len(byday) <= 40 else ""
    description = clip(item.get("description"), 200)
    description = "" if description in (ANY_TIME, BY_APPOINTMENT) else description
    opens, closes = _time(item.get("opens_at")), _time(item.get("closes_at"))
    link = item.get("service_at_location_id") or item.get("location_id")
    common = {"description": description, "location": positions.get(str(link)) if link else None,
              "freq": None, "interval": 1, "byday": "", "dtstart": None, "until": None, "opens_at": None,
              "closes_at": None, "capacity": None}  # fmt: skip
    if not (item.get("freq") in ("WEEKLY", "MONTHLY") and byday):
        return {**common, "kind": "by_appointment"}
    if item.get("freq") == "WEEKLY" and byday == EVERY_DAY and not (opens or closes):
        return {**common, "kind": "any_time"}
    interval = item.get("interval")
    return {
        **common,
        "kind": "recurring",
        "freq": item["freq"],
        "interval": int(interval) if isinstance(interval, int | float) and 1 <= interval <= 52 else 1,
        "byday": byday,
        "dtstart": _date(item.get("dtstart")) or _date(item.get("valid_from")),
        "until": _date(item.get("until")) or _date(item.get("valid_to")),
        "opens_at": opens,
        "closes_at": closes,
    }


def _schedules(service: Json, positions: dict[str, int]) -> list[Json]:
    items = [*(service.get("schedules") or [])]
    for sal in service.get("service_at_locations") or []:
        items += [{"service_at_location_id": sal.get("id"), **item} for item in sal.get("schedules") or []]
    seen: set[str] = set()
    result = []
    for item in items:
        if item.get("id") not in seen:
            seen.add(str(item.get("id")))
            result.append(_schedule(item, positions))
    return result


def _delivery(terms: Terms, places: list[Json], virtual: bool, service: Json) -> list[str]:
    if terms.by_field.get("attending_type"):
        return terms.by_field["attending_type"]
    delivery = ["in_person"] if places else []
    if virtual or (not places and service.get("url")):
        delivery.append("online")
    if not places and not virtual and _first_phone(service):
        delivery.append("phone")
    return delivery


def _languages(service: Json) -> list[str]:
    codes = [str(language.get("code") or "")[:2].lower() for language in service.get("languages") or []]
    return [code for code in dict.fromkeys(codes) if code in v.LANGUAGE_CODES]


def _accessibility(service: Json) -> list[str]:
    found = []
    for sal in service.get("service_at_locations") or []:
        for item in (sal.get("location") or {}).get("accessibility") or []:
            code = ACCESS_BY_LABEL.get(str(item.get("description") or "").strip().casefold())
            if code and code not in found:
                found.append(code)
    return found


def checked_at(service: Json) -> str | None:
    """The feed's `assured_date`, as our `last_checked_at`."""
    day = _date(service.get("assured_date"))
    return datetime.combine(date.fromisoformat(day), time.min, UTC).isoformat() if day else None


def listing_snapshot(
    service: Json, taxonomies: Published, mapping: TermMapping, locate: Locate
) -> tuple[Json, list[str]]:
    """The snapshot, and the names of the terms nothing maps to."""
    terms = _terms(service, taxonomies, mapping)
    places, positions, virtual = _places(service, locate)
    is_free, fees = _cost(service)
    summary, description = _summary_and_description(str(service.get("description") or ""))
    access = terms.by_field.get("attending_access", [])
    snapshot = {
        "name": clip(service.get("name"), 200),
        "summary": summary,
        "description": description,
        "categories": terms.by_field.get("categories", []),
        "audiences": terms.by_field.get("audiences", []),
        "minimum_age": _age(service.get("minimum_age")),
        "maximum_age": _age(service.get("maximum_age")),
        "is_free": is_free,
        "fees_description": fees,
        "attending_access": access[0] if access else "book_first",
        "attending_type": _delivery(terms, places, virtual, service),
        "accessibility": _accessibility(service),
        "languages": _languages(service),
        "email": _email(service),
        "phone": _first_phone(service),
        "url": _url(service.get("url")),
        "capacity": "open",
        "status": STATUSES[service["status"]],
        "status_message": clip(service.get("alert"), 300),
        "last_checked_at": checked_at(service),
        "locations": places,
        "schedules": _schedules(service, positions),
        "translations": [],
    }
    return snapshot, terms.unmapped


IDENTIFIER_FIELDS = {"GB-CHC": "charity_number", "GB-COH": "company_number"}


def organisation_fields(organization: Json) -> Json:
    fields: Json = {
        "name": clip(organization.get("name"), 200),
        "description": clean_text(organization.get("description") or ""),
        "website": _url(organization.get("website")),
        "charity_number": None,
        "company_number": None,
    }
    for identifier in organization.get("organization_identifiers") or []:
        name = IDENTIFIER_FIELDS.get(str(identifier.get("identifier_scheme") or ""))
        value = clip(identifier.get("identifier"), 20)
        if name and value:
            fields[name] = value
    return fields


def feed_uuid(value: object) -> UUID | None:
    return ids.parse(value) if isinstance(value, str) else None
