"""From the filter bar to the referrals counted: the period's days and the scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from portal.accounts.models import User
from portal.directory.formatting import long_date
from portal.reports import periods, queries
from portal.reports.access import Scope, scope_for
from portal.reports.forms import ReportFilterForm


@dataclass(frozen=True)
class Choice:
    scope: Scope
    period: periods.Period
    query: dict[str, str]  # the filter as chosen, for links and the CSV

    @property
    def label(self) -> str:
        first, last = long_date(self.period.first), long_date(self.period.last)
        return str(_("%(first)s to %(last)s", first=first, last=last))


def chosen(form: ReportFilterForm, user: User, now: datetime) -> Choice:
    zone = ZoneInfo(current_app.config["SETTINGS"].scheme.time_zone)
    valid = form.validate()
    name = form.period.data if valid else periods.THIS_MONTH
    period = periods.period_named(
        name or periods.THIS_MONTH, now.astimezone(zone).date(), form.since.data, form.until.data
    )
    start, end = period.bounds(zone)
    team = form.team.data or ""
    scope = scope_for(user, start, end, queries.team_id_of(team), form.chosen_area())
    query = {"period": name or "", "team": team, "area": scope.area}
    if name == periods.CHOSEN:
        query |= {"since": period.first.isoformat(), "until": period.last.isoformat()}
    return Choice(scope, period, {key: value for key, value in query.items() if value})
