"""Back to the GP record: the NHS number, consent to share with the GP, SNOMED CT coded events
and the message back to the GP (over MESH, or printed), with a per-practice report of the codes
sent for reconciliation."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from portal.i18n import _l

AUDIT_ACTIONS = {
    "gp_record.nhs_number_changed": _l("Added or corrected an NHS number"),
    "gp_record.nhs_number_removed": _l("Removed an NHS number"),
    "gp_record.consent_recorded": _l("Recorded consent to share with the GP"),
    "gp_record.referrer_recorded": _l("Recorded who referred the person"),
    "gp_record.code_recorded": _l("Recorded a code for the GP record"),
    "gp_record.message_previewed": _l("Previewed the GP message"),
    "gp_record.message_sent": _l("Sent the GP message (and to the referrer, if chosen)"),
    "gp_record.report_viewed": _l("Viewed the codes sent to GP practices"),
}


def init_app(app: Flask) -> None:
    from portal.accounts.audit.read import add_audit_actions
    from portal.accounts.models import Role
    from portal.accounts.navigation import StaffLink, add_staff_link
    from portal.gp_record import record_sources
    from portal.gp_record.cli import gp_record_cli
    from portal.gp_record.mesh import send_and_track
    from portal.gp_record.pages import LABELS, content_in_words, section_of, spaced_nhs_number
    from portal.operations.jobs import Job, add_job
    from portal.web.templating import register_template_helpers

    add_audit_actions(app, AUDIT_ACTIONS)
    record_sources.init_app(app)
    app.cli.add_command(gp_record_cli)
    add_job(app, Job("gp-messages-send", timedelta(minutes=1), send_and_track))
    register_template_helpers(
        app,
        filters={"nhs_number": spaced_nhs_number},
        globals={"gp_record_section": section_of, "gp_labels": LABELS, "gp_message_in_words": content_in_words},
    )
    add_staff_link(
        app,
        StaffLink(
            "gp_record.codes_report",
            _l("Codes sent to GP practices"),
            _l("For reconciliation with each practice."),
            {Role.COORDINATOR},
            83,
        ),
    )
