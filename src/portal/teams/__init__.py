"""Teams and routing: each referral reaches the right team, and the right kind of worker in it.

A scheme has several teams (a primary care network's practices, a family team, a partner's
money advisers), each with its own queue, promise and urgent inbox. Ordered routing rules send
each new referral to one (`routing`); who may take it follows its team and rule (`access`);
a holder or coordinator may transfer it to another team. Coordinators manage teams and rules
in the staff pages (`routes`) and with `flask teams ...`.
"""

from __future__ import annotations

from flask import Flask

from portal.i18n import _l

AUDIT_ACTIONS = {
    "teams.team_created": _l("Added a team"),
    "teams.team_changed": _l("Changed a team"),
    "teams.member_added": _l("Added someone to a team"),
    "teams.member_removed": _l("Removed someone from a team"),
    "teams.rule_added": _l("Added a routing rule"),
    "teams.rule_moved": _l("Moved a routing rule"),
    "teams.rule_removed": _l("Removed a routing rule"),
    "triage.referral_transferred": _l("Transferred a referral to another team"),
    "triage.queue_searched": _l("Searched the referrals"),
}


def init_app(app: Flask) -> None:
    from portal.accounts.audit.read import add_audit_actions
    from portal.accounts.models import Role
    from portal.accounts.navigation import StaffLink, add_staff_link
    from portal.teams.cli import teams_cli

    add_audit_actions(app, AUDIT_ACTIONS)
    app.cli.add_command(teams_cli)
    coordinator = {Role.COORDINATOR}
    add_staff_link(
        app,
        StaffLink("teams.list_teams", _l("Teams"), _l("Teams, who is in them, and what they cover."), coordinator, 81),
    )
    add_staff_link(
        app,
        StaffLink(
            "teams.list_rules", _l("Routing rules"), _l("Which team each new referral goes to."), coordinator, 82
        ),
    )
