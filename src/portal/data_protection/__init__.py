"""Data protection: how long personal details are kept, and the keys that protect secrets.

Every kind of record about a person is a record source (`registry`); features add theirs, and
the retention job (`retention`, `flask retention run`, daily in the worker) anonymises each
expired referral through all of them, and a subject-access export (`subject_access`) reads
them. Coordinators correct (`rectification`) or erase (`erasure`) a person's details.
Authenticator keys are encrypted at rest (`keys`).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from portal.i18n import _l

AUDIT_ACTIONS = {
    "data_protection.person_erased": _l("Erased a person's details at their request"),
    "data_protection.details_corrected": _l("Corrected a person's details at their request"),
    "data_protection.subject_access_searched": _l("Searched for a person's records (subject access)"),
    "data_protection.subject_access_exported": _l("Exported a person's records (subject access)"),
}


def init_app(app: Flask) -> None:
    from portal.accounts.audit.read import add_audit_actions
    from portal.accounts.models import Role
    from portal.accounts.navigation import StaffLink, add_staff_link
    from portal.data_protection import cli, keys, sources
    from portal.data_protection.pages import record_text, retention_periods
    from portal.operations.jobs import Job, add_job
    from portal.web.templating import register_template_helpers

    keys.init_app(app)
    add_audit_actions(app, AUDIT_ACTIONS)
    sources.init_app(app)
    app.cli.add_command(cli.retention_cli)
    add_job(app, Job("retention", timedelta(days=1), cli.run_retention))
    register_template_helpers(app, globals={"retention_periods": retention_periods, "record_text": record_text})
    add_staff_link(
        app,
        StaffLink(
            "data_protection.subject_access_form",
            _l("Subject access requests"),
            _l("Find and export every record about a person, or correct their details."),
            {Role.COORDINATOR},
            85,
        ),
    )
