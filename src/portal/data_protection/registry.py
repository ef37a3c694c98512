"""The record sources: each kind of record held about a person, from whichever feature keeps it.

A source says how to take the person out of its rows about a set of referrals (for retention
and erasure) and, for a subject-access export, how to read them. Features add their own in their
`init_app` (`add_record_source`), so a new kind of record joins the export and the retention
job without either changing. A row is a dict of plain values (text, numbers, dates, lists):
the JSON export writes it as it is, the web page labels each field with `labels`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from sqlalchemy.orm import Session

from portal.referrals.models import Referral

EXTENSION = "portal_record_sources"

Row = dict[str, Any]


@dataclass(frozen=True)
class RecordSource:
    name: str  # the key in the JSON export, e.g. "contact_attempts"
    # Takes the person out of the source's rows about these referrals.
    anonymise: Callable[[Session, Sequence[Referral]], None]
    title: Any = ""  # a lazy string: the heading in a subject-access export
    labels: Mapping[str, Any] = field(default_factory=dict)  # field name -> lazy label
    rows: Callable[[Session, Referral], list[Row]] | None = None  # for a subject-access export
    order: int = 50  # the referral's own details (0) come first; anonymising runs in reverse


def add_record_source(app: Flask, source: RecordSource) -> None:
    sources = app.extensions.setdefault(EXTENSION, {})
    if source.name in sources:
        raise ValueError(f"record source {source.name!r} is already added")
    sources[source.name] = source


def record_sources(app: Flask | None = None) -> list[RecordSource]:
    sources = (app or current_app).extensions.get(EXTENSION, {}).values()
    return sorted(sources, key=lambda source: (source.order, source.name))
