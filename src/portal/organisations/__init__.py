"""Voluntary and community organisations: the ones that run groups and services, and whose
editors keep their listings up to date (joining, the listing editor, moderation, revisions,
"still correct?" reminders, reported problems)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from portal.i18n import _l
from portal.operations.jobs import Job, add_job
from portal.web.home_actions import HomeAction, add_home_action
from portal.web.templating import register_template_helpers

AUDIT_ACTIONS = {
    "group_referral.sent": _l("Referred a person to a group"),
    "group_referral.accepted": _l("A group accepted a referral"),
    "group_referral.declined": _l("A group declined a referral"),
    "group_referral.attended": _l("A group said the person came along"),
    "group_referral.did_not_attend": _l("A group said the person did not come"),
    "listing_problem.resolved": _l("Marked a reported problem as resolved"),
    "listing.space_changed": _l("Changed how much space a group has"),
}


def init_app(app: Flask) -> None:
    from portal.accounts.audit.read import add_audit_actions
    from portal.accounts.models import Role
    from portal.accounts.navigation import StaffLink, add_staff_link
    from portal.organisations import wording
    from portal.organisations.cli import listings_cli, orgs_cli, remind_and_hide_stale
    from portal.organisations.editing import check_attributes, translated_locales

    app.config.setdefault("ORGS_PUBLIC_FORM_LIMIT", "5 per hour")
    app.config.setdefault("ORGS_HIDE_AFTER_MONTHS", app.config["SETTINGS"].listings_hide_after_months)
    app.config.setdefault("ORGS_CHECK_LINK_VALID_FOR", timedelta(days=60))
    register_template_helpers(
        app,
        globals={
            "field_label": wording.field_label,
            "state_label": wording.state_label,
            "field_changes": wording.field_changes,
            "problem_kind_label": wording.problem_kind_label,
            "check_attributes": check_attributes,
            "translated_locales": translated_locales,
        },
    )
    add_audit_actions(app, AUDIT_ACTIONS)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(listings_cli)
    add_job(app, Job("listings-remind", timedelta(days=1), remind_and_hide_stale))
    editor, coordinator = {Role.ORG_EDITOR}, {Role.COORDINATOR}
    links = (
        (
            "organisations.show_dashboard",
            _l("Your listings"),
            _l("Add and update your groups and services."),
            editor,
            10,
        ),
        (
            "organisations.list_requests",
            _l("Organisations asking to join"),
            _l("Approve or decline organisations."),
            coordinator,
            40,
        ),
        (
            "organisations.list_moderation",
            _l("Listings to review"),
            _l("New listings and changes waiting for a coordinator."),
            coordinator,
            41,
        ),
        (
            "organisations.list_organisations",
            _l("Organisations"),
            _l("Organisations on the portal, and which are trusted."),
            coordinator,
            42,
        ),
        (
            "organisations.show_stale_report",
            _l("Listings not checked"),
            _l("Listings nobody has checked for a long time."),
            coordinator,
            43,
        ),
        (
            "organisations.list_problems",
            _l("Reported problems"),
            _l("Problems people have told us about."),
            coordinator,
            44,
        ),
        (
            "organisations.import_listings",
            _l("Import listings"),
            _l("Add or update listings from a spreadsheet."),
            coordinator,
            45,
        ),
        (
            "organisations.list_categories",
            _l("Kinds of activity"),
            _l("Names and plain words for the kinds of activity people search by, in every language."),
            coordinator,
            46,
        ),
    )
    for endpoint, title, description, roles, order in links:
        add_staff_link(app, StaffLink(endpoint, title, description, roles, order))
    add_home_action(
        app,
        HomeAction(
            "organisations_public.ask_to_join",
            _l("List your group or service"),
            _l("Run a local group or service? Ask to add it to the directory and keep it up to date."),
            90,
        ),
    )
    _add_coordinator_counts(app)


def _add_coordinator_counts(app: Flask) -> None:
    """The coordinator's home page: how much waits in each list."""
    from flask_babel import ngettext

    from portal.accounts.models import Role
    from portal.accounts.navigation import StaffCount, add_staff_count
    from portal.db import utcnow
    from portal.organisations import queries
    from portal.organisations.still_correct import stale_after

    coordinator = {Role.COORDINATOR}
    counts = (
        StaffCount(
            "organisations.list_moderation",
            lambda n: ngettext("%(num)d change waiting for review", "%(num)d changes waiting for review", n),
            coordinator, queries.count_waiting_revisions, 10,
        ),
        StaffCount(
            "organisations.list_problems",
            lambda n: ngettext("%(num)d reported problem open", "%(num)d reported problems open", n),
            coordinator, queries.count_open_problems, 20,
        ),
        StaffCount(
            "organisations.show_stale_report",
            lambda n: ngettext("%(num)d listing may be out of date", "%(num)d listings may be out of date", n),
            coordinator, lambda: queries.count_stale_listings(utcnow() - stale_after()), 30,
        ),
    )  # fmt: skip
    for count in counts:
        add_staff_count(app, count)
