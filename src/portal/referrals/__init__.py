"""Self-referral and call back requests: the public journeys and the records the triage queue reads."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from portal.i18n import _l
from portal.operations.jobs import Job, add_job
from portal.web.exit import on_exit
from portal.web.home_actions import HomeAction, add_home_action


def init_app(app: Flask) -> None:
    from portal.accounts.audit.read import add_audit_actions
    from portal.referrals import cli, drafts, expired_forms

    add_audit_actions(app, {"referral.about_you_given": _l("Answered the optional questions about themselves")})

    add_home_action(
        app,
        HomeAction(
            "referrals.start_self_referral",
            _l("Refer yourself to a link worker"),
            _l("Tell us a little about you and what would help. A link worker will get in touch."),
            20,
        ),
    )
    add_home_action(
        app,
        HomeAction(
            "referrals.start_callback",
            _l("Ask us to call you back"),
            _l("Leave your number and we will call you to talk about what would help."),
            30,
        ),
    )
    with app.app_context():
        on_exit(drafts.discard_all)
    expired_forms.init_app(app)
    app.cli.add_command(cli.referrals_cli)
    add_job(app, Job("purge-drafts", timedelta(hours=1), cli.purge_expired_drafts))
