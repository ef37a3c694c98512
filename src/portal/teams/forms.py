"""The coordinators' forms for teams, members and routing rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, StopValidation, ValidationError

from portal.i18n import _l
from portal.practices.models import GpPractice
from portal.referrals import choices
from portal.teams.models import RuleKind
from portal.teams.pages import CARE_ROLES, RULE_KINDS
from portal.teams.services import TeamDetails
from portal.web.forms import EmailAddress, MaxLength, MultiCheckboxField, clean_text, is_outward_code
from portal.web.numbers import whole_number

MAX_AGE = 120
MAX_PROMISE_DAYS = 20


def _one_line(value: Any) -> Any:
    return " ".join(clean_text(value).split()) if isinstance(value, str) else value


class WholeNumber:
    """A whole number from `lowest` to `highest`; a typed value is never passed on unchecked."""

    def __init__(self, lowest: int, highest: int, message: str) -> None:
        self.lowest, self.highest, self.message = lowest, highest, message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and whole_number(field.data, self.lowest, self.highest) is None:
            raise StopValidation(self.message)


def number(value: str | None) -> int | None:
    return whole_number(value) if value else None


def outward_codes_in(value: str | None) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", (value or "").upper()) if code]


class TeamForm(FlaskForm):
    name = StringField(
        _l("Team name"),
        filters=[_one_line],
        validators=[
            DataRequired(_l("Enter the team's name")),
            MaxLength(100, _l("The name must be 100 characters or fewer")),
        ],
    )
    practices = MultiCheckboxField(_l("GP practices it covers (optional)"), validate_choice=False)
    outward_codes = StringField(_l("Postcode areas it covers (optional)"), filters=[_one_line])
    min_age = StringField(
        _l("Youngest age it takes (optional)"),
        filters=[_one_line],
        validators=[WholeNumber(0, MAX_AGE, _l("Enter the youngest age as a whole number from 0 to 120"))],
    )
    max_age = StringField(
        _l("Oldest age it takes (optional)"),
        filters=[_one_line],
        validators=[WholeNumber(0, MAX_AGE, _l("Enter the oldest age as a whole number from 0 to 120"))],
    )
    roles = MultiCheckboxField(_l("Roles in the team"), choices=CARE_ROLES, validate_choice=False)
    first_contact_working_days = StringField(
        _l("First contact within (working days)"),
        filters=[_one_line],
        validators=[
            DataRequired(_l("Enter how many working days the team promises for first contact")),
            WholeNumber(1, MAX_PROMISE_DAYS, _l("Enter a whole number of working days from 1 to 20")),
        ],
    )
    urgent_inbox = StringField(
        _l("Email address for urgent alerts (optional)"),
        filters=[_one_line],
        validators=[
            EmailAddress(
                _l("Enter an email address in the correct format, like name@example.com"),
                _l("Email address must be 254 characters or fewer"),
            )
        ],
    )
    transfers_restart_promise = BooleanField(_l("Referrals transferred to this team get its promise from the transfer"))

    def offer(self, practices: Sequence[GpPractice]) -> None:
        self.practices.choices = [
            SelectChoice(practice.ods_code, f"{practice.name} ({practice.ods_code})") for practice in practices
        ]

    def validate_practices(self, field: Field) -> None:
        offered = {str(choice.value) for choice in field.choices}
        if not set(field.data or []) <= offered:
            raise StopValidation(_l("Select GP practices from the list"))

    def validate_outward_codes(self, field: Field) -> None:
        if any(not is_outward_code(code) for code in outward_codes_in(field.data)):
            raise ValidationError(_l("Enter postcode areas like LS6 or LS12, separated by commas"))
        if len(field.data or "") > 500:
            raise ValidationError(_l("Enter 500 characters or fewer"))

    def validate_max_age(self, field: Field) -> None:
        """Once both ages are whole numbers (their own checks ran first)."""
        youngest, oldest = self.min_age.data, field.data
        if youngest and oldest and not self.min_age.errors and (number(youngest) or 0) > (number(oldest) or 0):
            raise ValidationError(_l("The oldest age must be the same as or more than the youngest"))

    def validate_roles(self, field: Field) -> None:
        offered = {str(choice.value) for choice in CARE_ROLES}
        if not field.data or not set(field.data) <= offered:
            raise StopValidation(_l("Select at least one role"))

    def details(self) -> TeamDetails:
        return TeamDetails(
            name=self.name.data or "",
            practice_codes=list(self.practices.data or []),
            outward_codes=outward_codes_in(self.outward_codes.data),
            min_age=number(self.min_age.data),
            max_age=number(self.max_age.data),
            roles=list(self.roles.data or []),
            first_contact_working_days=number(self.first_contact_working_days.data) or 1,
            urgent_inbox=self.urgent_inbox.data or None,
            transfers_restart_promise=bool(self.transfers_restart_promise.data),
        )


class MemberForm(FlaskForm):
    user = SelectField(_l("Person"), validate_choice=False)
    care_role = SelectField(_l("Their role in the team"), validate_choice=False)

    def offer(self, people: Sequence[tuple[int, str]], roles: Sequence[str]) -> None:
        self.user.choices = [SelectChoice("", _l("Select a person")), *(SelectChoice(str(i), n) for i, n in people)]
        self.care_role.choices = [choice for choice in CARE_ROLES if choice.value in roles]

    def validate_user(self, field: Field) -> None:
        if field.data not in {str(choice.value) for choice in field.choices if choice.value}:
            raise StopValidation(_l("Select the person to add"))

    def validate_care_role(self, field: Field) -> None:
        if field.data not in {str(choice.value) for choice in field.choices}:
            raise StopValidation(_l("Select their role in the team"))


class RuleForm(FlaskForm):
    kind = RadioField(_l("Route referrals"), choices=RULE_KINDS, validate_choice=False)
    team = SelectField(_l("To which team"), validate_choice=False)
    need = SelectField(_l("When they asked for help with"), validate_choice=False)
    care_role = SelectField(_l("Who in the team takes them"), validate_choice=False)

    def offer(self, teams: Sequence[tuple[str, str]]) -> None:
        self.team.choices = [SelectChoice("", _l("Select a team")), *(SelectChoice(s, n) for s, n in teams)]
        self.need.choices = [SelectChoice("", _l("Select a need")), *choices.NEEDS]
        self.care_role.choices = [SelectChoice("", _l("Anyone in the team")), *CARE_ROLES]

    def validate_kind(self, field: Field) -> None:
        if field.data not in {kind.value for kind in RuleKind}:
            raise StopValidation(_l("Select how to route referrals"))

    def validate_team(self, field: Field) -> None:
        offered = {str(choice.value) for choice in field.choices if choice.value}
        needs_a_team = self.kind.data in {kind.value for kind in RuleKind if kind != RuleKind.AREA}
        if needs_a_team and field.data not in offered:
            raise StopValidation(_l("Select the team to route them to"))

    def validate_need(self, field: Field) -> None:
        if self.kind.data == RuleKind.NEED and field.data not in {choice.value for choice in choices.NEEDS}:
            raise StopValidation(_l("Select what they asked for help with"))

    def validate_care_role(self, field: Field) -> None:
        if field.data and field.data not in {choice.value for choice in CARE_ROLES}:
            raise StopValidation(_l("Select who in the team takes them"))
