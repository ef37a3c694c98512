"""One small form per question. Every field has its own translated message for each way it can
be wrong, and nothing a person types can make a form fail with anything but such a message."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import StopValidation

from portal import clock
from portal.i18n import _l
from portal.practices.queries import area_practices
from portal.referrals import choices
from portal.referrals.dates import DateProblem, read_date_of_birth
from portal.referrals.wording import Message, Wording, say
from portal.web.forms import (
    EmailAddress,
    MaxLength,
    MultiCheckboxField,
    PhoneNumber,
    Postcode,
    clean_text,
    normalise_postcode,
    remove_control_characters,
)

LONG_TEXT = 2000
LONG_TEXT_MESSAGE = _l("Enter 2,000 characters or fewer")
PHONE_FORMAT = _l("Enter a phone number, like 01632 960 001 or 07700 900 982")
MOBILE_FORMAT = _l("Enter a mobile phone number, like 07700 900 982")
NOT_A_MOBILE = _l("Enter a mobile phone number to get text messages, like 07700 900 982")
EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.com")
EMAIL_TOO_LONG = _l("Email address must be 254 characters or fewer")


def one_line(value: Any) -> Any:
    """Single-line answers: other-script digits to ASCII, no control characters, one space."""
    return " ".join(clean_text(value).split()) if isinstance(value, str) else value


def many_lines(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return remove_control_characters(value.replace("\r\n", "\n").replace("\r", "\n")).strip()


class Required:
    """Like InputRequired, without the `required` attribute (the browser must not validate)."""

    def __init__(self, message: Message) -> None:
        self.message = message

    def __call__(self, form: StepForm, field: Field) -> None:
        if field.data is None or field.data in ("", []):
            raise StopValidation(say(self.message, form.someone_else))


class Chosen:
    """Only the values offered: anything else gets the same message as choosing nothing
    (an optional question may also be left unanswered)."""

    def __init__(self, message: Message, optional: bool = False) -> None:
        self.message = message
        self.optional = optional

    def __call__(self, form: StepForm, field: Field) -> None:
        offered = {str(choice.value) for choice in field.choices} | ({""} if self.optional else set())
        given = field.data if isinstance(field.data, list) else [field.data or ""]
        if not set(given) <= offered:
            raise StopValidation(say(self.message, form.someone_else))


def radios(message: Message, options: list[tuple[str, Any]]) -> Any:
    return RadioField(choices=options, validate_choice=False, validators=[Required(message), Chosen(message)])


def checkboxes(message: Message, options: list[tuple[str, Any]]) -> Any:
    return MultiCheckboxField(choices=options, validate_choice=False, validators=[Required(message), Chosen(message)])


def text(message: Message | None, limit: int, too_long: Message, *more: Any) -> Any:
    required = [Required(message)] if message is not None else []
    return StringField(filters=[one_line], validators=[*required, MaxLength(limit, too_long), *more])


def long_text(limit: int = LONG_TEXT, too_long: Message = LONG_TEXT_MESSAGE) -> Any:
    return TextAreaField(filters=[many_lines], validators=[MaxLength(limit, too_long)])


class StepForm(FlaskForm):
    """A question page's form. `website` is the honeypot: hidden from people, found by robots."""

    website = StringField(_l("Leave this empty"), filters=[one_line])
    someone_else = False
    also_answers: tuple[str, ...] = ()  # answers worked out from the fields, saved with them

    def answers(self) -> dict[str, Any]:
        return {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "website")}

    def looks_automated(self) -> bool:
        return bool(self.website.data)


def _when_chosen(radio: str, value: str, *validators: Any) -> Any:
    """Check a revealed field only when its option is the one chosen."""

    def check(form: StepForm, field: Field) -> None:
        if form[radio].data == value:
            for validator in validators:
                validator(form, field)

    return check


class WhoForForm(StepForm):
    """Who it is for, and (revealed under "Someone I care for") how they know the person."""

    who_for = radios(_l("Select who the referral is for"), choices.WHO_FOR)
    relationship = StringField(_l("What is your relationship to them?"), filters=[one_line])

    validate_relationship = _when_chosen(
        "who_for",
        "someone_else",
        Required(_l("Enter your relationship to the person")),
        MaxLength(100, _l("Relationship must be 100 characters or fewer")),
    )

    def answers(self) -> dict[str, Any]:
        answers = super().answers()
        return answers if answers["who_for"] == "someone_else" else {**answers, "relationship": ""}


class AgreementForm(StepForm):
    person_agrees = radios(_l("Select yes if they agree to you referring them"), choices.YES_NO)


class NeedsForm(StepForm):
    """What they would like help with, and, in their own words if they like, what matters."""

    needs = checkboxes(
        Wording(_l("Select what you would like help with"), _l("Select what they would like help with")),
        choices.NEEDS,
    )
    what_matters = long_text()


class NameForm(StepForm):
    full_name = text(
        Wording(_l("Enter your full name"), _l("Enter their full name")),
        200,
        _l("Full name must be 200 characters or fewer"),
    )


class DateOfBirthForm(StepForm):
    """One question in three boxes; its one message sits on `dob_day` and links to the first
    box that needs changing."""

    dob_day = StringField(_l("Day"), filters=[one_line])
    dob_month = StringField(_l("Month"), filters=[one_line])
    dob_year = StringField(_l("Year"), filters=[one_line])
    failing_parts: tuple[str, ...] = ()

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        parts = (str(self.dob_day.data or ""), str(self.dob_month.data or ""), str(self.dob_year.data or ""))
        result = read_date_of_birth(*parts, today=clock.now().date())
        if isinstance(result, DateProblem):
            self.failing_parts = result.parts
            self.dob_day.errors.append(say(result.message, self.someone_else))
            self.dob_day.error_anchor = getattr(self, f"dob_{result.parts[0]}").id
            self._errors = None
            return False
        return valid


