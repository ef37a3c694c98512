"""Every report, in the order the Reports page lists them."""

from __future__ import annotations

from portal.i18n import _l
from portal.reports.directory_pages import directory_health_report, where_people_went_report
from portal.reports.outcomes import outcomes_report
from portal.reports.pages import ReportKind, referrals_report, responsiveness_report
from portal.reports.people_pages import needs_report, reach_report
from portal.reports.unmet import unmet_need_report

REPORTS = {
    kind.slug: kind
    for kind in (
        ReportKind("referrals", _l("Referrals"), _l("By week and route, and by language."), referrals_report),
        ReportKind(
            "responsiveness",
            _l("Responsiveness"),
            _l("Working days to the first contact attempt and the first conversation."),
            responsiveness_report,
        ),
        ReportKind(
            "needs", _l("Needs"), _l("What people asked for help with, and what could get in the way."), needs_report
        ),
        ReportKind(
            "who-we-reach",
            _l("Who we reach"),
            _l("Age, gender, ethnic group, area and deprivation of the people referred."),
            reach_report,
        ),
        ReportKind(
            "where-people-went",
            _l("Where people went"),
            _l("Referrals to groups and what came of them, and the closing reasons."),
            where_people_went_report,
        ),
        ReportKind(
            "outcomes", _l("Outcomes"), _l("ONS4 wellbeing at the start and at the latest follow-up."), outcomes_report
        ),
        ReportKind(
            "directory-health",
            _l("Directory health"),
            _l("Listings checked, not checked, paused or closed; problem reports; groups' answers."),
            directory_health_report,
        ),
        ReportKind(
            "unmet-need",
            _l("Unmet need"),
            _l("Searches that found little, and needs with no group found."),
            unmet_need_report,
        ),
    )
}
