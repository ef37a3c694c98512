"""Shared by the reports' tests: the clock they run at, every report read live and from the
counts, a signed-in coordinator, and a report table read back as text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.accounts.models import Role
from portal.reports.cli import rebuild
from tests.authz import make_user, sign_in_as
from tests.harness import PageClient

NOW = datetime(2026, 4, 30, 12, 0, tzinfo=UTC)  # Good Friday (3rd) and Easter Monday (6th) are bank holidays


def at(day: int, hour: int, month: int = 4) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture(name="client", params=["live", "counted"])
def live_and_counted_client(request, app, client: PageClient) -> PageClient:
    """Every report read twice: from the live tables alone, and from the daily counts made
    just before each request (today, not counted yet, still live)."""
    if request.param == "counted":
        get = client.get

        def counted_get(*args, **kwargs):
            with app.app_context():
                rebuild(None, None)
            return get(*args, **kwargs)

        client.get = counted_get  # type: ignore[method-assign]
    return client


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