class PostcodeForm(StepForm):
    postcode = text(
        Wording(_l("Enter your postcode"), _l("Enter their postcode")),
        20,
        _l("Enter a full UK postcode, like LS6 1AN"),
        Postcode(_l("Enter a full UK postcode, like LS6 1AN")),
    )

    def answers(self) -> dict[str, Any]:
        return {"postcode": normalise_postcode(self.postcode.data)}


GP_PRACTICE = Wording(
    _l("Select your GP practice, or select I do not know"), _l("Select their GP practice, or select I do not know")
)


class GpPracticeForm(StepForm):
    """The practices of the scheme's area, or one of the two answers for people who cannot say."""

    gp_practice = SelectField(validate_choice=False, validators=[Required(GP_PRACTICE), Chosen(GP_PRACTICE)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gp_practice.choices = choices.gp_practice_options(area_practices())


class ContactForm(StepForm):
    contact_channel = radios(
        Wording(_l("Select how you would like us to contact you"), _l("Select how they would like us to contact them")),
        choices.CONTACT_CHANNELS,
    )
    phone = StringField(_l("Phone number"), filters=[one_line])
    mobile = StringField(_l("Mobile phone number"), filters=[one_line])
    email = StringField(_l("Email address"), filters=[one_line])

    validate_phone = _when_chosen(
        "contact_channel",
        "phone",
        Required(_l("Enter a phone number")),
        MaxLength(40, PHONE_FORMAT),
        PhoneNumber(PHONE_FORMAT),
    )
    validate_mobile = _when_chosen(
        "contact_channel",
        "sms",
        Required(_l("Enter a mobile phone number")),
        MaxLength(40, MOBILE_FORMAT),
        PhoneNumber(MOBILE_FORMAT, NOT_A_MOBILE),
    )
    validate_email = _when_chosen(
        "contact_channel", "email", Required(_l("Enter an email address")), EmailAddress(EMAIL_FORMAT, EMAIL_TOO_LONG)
    )

    def answers(self) -> dict[str, Any]:
        """Only the chosen way's detail is kept: the others may be half typed or out of date."""
        kept = {"phone": "phone", "sms": "mobile", "email": "email"}.get(str(self.contact_channel.data))
        answers = super().answers()
        return {name: (value if name in ("contact_channel", kept) else "") for name, value in answers.items()}


class BestTimesForm(StepForm):
    best_times = long_text(500, _l("Enter 500 characters or fewer"))


class VoicemailForm(StepForm):
    voicemail = radios(_l("Select yes if we can leave a voicemail message"), choices.YES_NO)


class MessagesForm(StepForm):
    """What is safe to leave or send, voicemail included (one page for the person's safety)."""

    safe_messages = checkboxes(_l("Select what is safe for us to send, or select None of these"), choices.MESSAGES)
    also_answers = ("voicemail",)

    def validate_safe_messages(self, field: Field) -> None:
        if "none" in field.data and len(field.data) > 1:
            raise StopValidation(_l("Select None of these on its own, or only what is safe to send"))

    def answers(self) -> dict[str, Any]:
        answers = super().answers()
        return {**answers, "voicemail": "yes" if "voicemail" in answers["safe_messages"] else "no"}


class LanguageForm(StepForm):
    language = radios(
        Wording(
            _l("Select the language you would like to speak in"), _l("Select the language they would like to speak in")
        ),
        choices.LANGUAGES,
    )
    language_other = StringField(_l("Which language?"), filters=[one_line])
    interpreter = MultiCheckboxField(
        choices=choices.INTERPRETER,
        validate_choice=False,
        validators=[Chosen(_l("Select if an interpreter is needed, or leave it unselected"))],
    )

    def validate_language_other(self, field: Field) -> None:
        if self.language.data == "other":
            Required(_l("Enter the language"))(self, field)
            MaxLength(100, _l("Language must be 100 characters or fewer"))(self, field)

    def answers(self) -> dict[str, Any]:
        answers = super().answers()
        return answers if answers["language"] == "other" else {**answers, "language_other": ""}


class UrgencyForm(StepForm):
    urgent = radios(_l("Select yes if someone needs help urgently"), choices.YES_NO)


class ConsentForm(StepForm):
    consent = checkboxes(_l("Confirm that you agree to share this information with our link workers"), choices.AGREE)


class NameAndPhoneForm(StepForm):
    """A call back needs only these two, so they share a page."""

    full_name = text(_l("Enter your full name"), 200, _l("Full name must be 200 characters or fewer"))
    phone = text(_l("Enter a phone number"), 40, PHONE_FORMAT, PhoneNumber(PHONE_FORMAT))


class AboutForm(StepForm):
    about = long_text()


def optional_radios(message: Message, options: list[tuple[str, Any]]) -> Any:
    return RadioField(choices=options, validate_choice=False, validators=[Chosen(message, optional=True)])


class AboutYouForm(StepForm):
    """Asked once a self-referral is sent, so it can never hold up a referral: both optional."""

    gender = optional_radios(_l("Select one of the options, or leave it unselected"), choices.GENDERS)
    ethnic_group = optional_radios(_l("Select one of the options, or leave it unselected"), choices.ETHNIC_GROUPS)


class SendForm(StepForm):
    """Check answers: the journey's one-time token makes a second send find the first."""

    submission_token = HiddenField(filters=[one_line])
