"""Query parameters as the API reads them: bounded, and a 400 with a message (never a 5xx)
for anything it cannot read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from math import ceil
from typing import Any, NoReturn
from uuid import UUID

from flask import abort
from werkzeug.datastructures import MultiDict

from portal.api import ids

DEFAULT_PER_PAGE, MAX_PER_PAGE = 20, 100  # as the ORUK profile's OpenAPI document says
MAX_PAGE = 1_000_000
MAX_PROXIMITY_METRES = 1_000_000
MAX_TEXT = 200
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


def bad_request(message: str) -> NoReturn:
    abort(400, description=message)


def _integer(args: MultiDict[str, str], name: str, default: int, low: int, high: int) -> int:
    text = args.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)) or not low <= int(text) <= high:
        bad_request(f"{name} must be a whole number from {low} to {high}")
    return int(text)


@dataclass(frozen=True)
class PageRequest:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def body(self, total: int, contents: list[Any]) -> dict[str, Any]:
        """The standard's page: a page past the end is empty, never an error."""
        pages = ceil(total / self.size) if total else 0
        return {
            "total_items": total,
            "total_pages": pages,
            "page_number": self.number,
            "size": len(contents),
            "first_page": self.number == 1,
            "last_page": self.number >= pages,
            "empty": not contents,
            "contents": contents,
        }


def page_request(args: MultiDict[str, str]) -> PageRequest:
    return PageRequest(
        _integer(args, "page", 1, 1, MAX_PAGE), _integer(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    )


def text(args: MultiDict[str, str], name: str) -> str:
    value = " ".join(args.get(name, "").split())
    if len(value) > MAX_TEXT:
        bad_request(f"{name} can be up to {MAX_TEXT} characters")
    return value


def identifier(args: MultiDict[str, str], name: str) -> UUID | None:
    """An id filter; one that is not a UUID matches nothing (so it is not an error either)."""
    value = args.get(name, "").strip()
    if not value:
        return None
    return ids.parse(value) or ids.NOWHERE


def boolean(args: MultiDict[str, str], name: str) -> bool:
    value = args.get(name, "").strip().lower()
    if value not in TRUE + FALSE:
        bad_request(f"{name} must be true or false")
    return value in TRUE


def moment(args: MultiDict[str, str], name: str) -> datetime | None:
    """A date or an ISO 8601 date-time; without a time zone it is taken as UTC."""
    value = args.get(name, "").strip()
    if not value:
        return None
    try:
        parsed = (
            datetime.fromisoformat(value)
            if len(value) > 10
            else datetime.combine(date.fromisoformat(value), datetime.min.time())
        )
    except ValueError:
        bad_request(f"{name} must be a date or date-time like 2026-01-31 or 2026-01-31T09:00:00Z")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def proximity(args: MultiDict[str, str]) -> int | None:
    if not args.get("proximity", "").strip():
        return None
    return _integer(args, "proximity", 0, 0, MAX_PROXIMITY_METRES)
