"""The case page's GP record forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, StringField
from wtforms.validators import DataRequired, ValidationError

from portal.gp_record import services
from portal.gp_record.pages import ASKED_HOW, ROUTES, SHARING
from portal.i18n import _l
from portal.referrals.choices import options
from portal.web.forms import EmailAddress, MaxLength, clean_text


class NhsNumberForm(FlaskForm):
    nhs_number = StringField(_l("NHS number"))

    def validate_nhs_number(self, field: Field) -> None:
        if field.data and field.data.strip():
            try:
                services.normalised_nhs_number(field.data)
            except services.NotAnNhsNumber:
                raise ValidationError(_l("Enter a valid NHS number, like 943 476 5919")) from None


class GpConsentForm(FlaskForm):
    sharing = RadioField(
        _l("What may the GP get?"),
        choices=options(*SHARING.items()),
        validators=[DataRequired(_l("Select what the GP may get"))],
    )
    asked_how = RadioField(
        _l("How did you ask?"),
        choices=options(*ASKED_HOW.items()),
        validators=[DataRequired(_l("Select how you asked"))],
    )


class ReferrerForm(FlaskForm):
    referrer_name = StringField(
        _l("Referrer's name"), filters=[clean_text], validators=[MaxLength(200, _l("Enter 200 characters or fewer"))]
    )
    referrer_organisation = StringField(
        _l("Their organisation (optional)"),
        filters=[clean_text],
        validators=[MaxLength(200, _l("Enter 200 characters or fewer"))],
    )
    referrer_email = StringField(
        _l("Their work email address"),
        filters=[clean_text],
        validators=[
            EmailAddress(_l("Enter an email address, like name@example.com"), _l("Enter 254 characters or fewer"))
        ],
    )


class GpMessageForm(FlaskForm):
    route = RadioField(_l("How to send it"), choices=options(*ROUTES.items()))
    to_referrer = BooleanField(_l("Email it to the referrer too"))

    def offer(self, routes: list[str]) -> GpMessageForm:
        """Only the ways that reach this practice; the first is chosen until the worker chooses."""
        self.route.choices = options(*((route, ROUTES[route]) for route in routes))
        if self.route.data is None:
            self.route.data = routes[0]
        return self
