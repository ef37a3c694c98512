"""Reports for the scheme: who comes, how fast they are answered, and where they go.

Coordinators see the whole scheme, or one team or area; a link worker sees the figures of
their own caseload. Each report is a chart drawn on the server (`charts`), a text summary
and a table with the same numbers, and downloads as CSV. Counts of 1 to 4 in a breakdown by
area or person characteristic are suppressed (`figures.suppressed`).
"""

from __future__ import annotations

from flask import Flask

from portal.i18n import _l


def init_app(app: Flask) -> None:
    from portal.accounts.models import STAFF_ROLES
    from portal.accounts.navigation import StaffLink, add_staff_link

    add_staff_link(
        app,
        StaffLink(
            "reports.show_reports",
            _l("Reports"),
            _l("Who the scheme reaches and how fast it answers."),
            STAFF_ROLES,
            25,
        ),
    )
