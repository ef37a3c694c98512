"""Finding a person's records, exporting them, and correcting their details. Every form is sent
by POST: names, dates of birth and numbers never go into a URL."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import DataRequired, Optional, ValidationError

from portal.accounts.forms import DateInput
from portal.gp_record.services import NotAnNhsNumber, normalised_nhs_number
from portal.i18n import _l
from portal.web.forms import (
    EmailAddress,
    MaxLength,
    MultiCheckboxField,
    PhoneNumber,
    Postcode,
    clean_text,
)

NEED_ONE = _l("Enter a name and date of birth, a phone number, an email address, an NHS number or a reference")
INVALID_DATE = _l("Enter the date of birth as a real date, like 1950-05-01")


def _name_field(label: Any, *validators: Any) -> StringField:
    return StringField(
        label, filters=[clean_text], validators=[*validators, MaxLength(200, _l("Enter 200 characters or fewer"))]
    )


def _phone_field(label: Any) -> StringField:
    return StringField(
        label, filters=[clean_text], validators=[PhoneNumber(_l("Enter a UK phone number, like 07700 900982"))]
    )


def _email_field(label: Any) -> StringField:
    return StringField(
        label,
        filters=[clean_text],
        validators=[
            EmailAddress(_l("Enter an email address, like name@example.com"), _l("Enter 254 characters or fewer"))
        ],
    )


class SubjectAccessForm(FlaskForm):
    full_name = _name_field(_l("Full name"))
    date_of_birth = DateInput(_l("Date of birth"), INVALID_DATE, validators=[Optional()])
    phone = _phone_field(_l("Phone number"))
    email = _email_field(_l("Email address"))
    nhs_number = StringField(_l("NHS number"), filters=[clean_text])
    reference = StringField(
        _l("Reference"), filters=[clean_text], validators=[MaxLength(20, _l("Enter 20 characters or fewer"))]
    )

    def validate_nhs_number(self, field: Field) -> None:
        if field.data:
            try:
                normalised_nhs_number(field.data)
            except NotAnNhsNumber:
                raise ValidationError(_l("Enter a valid NHS number, like 943 476 5919")) from None

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.date_of_birth.data and not self.full_name.data:
            self.full_name.errors = [_l("Enter their full name too")]
        elif self.full_name.data and not self.date_of_birth.data:
            self.date_of_birth.errors = [_l("Enter their date of birth too: a name alone can match someone else")]
        elif not any(field.data for field in (self.full_name, self.phone, self.email, self.nhs_number, self.reference)):
            self.full_name.errors = [NEED_ONE]
        return not (self.full_name.errors or self.date_of_birth.errors)


class SubjectAccessExportForm(SubjectAccessForm):
    references = MultiCheckboxField(
        _l("Referrals to export"), validate_choice=False, validators=[DataRequired(_l("Select at least one referral"))]
    )
    export_format = StringField()

    def validate_export_format(self, field: Field) -> None:
        if field.data not in ("html", "json"):
            raise ValidationError(_l("Choose a readable copy or a JSON file"))


class CorrectDetailsForm(FlaskForm):
    full_name = _name_field(_l("Full name"), DataRequired(_l("Enter their full name")))
    date_of_birth = DateInput(_l("Date of birth (optional)"), INVALID_DATE, validators=[Optional()])
    postcode = StringField(
        _l("Postcode (optional)"),
        filters=[clean_text],
        validators=[Postcode(_l("Enter a real postcode, like LS6 1AN"))],
    )
    phone = _phone_field(_l("Phone number (optional)"))
    email = _email_field(_l("Email address (optional)"))
