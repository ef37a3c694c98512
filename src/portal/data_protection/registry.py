"""The record sources: each kind of record held about a person, from whichever feature keeps it.

A source says how to take the person out of its rows about a set of referrals (for retention
and erasure) and, for a subject-access export, how to read them. Features add their own in their
`init_app` (`add_record_source`), so a new kind of record joins the export and the retention
job without either changing. A row is a dict of plain values (text, numbers, dates, lists):
the JSON export writes it as it is (codes as codes), the readable copy labels each field with
`labels` and puts each coded field's values into words with `words`: the option list the
feature already words those values with (`portal.referrals.choices.label_of` reads it), or a
function that shapes the whole value for reading (answers, a message's content).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from wtforms import SelectChoice

from portal.referrals.choices import label_of
from portal.referrals.models import Referral

EXTENSION = "portal_record_sources"

Row = dict[str, Any]
# The option list or the {code: label} mapping a feature words a field's values with, or a
# function of the value and its row that shapes it for reading.
Words = Sequence[SelectChoice] | Mapping[Any, Any] | Callable[[Any, "Row"], Any]


@dataclass(frozen=True)
class RecordSource:
    name: str  # the key in the JSON export, e.g. "contact_attempts"
    # Takes the person out of the source's rows about these referrals.
    anonymise: Callable[[Session, Sequence[Referral]], None]
    title: Any = ""  # a lazy string: the heading in a subject-access export
    labels: Mapping[str, Any] = field(default_factory=dict)  # field name -> lazy label
    rows: Callable[[Session, Referral], list[Row]] | None = None  # for a subject-access export
    order: int = 50  # the referral's own details (0) come first; anonymising runs in reverse
    words: Mapping[str, Words] = field(default_factory=dict)  # coded field name -> its words


def add_record_source(app: Flask, source: RecordSource) -> None:
    sources = app.extensions.setdefault(EXTENSION, {})
    if source.name in sources:
        raise ValueError(f"record source {source.name!r} is already added")
    sources[source.name] = source


def record_sources(app: Flask | None = None) -> list[RecordSource]:
    sources = (app or current_app).extensions.get(EXTENSION, {}).values()
    return sorted(sources, key=lambda source: (source.order, source.name))


def plain(value: Any) -> Any:
    """A value as an export keeps it: enums as their values, lists and mappings of plain values.
    Dates and times stay as they are: the JSON export writes them in ISO 8601, the readable
    copy on the scheme's clock."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def in_words(value: Any, words: Words | None, row: Row) -> Any:
    """A coded value as the readable copy shows it, in the page's language: each item of a list
    worded, a code its list does not know kept as it is."""
    if words is None or value is None or value == "" or value == {}:
        return value
    if callable(words):
        return words(value, row)
    if isinstance(value, list):
        return [in_words(item, words, row) for item in value]
    if not isinstance(value, str):
        return value
    if isinstance(words, Mapping):
        return str(words.get(value, value))
    return label_of(list(words), value) or value


def keep_all(db: Session, referrals: Sequence[Referral]) -> None:
    """For a source with nothing personal left to take out (counts, dates, codes)."""


def table_source(
    name: str,
    model: Any,
    title: Any,
    labels: Mapping[str, Any],
    *,
    blanks: Mapping[str, Any] | None = None,
    order: int = 50,
    sort_by: str = "id",
    words: Mapping[str, Words] | None = None,
) -> RecordSource:
    """A source for a table with a `referral_id`: its `labels` columns are exported, and its
    `blanks` columns are set to those values when the person is taken out (none: kept)."""

    def anonymise(db: Session, referrals: Sequence[Referral]) -> None:
        if blanks:
            ids = [referral.id for referral in referrals]
            db.execute(update(model).where(model.referral_id.in_(ids)).values(**blanks))

    def rows(db: Session, referral: Referral) -> list[Row]:
        query = select(model).where(model.referral_id == referral.id).order_by(getattr(model, sort_by))
        return [{column: plain(getattr(row, column)) for column in labels} for row in db.scalars(query)]

    return RecordSource(name, anonymise if blanks else keep_all, title, labels, rows, order, words or {})
