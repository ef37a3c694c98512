"""Whole numbers from URLs, query strings and forms, kept inside what the database holds.

Python reads any number of digits, but the database does not: SQLite raises OverflowError past
2**63 - 1 and PostgreSQL refuses anything past 2**31 - 1 for an `integer` column (our ids and
versions), either of them a 500 for a mistyped or hostile URL. Every number a request brings
is read here: ASCII digits only (`int` also reads "٣" and refuses "²", which `isdigit` lets
through), never more than the column can hold. What is not such a number is simply not one:
a 404 for an id in a path, the default for a query argument, a form error for a field.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError
from wtforms import HiddenField

MAX_ID = 2**31 - 1  # the largest `integer` in PostgreSQL: every id and version column
_DIGITS = re.compile(r"[0-9]{1,10}")


def whole_number(value: object, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """`value` as a whole number from `minimum` to `maximum`, or None."""
    text = value.strip() if isinstance(value, str) else ""
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def record_id(value: object) -> int | None:
    """An id a record could have (from 1)."""
    return whole_number(value, minimum=1)


class IdConverter(BaseConverter):
    """`<id:listing_id>`: a record's id in a path; anything else is a 404."""

    regex = _DIGITS.pattern
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = record_id(value)
        if number is None:
            raise ValidationError
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


class WholeNumberField(HiddenField):
    """A hidden whole number (a record's version, an id); `data` is None unless the browser
    sent one the database could hold."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = whole_number(valuelist[0]) if valuelist else None

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
