"""The queue's filters (a GET form that never rejects) and the case page's forms.

Every case form carries the version of the referral it was shown with: a change made on an
older copy is refused (see `services.check_version`).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from portal.i18n import _l
from portal.referrals import choices
from portal.referrals.choices import options
from portal.referrals.models import ReferralStatus
from portal.triage.models import ClosingReason, ContactMethod, ContactOutcome
from portal.triage.queries import QueueFilter
from portal.web.forms import MaxLength
from portal.web.numbers import WholeNumberField

TYPES = options(
    ("self_referral", _l("Self-referral")), ("callback", _l("Call back")), ("possible_spam", _l("Possible spam"))
)
STATUSES = options(
    (ReferralStatus.NEW.value, _l("New")),
    (ReferralStatus.IN_TRIAGE.value, _l("In triage")),
    (ReferralStatus.CONTACT_ATTEMPTED.value, _l("Contact attempted")),
    (ReferralStatus.IN_SUPPORT.value, _l("In support")),
    (ReferralStatus.CLOSED.value, _l("Closed")),
)
HOLDERS = options(("everyone", _l("Everyone")), ("mine", _l("Mine")), ("unassigned", _l("Not taken yet")))
METHODS = options(
    (ContactMethod.PHONE.value, _l("Phone call")),
    (ContactMethod.SMS.value, _l("Text message")),
    (ContactMethod.EMAIL.value, _l("Email")),
)
OUTCOMES = options(
    (ContactOutcome.SPOKE.value, _l("Spoke to them")),
    (ContactOutcome.NO_ANSWER.value, _l("No answer")),
    (ContactOutcome.VOICEMAIL.value, _l("Voicemail left")),
    (ContactOutcome.WRONG_NUMBER.value, _l("Wrong number")),
    (ContactOutcome.TEXT_SENT.value, _l("Text sent")),
)
CLOSING_REASONS = options(
    (ClosingReason.SUPPORTED.value, _l("Supported and connected")),
    (ClosingReason.REFERRED_TO_GROUP.value, _l("Referred to a group")),
    (ClosingReason.REFERRED_ELSEWHERE.value, _l("Referred to another service")),
    (ClosingReason.DECLINED.value, _l("Declined")),
    (ClosingReason.UNABLE_TO_CONTACT.value, _l("Unable to contact")),
    (ClosingReason.NOT_ELIGIBLE.value, _l("Not eligible")),
    (ClosingReason.DUPLICATE.value, _l("Duplicate")),
    (ClosingReason.SPAM.value, _l("Spam")),
)
# Moves a holder makes by hand; taking and closing have their own buttons.
NEXT_STATUSES = options(
    (ReferralStatus.IN_TRIAGE.value, _l("In triage")),
    (ReferralStatus.CONTACT_ATTEMPTED.value, _l("Contact attempted (time limit paused)")),
    (ReferralStatus.IN_SUPPORT.value, _l("In support")),
)


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # filtering changes nothing

    type = SelectField(_l("Type"), choices=[SelectChoice("", _l("Any type")), *TYPES], validate_choice=False)
    status = SelectField(
        _l("Status"), choices=[SelectChoice("", _l("Any open status")), *STATUSES[:-1]], validate_choice=False
    )
    holder = SelectField(_l("Held by"), choices=HOLDERS, default="everyone", validate_choice=False)
    urgent = BooleanField(_l("Urgent only"))
    language = SelectField(_l("Language"), validate_choice=False)
    area = SelectField(_l("Area"), validate_choice=False)
    need = SelectField(_l("Need"), validate_choice=False)
    team = HiddenField()

    def offer(self, areas: list[str]) -> None:
        self.language.choices = [SelectChoice("", _l("Any language")), *choices.LANGUAGES]
        self.area.choices = [SelectChoice("", _l("Any area")), *[SelectChoice(code, code) for code in areas]]
        self.need.choices = [SelectChoice("", _l("Any need")), *choices.NEEDS]

    def chosen(self) -> QueueFilter:
        return QueueFilter(
            type=self.type.data or "",
            status=self.status.data or "",
            holder=self.holder.data if self.holder.data in ("mine", "unassigned") else "everyone",
            urgent=bool(self.urgent.data),
            language=self.language.data or "",
            area=(self.area.data or "").strip().upper()[:4],
            need=self.need.data or "",
            team=(self.team.data or "").strip().lower()[:60],
        )


class VersionedForm(FlaskForm):
    version = WholeNumberField()

    def shown_version(self) -> int:
        """The version of the referral the page showed; -1 (a stale edit) when it is not one."""
        return -1 if self.version.data is None else int(self.version.data)


class ReassignForm(VersionedForm):
    holder = SelectField(_l("Pass to"), validate_choice=False)


class ContactAttemptForm(VersionedForm):
    method = RadioField(
        _l("How"), choices=METHODS, validators=[InputRequired(_l("Select how you tried to contact them"))]
    )
    outcome = RadioField(_l("What happened"), choices=OUTCOMES, validators=[InputRequired(_l("Select what happened"))])


class NoteForm(VersionedForm):
    body = TextAreaField(
        _l("Note"),
        validators=[DataRequired(_l("Enter the note")), MaxLength(5000, _l("Note must be 5,000 characters or fewer"))],
    )


class StatusForm(VersionedForm):
    status = RadioField(_l("Status"), choices=NEXT_STATUSES, validators=[InputRequired(_l("Select a status"))])
    next_review_on = StringField(_l("Next review date (optional)"))


class CloseForm(VersionedForm):
    reason = RadioField(_l("Why are you closing it?"), validators=[InputRequired(_l("Select why you are closing it"))])


class UrgentForm(VersionedForm):
    urgent = HiddenField()


class SafeguardingForm(VersionedForm):
    concern = TextAreaField(
        _l("What is the concern?"),
        validators=[
            DataRequired(_l("Enter what the concern is")),
            MaxLength(5000, _l("Concern must be 5,000 characters or fewer")),
        ],
    )
    escalated_to = StringField(
        _l("Who did you tell?"),
        validators=[
            DataRequired(_l("Enter who you told about the concern")),
            MaxLength(200, _l("Who you told must be 200 characters or fewer")),
        ],
    )


class TransferForm(VersionedForm):
    """The teams offered are set by the view (every team but the referral's own)."""

    team = SelectField(_l("Which team should it go to?"), validate_choice=False)
    reason = TextAreaField(
        _l("Why are you transferring it?"),
        validators=[
            DataRequired(_l("Enter why you are transferring it")),
            MaxLength(1000, _l("The reason must be 1,000 characters or fewer")),
        ],
    )

    def offer(self, teams: list[tuple[str, str]]) -> None:
        self.team.choices = [SelectChoice("", _l("Select a team")), *(SelectChoice(slug, name) for slug, name in teams)]


class QueueSearchForm(FlaskForm):
    """Sent by POST: a name or phone number never goes into a URL."""

    q = StringField(
        _l("Find a referral by its reference, or the person's name or phone number"),
        validators=[
            DataRequired(_l("Enter a reference, a name or a phone number")),
            MaxLength(100, _l("Enter 100 characters or fewer")),
        ],
    )
