"""The filter bar shared by every report: the period, a team and an area (outward code)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectField, StringField, ValidationError
from wtforms.validators import Optional

from portal.accounts.forms import DateInput
from portal.i18n import _l
from portal.reports import periods
from portal.web.forms import clean_text

PERIODS = [
    SelectChoice(periods.THIS_MONTH, _l("This month")),
    SelectChoice(periods.LAST_MONTH, _l("Last month")),
    SelectChoice(periods.THIS_QUARTER, _l("This quarter")),
    SelectChoice(periods.LAST_QUARTER, _l("Last quarter")),
    SelectChoice(periods.CHOSEN, _l("From and to")),
]


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False  # choosing what to count changes nothing

    period = SelectField(_l("Period"), choices=PERIODS, default=periods.THIS_MONTH)
    since = DateInput(_l("From"), _l("The 'From' date must be a real date, like 2026-03-27"), validators=[Optional()])
    until = DateInput(_l("To"), _l("The 'To' date must be a real date, like 2026-03-27"), validators=[Optional()])
    team = SelectField(_l("Team"), validate_choice=False)
    area = StringField(_l("Area"), filters=[clean_text], validators=[Optional()])

    def offer(self, teams: list[tuple[str, str]]) -> None:
        self.team.choices = [SelectChoice("", _l("All teams")), *(SelectChoice(slug, name) for slug, name in teams)]

    def validate_until(self, field: Field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The 'To' date must be the same as or after the 'From' date"))

    def chosen_area(self) -> str:
        return (self.area.data or "").strip().upper().replace(" ", "")[:4]
