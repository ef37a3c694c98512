"""Forms for connecting the person to groups and services from the case."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired

from portal.i18n import _l
from portal.outbox.models import Channel
from portal.referrals.choices import options
from portal.triage.forms import VersionedForm
from portal.web.forms import MultiCheckboxField

CHANNELS = options((Channel.SMS.value, _l("Text message")), (Channel.EMAIL.value, _l("Email")))


class ConnectSearchForm(FlaskForm):
    class Meta:
        csrf = False  # searching changes nothing

    words = StringField(_l("Search the directory"))


class SuggestForm(VersionedForm):
    listings = MultiCheckboxField(_l("Groups and services found"), validate_choice=False)


class SendSuggestionsForm(VersionedForm):
    channel = RadioField(
        _l("Send them by"), validators=[InputRequired(_l("Select how to send the suggestions"))], validate_choice=True
    )
