"""The case page's GP record forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, StringField
from wtforms.validators import DataRequired, ValidationError

from portal.gp_record import services
from portal.gp_record.models import AskedHow, GpSharing, MessageRoute
from portal.i18n import _l

SHARING = [
    (str(GpSharing.FULL), _l("Full details")),
    (str(GpSharing.CODES_ONLY), _l("Codes only")),
    (str(GpSharing.NOTHING), _l("Nothing")),
]
ASKED_HOW = [(str(AskedHow.PHONE), _l("By phone")), (str(AskedHow.IN_PERSON), _l("In person"))]
ROUTES = [(str(MessageRoute.MESH), _l("MESH")), (str(MessageRoute.PRINT), _l("Print"))]


class NhsNumberForm(FlaskForm):
    nhs_number = StringField(_l("NHS number"))

    def validate_nhs_number(self, field: Field) -> None:
        if field.data and field.data.strip():
            try:
                services.normalised_nhs_number(field.data)
            except services.NotAnNhsNumber:
                raise ValidationError(_l("Enter a valid NHS number, like 485 777 3456")) from None


class GpConsentForm(FlaskForm):
    sharing = RadioField(
        _l("What may the GP get?"), choices=SHARING, validators=[DataRequired(_l("Select what the GP may get"))]
    )
    asked_how = RadioField(
        _l("How did you ask?"), choices=ASKED_HOW, validators=[DataRequired(_l("Select how you asked"))]
    )


class GpMessageForm(FlaskForm):
    route = RadioField(_l("How to send it"), choices=ROUTES, default=str(MessageRoute.MESH))
