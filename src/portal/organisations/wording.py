"""How revisions and statuses are named on the editors' and coordinators' pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from markupsafe import Markup

from portal.directory import vocabulary as v
from portal.directory.labels import access_label, category_label, describe_schedule
from portal.directory.snapshots import schedule_from_dict
from portal.i18n import _l
from portal.organisations.word_diff import changed_words

FIELD_LABELS = {
    "name": _l("Name"), "summary": _l("Summary"), "description": _l("Description"),
    "categories": _l("Kinds of activity"), "audiences": _l("Who it is for"), "minimum_age": _l("Youngest age"),
    "maximum_age": _l("Oldest age"), "is_free": _l("Free"), "fees_description": _l("Cost"),
    "attending_access": _l("How people join"), "attending_type": _l("How people take part"),
    "accessibility": _l("Access"), "languages": _l("Languages spoken"), "email": _l("Email address"),
    "phone": _l("Phone number"), "url": _l("Website"), "capacity": _l("Space"), "status": _l("Status"),
    "status_message": _l("Message to the public"), "locations": _l("Places"), "schedules": _l("Sessions"),
    "translations": _l("Translations"),
}  # fmt: skip

STATE_LABELS = {
    "editing": _l("Not sent yet"), "draft": _l("Replaced by a later change"), "waiting": _l("Waiting for review"),
    "approved": _l("Published"),
    "sent_back": _l("Sent back"), "restored": _l("Restored and published"), "published": _l("Published"),
    "paused": _l("Paused"), "closed": _l("Closed"), "sent": _l("Waiting for the group"),
    "accepted": _l("Accepted"), "declined": _l("Declined"), "attended": _l("Came along"),
    "did_not_attend": _l("Did not come"), "active": _l("Running as usual"),
    "cancelled": _l("Cancelled by the link worker"),
}  # fmt: skip


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def describe(value: Any) -> str:
    """A snapshot value in plain text, for the diff."""
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if isinstance(value, list):
        return "; ".join(describe(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{describe(item)}"
            for key, item in value.items()
            if item not in (None, "", []) and key not in ("uuid", "latitude", "longitude", "kind", "freq", "location")
        )
    return str(value)


# Fields stored as codes, named in the reader's language in the diff.
CODED_FIELDS: dict[str, Callable[[str], str]] = {
    "categories": category_label,
    "audiences": partial(v.term_label, v.AUDIENCE_BY_CODE),
    "accessibility": partial(v.term_label, v.ACCESS_BY_CODE),
    "attending_type": partial(v.term_label, v.DELIVERY_BY_CODE),
    "attending_access": access_label,
    "capacity": partial(v.term_label, v.CAPACITY_BY_CODE),
    "languages": v.language_name,
    "status": state_label,
}


def describe_sessions(value: list[dict[str, Any]]) -> str:
    """Sessions as the directory words them ("Every Wednesday, 10:30 to 11:30")."""
    return "; ".join(describe_schedule(schedule_from_dict(item, [])).striptags() for item in value) or "-"


def describe_field(field: str, value: Any) -> str:
    """A field's snapshot value in plain text for the diff, with codes given their names."""
    if field == "schedules" and isinstance(value, list):
        return describe_sessions(value)
    name = CODED_FIELDS.get(field)
    if name is not None and isinstance(value, list):
        value = [name(code) if isinstance(code, str) else code for code in value]
    elif name is not None and isinstance(value, str) and value:
        value = name(value)
    return describe(value)


def problem_kind_label(kind: str) -> str:
    from portal.organisations.forms import ProblemForm

    labels = {choice.value: choice.label for choice in ProblemForm.kind.kwargs["choices"]}
    return str(labels.get(kind, kind))


def summary_value(field: str, value: Any) -> str:
    """A field for the editor's check-answers page: empty when there is nothing ("Not provided")."""
    described = describe_field(field, value)
    return "" if described == "-" else described


def field_changes(field: str, before: Any, after: Any) -> tuple[Markup, Markup]:
    """A changed field in words, before and after, with the changed words marked."""
    return changed_words(describe_field(field, before), describe_field(field, after))
