"""Forms for joining, the listing editor, moderation and reported problems. Every field has
its own translated message for each way it can be wrong."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString, get_locale
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, Field, FieldList, FormField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, StopValidation

from portal.config import current_scheme
from portal.db import session
from portal.directory import vocabulary as v
from portal.directory.categories import current as current_categories
from portal.geo.lookup import Place, PlaceProblem, Precision, find_place
from portal.i18n import SHIPPED_LOCALES, _l
from portal.referrals.choices import options
from portal.referrals.forms import EMAIL_FORMAT, EMAIL_TOO_LONG, PHONE_FORMAT, many_lines, one_line
from portal.web.forms import (
    EmailAddress,
    MaxLength,
    MultiCheckboxField,
    PhoneNumber,
    Postcode,
    WebAddress,
    normalise_web_address,
)

DAYS = (
    ("MO", _l("Monday")), ("TU", _l("Tuesday")), ("WE", _l("Wednesday")), ("TH", _l("Thursday")),
    ("FR", _l("Friday")), ("SA", _l("Saturday")), ("SU", _l("Sunday")),
)  # fmt: skip
HOW_OFTEN = (("1", _l("Every week")), ("2", _l("Every 2 weeks")))
TRANSLATABLE_LOCALES = tuple(code for code in SHIPPED_LOCALES if code != "en")


class ClockTime:
    """A time like 10:00, 10am or 2.30pm."""

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and parse_time(field.data) is None:
            raise StopValidation(self.message)


class PostcodeWeCanPlace:
    """A postcode inside the scheme's area that search can place: one in the local postcode
    table, or a new one whose district is known (placed at the district's centre, as a search
    from it would be). Runs after `Postcode` has checked its shape."""

    def __init__(self, unknown_message: Any, outside_message: Any) -> None:
        self.unknown_message, self.outside_message = unknown_message, outside_message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not field.data:
            return
        found = find_place(session, field.data, current_scheme().outward_codes)
        if found == PlaceProblem.OUTSIDE_AREA:
            raise StopValidation(str(self.outside_message) % {"area": current_scheme().area})
        if not (isinstance(found, Place) and found.precision in (Precision.POSTCODE, Precision.FALLBACK)):
            raise StopValidation(self.unknown_message)


def parse_time(typed: str) -> str | None:
    """`10`, `10:30`, `10.30am`, `2pm` -> `HH:MM`, or None."""
    text = typed.strip().lower().replace(".", ":").replace(" ", "")
    suffix = text[-2:] if text[-2:] in ("am", "pm") else ""
    hours, _colon, minutes = text.removesuffix(suffix).partition(":")
    if not (hours.isdigit() and (minutes.isdigit() or minutes == "")):
        return None
    hour, minute = int(hours), int(minutes or 0)
    if suffix and not 1 <= hour <= 12:
        return None
    hour = hour % 12 + (12 if suffix == "pm" else 0) if suffix else hour
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _text(message: Any, limit: int, too_long: Any, required: bool = True) -> StringField:
    validators = [InputRequired(message)] if required else []
    return StringField(filters=[one_line], validators=[*validators, MaxLength(limit, too_long)])


def _email(required_message: Any | None = None) -> StringField:
    first = [InputRequired(required_message)] if required_message else []
    return StringField(filters=[one_line], validators=[*first, EmailAddress(EMAIL_FORMAT, EMAIL_TOO_LONG)])


def _phone(required_message: Any | None = None) -> StringField:
    first = [InputRequired(required_message)] if required_message else []
    return StringField(filters=[one_line], validators=[*first, PhoneNumber(PHONE_FORMAT)])


class JoinForm(FlaskForm):
    """ "List your group or service". `website` is the honeypot."""

    organisation_name = _text(
        _l("Enter the name of your organisation"), 200, _l("Name must be 200 characters or fewer")
    )
    registered_number = _text(None, 20, _l("Charity or company number must be 20 characters or fewer"), False)
    contact_name = _text(_l("Enter your full name"), 200, _l("Full name must be 200 characters or fewer"))
    email = _email(_l("Enter your email address"))
    phone = _phone(_l("Enter a phone number"))
    what_they_do = TextAreaField(
        filters=[many_lines],
        validators=[
            InputRequired(_l("Tell us what your organisation does")),
            MaxLength(2000, _l("Enter 2,000 characters or fewer")),
        ],
    )
    area = _text(_l("Enter the area you work in"), 200, _l("Area must be 200 characters or fewer"))
    website = StringField(_l("Leave this empty"), filters=[one_line])


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        filters=[many_lines],
        validators=[
            InputRequired(_l("Enter the reason")),
            MaxLength(1000, _l("Reason must be 1,000 characters or fewer")),
        ],
    )


class SessionRowForm(FlaskForm):
    """One recurring session. Rows left empty are ignored."""

    class Meta:
        csrf = False

    byday = SelectField(_l("Day"), choices=options(("", _l("Choose a day")), *DAYS), validators=[Optional()])
    interval = SelectField(_l("How often"), choices=options(*HOW_OFTEN), default="1")
    opens_at = StringField(
        _l("Starts at"), filters=[one_line], validators=[ClockTime(_l("Enter a start time, like 10:00 or 2pm"))]
    )
    closes_at = StringField(
        _l("Ends at"), filters=[one_line], validators=[ClockTime(_l("Enter an end time, like 12:00 or 4pm"))]
    )

    def validate_closes_at(self, field: Field) -> None:
        opens, closes = parse_time(self.opens_at.data or ""), parse_time(field.data or "")
        if opens and closes and closes <= opens:
            raise StopValidation(_l("The end time must be after the start time"))

    def is_empty(self) -> bool:
        return not (self.byday.data or self.opens_at.data or self.closes_at.data)


class LocationRowForm(FlaskForm):
    class Meta:
        csrf = False

    name = _text(None, 200, _l("Place name must be 200 characters or fewer"), False)
    address_1 = _text(None, 200, _l("Address must be 200 characters or fewer"), False)
    city = _text(None, 100, _l("Town or city must be 100 characters or fewer"), False)
    postal_code = StringField(
        _l("Postcode"),
        filters=[one_line],
        validators=[
            Postcode(_l("Enter a real postcode, like LS6 1AN")),
            PostcodeWeCanPlace(
                _l("We cannot find that postcode. Check it and enter it again"),
                _l("That postcode is outside %(area)s. Enter a postcode in %(area)s"),
            ),
        ],
    )

    def is_empty(self) -> bool:
        return not (self.name.data or self.address_1.data or self.postal_code.data)


def _choices(terms: tuple[v.Term, ...]) -> list[Any]:
    return options(*((term.code, term.label) for term in terms))


class ListingForm(FlaskForm):
    name = _text(_l("Enter the name of the group or service"), 200, _l("Name must be 200 characters or fewer"))
    summary = _text(_l("Enter a short summary"), 300, _l("Summary must be 300 characters or fewer"))
    description = TextAreaField(
        filters=[many_lines], validators=[MaxLength(4000, _l("Enter 4,000 characters or fewer"))]
    )
    categories = MultiCheckboxField(validators=[InputRequired(_l("Select at least one kind of activity"))])
    audiences = MultiCheckboxField(choices=_choices(v.AUDIENCES))
    attending_type = MultiCheckboxField(
        choices=_choices(v.DELIVERY), validators=[InputRequired(_l("Select how people take part"))]
    )
    attending_access = RadioField(
        choices=_choices(v.ATTENDING_ACCESS),
        default="drop_in",
        validators=[InputRequired(_l("Select how people join"))],
    )
    is_free = RadioField(
        choices=options(("yes", _l("Free")), ("no", _l("There is a cost"))),
        default="yes",
        validators=[InputRequired(_l("Select whether it is free"))],
    )
    fees_description = _text(None, 300, _l("Cost must be 300 characters or fewer"), False)
    accessibility = MultiCheckboxField(choices=_choices(v.ACCESS_FEATURES))
    languages = MultiCheckboxField(
        choices=options(*((code, LazyString(v.language_name, code)) for code in v.LANGUAGE_CODES))
    )
    capacity = RadioField(
        choices=_choices(v.CAPACITY), default="open", validators=[InputRequired(_l("Select whether it has space"))]
    )
    email = _email()
    phone = _phone()
    url = StringField(
        filters=[normalise_web_address],
        validators=[
            MaxLength(500, _l("Website address must be 500 characters or fewer")),
            WebAddress(_l("Enter a website address in the correct format, like https://www.example.org")),
        ],
    )
    sessions = FieldList(FormField(SessionRowForm), min_entries=1, max_entries=20)
    locations = FieldList(FormField(LocationRowForm), min_entries=1, max_entries=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories.choices = options(*current_categories().choices(str(get_locale() or "en")))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = bool(super().validate(extra_validators))
        in_person = "in_person" in (self.attending_type.data or [])
        if in_person and all(row.form.is_empty() for row in self.locations):
            message = _l("Enter the postcode of the place people go to, or choose online or by phone only")
            postcode = self.locations[0].form.postal_code
            postcode.errors = [*postcode.errors, message]
            self.locations.errors = [*self.locations.errors, {"postal_code": [message]}]
            return False
        return valid


# An editor's own name and summary in each language the portal ships (the editor shows those
# the scheme offers): `name_cy`, `summary_cy`, `name_pl`...
TRANSLATION_FIELDS = tuple(f"{part}_{code}" for code in TRANSLATABLE_LOCALES for part in ("name", "summary"))
for _code in TRANSLATABLE_LOCALES:
    setattr(ListingForm, f"name_{_code}", _text(None, 200, _l("Name must be 200 characters or fewer"), False))
    setattr(ListingForm, f"summary_{_code}", _text(None, 300, _l("Summary must be 300 characters or fewer"), False))

# What the editor checks as each field changes (htmx): top-level fields by name, and fields of
# the session and place rows by their last part (`sessions-0-closes_at`).
CHECKED_FIELDS = frozenset(
    {"name", "summary", "fees_description", "email", "phone", "url", "categories", *TRANSLATION_FIELDS}
)
CHECKED_ROW_FIELDS = {"sessions": frozenset({"opens_at", "closes_at"}), "locations": frozenset({"postal_code"})}


def checked_field(form: ListingForm, name: str) -> tuple[FlaskForm, Field] | None:
    """The field called `name` (as the browser sends it) with the form that owns it, when it is
    one the editor checks on its own."""
    if name in CHECKED_FIELDS:
        return form, form[name]
    rows, _dash, _rest = name.partition("-")
    for entry in form[rows] if rows in CHECKED_ROW_FIELDS else ():
        row = entry.form
        found = next((field for field in row if field.name == name), None)
        if found is not None and found.short_name in CHECKED_ROW_FIELDS[rows]:
            return row, found
    return None


def validate_field(owner: FlaskForm, field: Field) -> bool:
    """One field through its validators and its form's `validate_<name>` method, exactly as
    saving the whole form runs them."""
    inline = getattr(type(owner), f"validate_{field.short_name}", None)
    return bool(field.validate(owner, [inline] if inline else []))


class StatusForm(FlaskForm):
    status = RadioField(
        choices=options(
            ("active", _l("Running as usual")),
            ("full", _l("Full at the moment")),
            ("paused", _l("Paused for now")),
            ("closed", _l("Closed for good")),
        ),
        validators=[InputRequired(_l("Select what is happening"))],
    )
    message = _text(None, 300, _l("Message must be 300 characters or fewer"), False)

    def validate_message(self, field: Field) -> None:
        if self.status.data in ("paused", "closed") and not field.data:
            raise StopValidation(_l("Enter a message for people who find the listing"))


class SpaceForm(FlaskForm):
    """How much space the group has, and each session's own when it differs (`space_form`)."""

    capacity = RadioField(choices=_choices(v.CAPACITY), validators=[InputRequired(_l("Select whether it has space"))])

    def session_fields(self) -> list[Field]:
        return [field for name, field in self._fields.items() if name.startswith("session_")]


