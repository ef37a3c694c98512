"""Forms for "what matters to me": the assessment, the wellbeing plan and ONS4 wellbeing scores.

Each carries the referral's version (see `VersionedForm`): an edit made on an older copy is refused.
"""

from __future__ import annotations

from datetime import date

from wtforms import Field, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from portal.i18n import _l
from portal.referrals.choices import options
from portal.triage.forms import VersionedForm
from portal.triage.models import Barrier, Ons4Question, WellbeingStage
from portal.web.forms import MaxLength, MultiCheckboxField, normalise_digits

BARRIERS = options(
    (Barrier.TRANSPORT.value, _l("Transport or getting there")),
    (Barrier.CONFIDENCE.value, _l("Confidence")),
    (Barrier.LANGUAGE.value, _l("Language")),
    (Barrier.MONEY.value, _l("Money")),
    (Barrier.HEALTH.value, _l("Health or disability")),
    (Barrier.CARING.value, _l("Caring for someone")),
    (Barrier.DIGITAL.value, _l("Using the internet or a phone")),
)
STAGES = options(
    (WellbeingStage.BASELINE.value, _l("At the start (baseline)")),
    (WellbeingStage.FOLLOW_UP.value, _l("Follow-up")),
    (WellbeingStage.CLOSE.value, _l("At closing")),
)
QUESTIONS = options(
    (Ons4Question.LIFE_SATISFACTION.value, _l("Overall, how satisfied are you with your life nowadays?")),
    (
        Ons4Question.WORTHWHILE.value,
        _l("Overall, to what extent do you feel the things you do in your life are worthwhile?"),
    ),
    (Ons4Question.HAPPINESS.value, _l("Overall, how happy did you feel yesterday?")),
    (Ons4Question.ANXIETY.value, _l("Overall, how anxious did you feel yesterday?")),
)
SHORT_QUESTIONS = options(
    (Ons4Question.LIFE_SATISFACTION.value, _l("Life satisfaction")),
    (Ons4Question.WORTHWHILE.value, _l("Things they do are worthwhile")),
    (Ons4Question.HAPPINESS.value, _l("Happiness yesterday")),
    (Ons4Question.ANXIETY.value, _l("Anxiety yesterday")),
)


class ZeroToTen:
    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, _form: object, field: Field) -> None:
        typed = normalise_digits(str(field.data or "")).strip()
        if not typed.isdigit() or not 0 <= int(typed) <= 10:
            raise ValidationError(self.message)
        field.data = typed


class IsoDate:
    """A date from a date input (yyyy-mm-dd); browsers without one let people type it."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, _form: object, field: Field) -> None:
        try:
            date.fromisoformat(normalise_digits(str(field.data or "")).strip())
        except ValueError:
            raise ValidationError(self.message) from None


def date_of(field: Field) -> date | None:
    typed = normalise_digits(str(field.data or "")).strip()
    return date.fromisoformat(typed) if typed else None


def _text(max_length: int, too_long: str) -> list[object]:
    return [Optional(), MaxLength(max_length, too_long)]


class AssessmentForm(VersionedForm):
    needs = TextAreaField(
        _l("What matters to them, and what they need"),
        validators=[
            DataRequired(_l("Enter what matters to them")),
            MaxLength(5000, _l("What matters to them must be 5,000 characters or fewer")),
        ],
    )
    strengths = TextAreaField(
        _l("Their strengths (optional)"), validators=_text(5000, _l("Strengths must be 5,000 characters or fewer"))
    )
    barriers = MultiCheckboxField(_l("What could get in the way (optional)"), choices=BARRIERS, validate_choice=False)
    barriers_detail = TextAreaField(
        _l("More about what could get in the way (optional)"),
        validators=_text(5000, _l("More about what could get in the way must be 5,000 characters or fewer")),
    )
    existing_support = TextAreaField(
        _l("Support they already have (optional)"),
        validators=_text(5000, _l("Support they already have must be 5,000 characters or fewer")),
    )


class PlanForm(VersionedForm):
    goals = TextAreaField(
        _l("Their goals"),
        validators=[
            DataRequired(_l("Enter their goals")),
            MaxLength(5000, _l("Goals must be 5,000 characters or fewer")),
        ],
    )
    review_on = StringField(
        _l("Review date (optional)"),
        validators=[Optional(), IsoDate(_l("Review date must be a real date, like 2027-03-27"))],
    )


class PlanActionForm(VersionedForm):
    what = TextAreaField(
        _l("Action"),
        validators=[
            DataRequired(_l("Enter the action")),
            MaxLength(1000, _l("Action must be 1,000 characters or fewer")),
        ],
    )
    who = StringField(
        _l("Who will do it"),
        validators=[
            DataRequired(_l("Enter who will do it")),
            MaxLength(200, _l("Who will do it must be 200 characters or fewer")),
        ],
    )
    by_when = StringField(
        _l("By when (optional)"), validators=[Optional(), IsoDate(_l("By when must be a real date, like 2027-03-27"))]
    )


class WellbeingForm(VersionedForm):
    stage = RadioField(_l("When is this?"), choices=STAGES, validators=[InputRequired(_l("Select when this is"))])
    life_satisfaction = StringField(
        QUESTIONS[0].label, validators=[ZeroToTen(_l("Enter a number from 0 to 10 for life satisfaction"))]
    )
    worthwhile = StringField(
        QUESTIONS[1].label, validators=[ZeroToTen(_l("Enter a number from 0 to 10 for things being worthwhile"))]
    )
    happiness = StringField(QUESTIONS[2].label, validators=[ZeroToTen(_l("Enter a number from 0 to 10 for happiness"))])
    anxiety = StringField(QUESTIONS[3].label, validators=[ZeroToTen(_l("Enter a number from 0 to 10 for anxiety"))])

    def scores(self) -> dict[Ons4Question, int]:
        return {question: int(getattr(self, question.value).data) for question in Ons4Question}
