"""Nobody falls through the gap: groups answer referrals in time, and people are asked how it
went.

- `clock`: each referral to a group gets a deadline for the group's answer, in working days
  (the scheme's `FOLLOWUPS_ANSWER_WORKING_DAYS`, or the organisation's own);
- `deadlines`: reminders to the organisation's editors halfway and on the day, the holder told
  past the deadline, and the holder's chase and cancel;
- `asking`: a set number of days after the group's first session, the person is asked "Did you
  go?" by the channel they chose, with their consent, in their language, with three one-tap
  answers (and, with GOV.UK Notify, replies of 1, 2 or 3: `inbound`);
- `stats`: how quickly each listing's group answers, worked out nightly;
- `queries`: the flags on the caseload and queue, and the people who have gone quiet.

`jobs.run_due` and `jobs.run_nightly` are plain functions a worker can schedule; `flask
followups run` and `flask followups nightly` call them. Both are safe to repeat.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Flask

from portal.i18n import _l

STATS_MINIMUM = 5  # referrals in 12 months before a listing's figures are shown

AUDIT_ACTIONS = {
    "group_referral.reminded": _l("Reminded a group to answer a referral"),
    "group_referral.no_answer": _l("A group did not answer a referral in time"),
    "group_referral.chased": _l("Chased a group for its answer"),
    "group_referral.cancelled": _l("Cancelled a referral to a group"),
    "followup.sent": _l("Asked a person how it went at a group"),
    "followup.answered": _l("A person said how it went at a group"),
    "followup.case_reopened": _l("A person asked to talk, so their closed referral was opened again"),
    "followups.quiet_viewed": _l("Looked at the people not heard from"),
    "organisation.answer_time_changed": _l("Changed how long an organisation has to answer referrals"),
}


def init_app(app: Flask) -> None:
    from portal.accounts.audit.read import add_audit_actions
    from portal.accounts.models import STAFF_ROLES
    from portal.accounts.navigation import StaffLink, add_staff_link
    from portal.followups.cli import followups_cli
    from portal.followups.queries import response_of
    from portal.web.templating import register_template_helpers

    # The typed settings (portal.config.FollowupSettings) as config keys, which tests may change.
    for name, value in asdict(app.config["SETTINGS"].followups).items():
        app.config.setdefault(f"FOLLOWUPS_{name.upper()}", value)
    app.config.setdefault("FOLLOWUPS_STATS_MINIMUM", STATS_MINIMUM)
    from portal.followups import record_sources

    add_audit_actions(app, AUDIT_ACTIONS)
    record_sources.init_app(app)
    app.cli.add_command(followups_cli)
    register_template_helpers(app, globals={"group_response": response_of})
    add_staff_link(
        app,
        StaffLink(
            "followups.list_not_heard_from",
            _l("Not heard from"),
            _l("People referred to a group who have not answered or been in touch for a while."),
            STAFF_ROLES,
            25,
        ),
    )