def space_form(sessions: list[tuple[int, LazyString | str]], **given: Any) -> SpaceForm:
    """One radio group per session (by schedule id), "as the whole group" by default."""
    session_choices = options(("", _l("As the whole group")), *((term.code, term.label) for term in v.CAPACITY))

    class ListingSpaceForm(SpaceForm):
        pass

    for schedule_id, description in sessions:
        setattr(
            ListingSpaceForm, f"session_{schedule_id}", RadioField(description, choices=session_choices, default="")
        )
    return ListingSpaceForm(**given)


class ProblemForm(FlaskForm):
    kind = RadioField(
        choices=options(
            ("wrong_time", _l("The day or time is wrong")),
            ("closed", _l("It has closed")),
            ("wrong_contact", _l("The contact details are wrong")),
            ("other", _l("Something else")),
        ),
        validators=[InputRequired(_l("Select what is wrong"))],
    )
    details = TextAreaField(filters=[many_lines], validators=[MaxLength(1000, _l("Enter 1,000 characters or fewer"))])
    contact = _text(None, 254, _l("Contact details must be 254 characters or fewer"), False)
    website = StringField(_l("Leave this empty"), filters=[one_line])


class GroupReferralForm(FlaskForm):
    listing = SelectField(_l("Group or service"), validators=[InputRequired(_l("Select a group or service"))])
    contact = _text(
        _l("Enter how the group can contact the person"), 254, _l("Contact must be 254 characters or fewer")
    )
    note = TextAreaField(filters=[many_lines], validators=[MaxLength(1000, _l("Enter 1,000 characters or fewer"))])
    consent = BooleanField(validators=[InputRequired(_l("Confirm the person agrees to us sharing these details"))])
    send_while_full = BooleanField()  # offered once a full group is chosen


class GroupReferralUpdateForm(FlaskForm):
    status = StringField()
    reason = TextAreaField(
        filters=[many_lines], validators=[MaxLength(1000, _l("Reason must be 1,000 characters or fewer"))]
    )

    def validate_reason(self, field: Field) -> None:
        if self.status.data == "declined" and not field.data:
            raise StopValidation(_l("Enter the reason"))


class ImportForm(FlaskForm):
    spreadsheet = FileField(validators=[FileRequired(_l("Choose a CSV file"))])
    when_problems = RadioField(
        choices=options(
            ("nothing", _l("Import nothing, so I can fix the file")),
            ("valid_rows", _l("Import only the rows without problems")),
        ),
        default="nothing",
        validators=[InputRequired(_l("Select what to do if some rows have problems"))],
    )
