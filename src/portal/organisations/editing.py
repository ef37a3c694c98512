"""The listing editor's form and a listing snapshot, both ways; postcodes looked up on the
way in so the search can place the listing."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from wtforms import Field

from portal.config import current_scheme
from portal.db import session
from portal.directory.categories import current_categories
from portal.geo.lookup import Place, find_place
from portal.organisations.forms import TRANSLATABLE_LOCALES, ListingForm, parse_time
from portal.web.forms import normalise_postcode

SIMPLE_FIELDS = (
    "name", "summary", "description", "categories", "audiences", "attending_type", "attending_access",
    "fees_description", "accessibility", "languages", "capacity", "email", "phone", "url",
)  # fmt: skip


def snapshot_from_form(form: ListingForm, published: dict[str, Any] | None = None) -> dict[str, Any]:
    """The form's answers as a listing snapshot; status fields come from the published version."""
    data: dict[str, Any] = {name: getattr(form, name).data for name in SIMPLE_FIELDS}
    data["categories"] = _categories(data["categories"], published)
    for name in ("email", "phone", "url"):
        data[name] = data[name] or None
    data["is_free"] = form.is_free.data == "yes"
    data["minimum_age"] = data["maximum_age"] = None
    data["status"] = (published or {}).get("status", "active")
    data["status_message"] = (published or {}).get("status_message", "")
    known = {place["postal_code"]: place for place in (published or {}).get("locations", [])}
    data["locations"] = [_location(row.form, known) for row in form.locations if not row.form.is_empty()]
    spaces = {_session_key(item): item.get("capacity") for item in (published or {}).get("schedules", [])}
    data["schedules"] = [_session(row.form, spaces) for row in form.sessions if not row.form.is_empty()]
    data["translations"] = _translations(form, published)
    return data


def translated_locales() -> tuple[str, ...]:
    """The languages an editor can give their own name and summary in: those the scheme offers."""
    return tuple(code for code in current_app.config["SETTINGS"].locales if code in TRANSLATABLE_LOCALES)


def _translations(form: ListingForm, published: dict[str, Any] | None) -> list[dict[str, str]]:
    """The editor's translations in the offered languages; one in a language the scheme no
    longer offers stays as it was, ready for when it is offered again."""
    offered = translated_locales()
    from_form = [
        {
            "locale": code,
            "name": getattr(form, f"name_{code}").data or "",
            "summary": getattr(form, f"summary_{code}").data or "",
        }
        for code in offered
        if getattr(form, f"name_{code}").data or getattr(form, f"summary_{code}").data
    ]
    kept = [item for item in (published or {}).get("translations", []) if item["locale"] not in offered]
    return sorted(from_form + kept, key=lambda item: item["locale"])


def _categories(chosen: list[str], published: dict[str, Any] | None) -> list[str]:
    """Retired categories are no longer offered, but a listing that has one keeps it; what was
    there keeps its place, so an unchanged listing shows no change."""
    vocabulary = current_categories()
    before = (published or {}).get("categories", [])
    kept = [code for code in before if code in chosen or not vocabulary.is_active(code)]
    return kept + [code for code in chosen if code not in kept]


def _location(row: Any, known: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A place's id and coordinates: kept when its postcode has not changed, else looked up."""
    postcode = normalise_postcode(row.postal_code.data or "")
    place_id = known[postcode].get("uuid") if postcode in known else None
    if postcode in known:
        latitude, longitude = known[postcode].get("latitude"), known[postcode].get("longitude")
    else:
        place = find_place(session, postcode, current_scheme().outward_codes) if postcode else None
        found = place if isinstance(place, Place) else None
        latitude, longitude = (found.latitude, found.longitude) if found else (None, None)
    return {
        "uuid": place_id,
        "name": row.name.data or "",
        "address_1": row.address_1.data or "",
        "city": row.city.data or "",
        "postal_code": postcode,
        "latitude": latitude,
        "longitude": longitude,
    }


def _session_key(item: dict[str, Any]) -> tuple[str, int, str]:
    return (str(item.get("byday") or ""), int(item.get("interval") or 1), str(item.get("opens_at") or "")[:5])


def _session(row: Any, spaces: dict[tuple[str, int, str], str | None]) -> dict[str, Any]:
    """A session the editor kept unchanged keeps the space set for it (`directory.space`)."""
    session_data = _session_fields(row)
    session_data["capacity"] = spaces.get(_session_key(session_data))
    return session_data


def _session_fields(row: Any) -> dict[str, Any]:
    return {
        "kind": "recurring",
        "freq": "WEEKLY",
        "interval": int(row.interval.data or 1),
        "byday": row.byday.data or "",
        "description": "",
        "location": 0,
        "dtstart": None,
        "until": None,
        "opens_at": parse_time(row.opens_at.data or ""),
        "closes_at": parse_time(row.closes_at.data or ""),
    }


def form_data(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What `ListingForm(data=...)` needs to show a snapshot."""
    data = {name: snapshot.get(name) for name in SIMPLE_FIELDS}
    data["is_free"] = "yes" if snapshot.get("is_free", True) else "no"
    data["locations"] = snapshot.get("locations") or [{}]
    data["sessions"] = [
        {
            "byday": item.get("byday", ""),
            "interval": str(item.get("interval") or 1),
            "opens_at": (item.get("opens_at") or "")[:5],
            "closes_at": (item.get("closes_at") or "")[:5],
        }
        for item in snapshot.get("schedules", [])
        if item.get("kind", "recurring") == "recurring"
    ] or [{}]
    for translation in snapshot.get("translations", []):
        if translation["locale"] in TRANSLATABLE_LOCALES:
            data[f"name_{translation['locale']}"] = translation.get("name", "")
            data[f"summary_{translation['locale']}"] = translation.get("summary", "")
    return data


def check_attributes(field: Field) -> dict[str, str]:
    """htmx on a field the editor checks on its own: post the form when it changes and take only
    the field's message slot from the answer (the last change wins), never the field itself."""
    slot = f"#{field.id}-check"
    return {
        "hx-post": url_for("organisations.check_listing_field", field=field.name),
        "hx-trigger": "change",
        "hx-target": slot,
        "hx-select": slot,
        "hx-swap": "outerHTML",
        "hx-sync": "closest .form-group:replace",
    }
