"""The case page's GP record forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, StringField
from wtforms.validators import DataRequired, ValidationError

from portal.gp_record import services
from portal.gp_record.pages import ASKED_HOW, ROUTES, SHARING
from portal.i18n import _l
from portal.referrals.choices import options


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


class GpMessageForm(FlaskForm):
    route = RadioField(_l("How to send it"), choices=options(*ROUTES.items()))

    def offer(self, routes: list[str]) -> GpMessageForm:
        """Only the ways that reach this practice; the first is chosen until the worker chooses."""
        self.route.choices = options(*((route, ROUTES[route]) for route in routes))
        if self.route.data is None:
            self.route.data = routes[0]
        return self
