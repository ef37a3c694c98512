"""Reports for the scheme: who comes, how fast they are answered, and where they go.

Coordinators see the whole scheme, or one team or area; a link worker sees the figures of
their own caseload. Each report is a chart drawn on the server (`charts`), a text summary
and a table with the same numbers, and downloads as CSV. Counts of 1 to 4 in a breakdown by
area or person characteristic are suppressed (`figures.suppressed`). The numbers come from
daily counts the worker keeps (`counting`), with the days not counted yet read live (`counted`).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from portal.i18n import _l

COUNT_EVERY = timedelta(minutes=5)


def init_app(app: Flask) -> None:
    from portal.accounts.models import STAFF_ROLES
    from portal.accounts.navigation import StaffLink, add_staff_link
    from portal.operations.jobs import Job, add_job
    from portal.reports import cli

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
    app.cli.add_command(cli.reports_cli)
    add_job(app, Job("reports-count", COUNT_EVERY, cli.count_reports))
