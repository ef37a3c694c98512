"""The retention periods as the privacy notice states them, from the settings, in the page's
language (the unit's plural from CLDR, so no catalogue needs one); a subject-access export's
values as the readable copy shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date
from babel.units import format_unit
from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup

from portal.triage.pages import exact_time


def _period(value: int, unit: str) -> str:
    return str(format_unit(value, f"duration-{unit}", length="long", locale=get_locale()))


def retention_periods() -> dict[str, str]:
    settings = current_app.config["SETTINGS"]
    kept = settings.retention
    return {
        "drafts": _period(settings.referrals.draft_hours, "hour"),
        "spam": _period(kept.spam_days, "day"),
        "closed": _period(kept.closed_years, "year"),
        "audit": _period(kept.audit_years, "year"),
        "messages": _period(kept.outbox_days, "day"),
    }


def record_text(value: Any) -> str:
    """A time on the scheme's clock, a date in the page's language, markup made by a source's
    words as it is, anything else as text."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, datetime):
        return exact_time(value)
    if isinstance(value, date):
        return str(format_date(value, "d MMMM y", locale=get_locale()))
    return str(value)
