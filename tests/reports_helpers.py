"""Shared by the reports' tests: the clock they run at, a signed-in coordinator, and a report
table read back as text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.accounts.models import Role
from tests.authz import make_user, sign_in_as

NOW = datetime(2026, 4, 30, 12, 0, tzinfo=UTC)  # Good Friday (3rd) and Easter Monday (6th) are bank holidays


def at(day: int, hour: int, month: int = 4) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def coordinator(client, db):
    user = make_user(db, "coord@example.org", Role.COORDINATOR)
    sign_in_as(client, db, user)
    return user


def rows(page, caption):
    table = next(table for table in page.select("table") if table.caption.get_text(strip=True) == caption)
    return [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tr")]


def captions(page):
    return [table.caption.get_text(strip=True) for table in page.select("table")]
