"""The coordinator's answer time for an organisation, and the person's one-button answer."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import StopValidation

from portal.i18n import _l
from portal.web.forms import normalise_digits

LONGEST_ANSWER_TIME = 30  # working days


class AnswerTimeForm(FlaskForm):
    working_days = StringField(_l("Working days to answer a referral (optional)"))

    def validate_working_days(self, field: Field) -> None:
        typed = normalise_digits(field.data or "").strip()
        if not typed:
            field.data = None
            return
        if not (typed.isascii() and typed.isdigit() and len(typed) <= 3):
            raise StopValidation(_l("Enter the number of working days as a number, like 5"))
        if not 1 <= int(typed) <= LONGEST_ANSWER_TIME:
            raise StopValidation(_l("Enter a number of working days from 1 to 30"))
        field.data = int(typed)


class AnswerForm(FlaskForm):
    """Only the CSRF token: the answer is in the link the person tapped."""
