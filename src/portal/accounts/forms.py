"""Forms for signing in and managing accounts. Every message says what to do."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, PasswordField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional, StopValidation, ValidationError

from portal.accounts import mfa
from portal.accounts.models import Role
from portal.accounts.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from portal.i18n import _l
from portal.web.forms import EmailAddress, MaxLength, clean_text

ROLE_NAMES = {
    Role.LINK_WORKER: _l("Link worker"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ORG_EDITOR: _l("Organisation editor"),
}


def _email_field(missing: Any) -> StringField:
    return StringField(
        _l("Email address"),
        filters=[clean_text],
        validators=[
            DataRequired(missing),
            EmailAddress(
                _l("Enter an email address in the correct format, like name@example.com"),
                _l("Email address must be 254 characters or fewer"),
            ),
        ],
    )


def _name_field(label: Any, missing: Any) -> StringField:
    return StringField(
        label,
        filters=[clean_text],
        validators=[DataRequired(missing), MaxLength(200, _l("Name must be 200 characters or fewer"))],
    )


class NewPassword:
    """The rules from `passwords.password_problem`, each with its own message."""

    MESSAGES = {
        "too_short": _l("Your password must be at least %(count)s characters", count=MIN_LENGTH),
        "too_long": _l("Your password must be %(count)s characters or fewer", count=MAX_LENGTH),
        "common": _l("This password is too easy to guess. Choose a password that is harder to guess"),
        "contains_email": _l("Choose a password that does not include your email address"),
    }

    def __call__(self, form: FlaskForm, field: Field) -> None:
        problem = password_problem(field.data or "", getattr(form, "account_email", None))
        if problem is not None:
            raise StopValidation(self.MESSAGES[problem])


class SixDigits:
    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not re.fullmatch(r"\d{6}", mfa.clean_code(field.data or "")):
            raise StopValidation(_l("The code must be 6 digits"))


def _new_password_field(label: Any) -> PasswordField:
    return PasswordField(label, validators=[InputRequired(_l("Enter a password")), NewPassword()])


class SignInForm(FlaskForm):
    email = _email_field(_l("Enter your email address"))
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password"))])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code from your authenticator app"),
        validators=[InputRequired(_l("Enter the 6-digit code from your authenticator app")), SixDigits()],
    )


class RecoveryCodeForm(FlaskForm):
    recovery_code = StringField(_l("Recovery code"), validators=[InputRequired(_l("Enter one of your recovery codes"))])


class ChoosePasswordForm(FlaskForm):
    account_email: str | None = None
    password = _new_password_field(_l("Create a password"))

    def __init__(self, *args: Any, account_email: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class AcceptInvitationForm(ChoosePasswordForm):
    name = _name_field(_l("Full name"), _l("Enter your full name"))


class ChangePasswordForm(ChoosePasswordForm):
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(_l("Enter your current password"))]
    )
    password = _new_password_field(_l("New password"))


class ConfirmIdentityForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password"))])
    code = StringField(_l("Code from your authenticator app, or a recovery code"), validators=[Optional()])


class ChangeEmailForm(FlaskForm):
    email = _email_field(_l("Enter your new email address"))


class ResetRequestForm(FlaskForm):
    email = _email_field(_l("Enter your email address"))


class InviteColleagueForm(FlaskForm):
    name = _name_field(_l("Full name"), _l("Enter their full name"))
    email = _email_field(_l("Enter their email address"))


class InviteUserForm(InviteColleagueForm):
    role = RadioField(
        _l("What will they do?"),
        choices=[SelectChoice(str(role), label) for role, label in ROLE_NAMES.items()],
        validators=[InputRequired(_l("Choose what they will do"))],
    )
    organisation = SelectField(_l("Organisation"), validate_choice=False)
    can_invite = BooleanField(_l("They can invite and remove colleagues from their organisation"))

    def validate_organisation(self, field: Field) -> None:
        if self.role.data == Role.ORG_EDITOR and field.data not in {choice.value for choice in field.choices[1:]}:
            raise ValidationError(_l("Choose the organisation they will edit for"))


class DateInput(DateField):
    """A date typed as YYYY-MM-DD (a browser's date picker sends that), with our own message."""

    def __init__(self, label: Any, invalid_message: Any, **kwargs: Any) -> None:
        super().__init__(label, format="%Y-%m-%d", **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.invalid_message)) from error


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a search: GET, changes nothing

    person = StringField(_l("Person (email address)"), filters=[clean_text], validators=[Optional()])
    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    subject_type = StringField(_l("Record type"), filters=[clean_text], validators=[Optional()])
    subject_id = StringField(_l("Record"), filters=[clean_text], validators=[Optional()])
    since = DateInput(_l("From"), _l("The 'From' date must be a real date, like 2026-03-27"), validators=[Optional()])
    until = DateInput(_l("To"), _l("The 'To' date must be a real date, like 2026-03-27"), validators=[Optional()])

    def validate_until(self, field: Field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The 'To' date must be the same as or after the 'From' date"))
