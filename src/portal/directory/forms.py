"""The search form: a GET form that never rejects what it is given; unknown choices are ignored."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from typing import Any

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, SelectField, StringField
from wtforms.validators import StopValidation

from portal.directory import vocabulary as v
from portal.directory.categories import current_categories
from portal.directory.formatting import within_miles
from portal.i18n import _l
from portal.web.forms import EmailAddress, MultiCheckboxField, PhoneNumber, clean_text

DISTANCES = ("1", "3", "5", "10", "20")
DEFAULT_DISTANCE = "5"
FILTER_FIELDS = ("when", "only", "delivery", "access", "language", "audience")


@lru_cache(maxsize=32)
def language_choices(locale: str) -> list[tuple[str, str]]:
    return [(code, v.language_name(code)) for code in v.LANGUAGE_CODES if code != "en"]


def search_choices(locale: str) -> dict[str, list[tuple[str, str]]]:
    """Every list of the search form in one language, kept with each version of the
    categories rather than worked out for each search (call in a request in that language)."""
    days = get_day_names("wide", locale=locale)
    choices = {
        "category": [("", _l("Any type")), *current_categories().choices(locale)],
        "distance": [(d, within_miles(int(d))) for d in DISTANCES],
        "when": [("today", _l("On today")), *((str(day), days[day]) for day in range(7))],
        "only": [("free", _l("Free")), ("drop_in", _l("Drop in: no need to book"))],
        "delivery": [(t.code, t.label) for t in v.DELIVERY],
        "access": [(t.code, t.label) for t in v.ACCESS_FEATURES],
        "language": language_choices(locale),
        "audience": [(t.code, t.label) for t in v.AUDIENCES],
    }
    return {name: [(code, str(label)) for code, label in pairs] for name, pairs in choices.items()}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search changes nothing

    postcode = StringField(_l("Postcode"))
    q = StringField(_l("What are you looking for? (optional)"))
    category = SelectField(_l("Type of group or service"), validate_choice=False)
    distance = SelectField(_l("Distance"), default=DEFAULT_DISTANCE, validate_choice=False)
    when = MultiCheckboxField(_l("When"), validate_choice=False)
    only = MultiCheckboxField(_l("Cost and booking"), validate_choice=False)
    delivery = MultiCheckboxField(_l("How it happens"), validate_choice=False)
    access = MultiCheckboxField(_l("Access"), validate_choice=False)
    language = MultiCheckboxField(_l("Language spoken"), validate_choice=False)
    audience = MultiCheckboxField(_l("Groups only for"), validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chosen: dict[str, list[str]] = {}
        for name, choices in search_form_choices().items():
            self[name].choices = choices

    def chosen(self, name: str) -> list[str]:
        """The field's values that are real choices, in the form's order."""
        if name not in self._chosen:
            field = self[name]
            given = set(field.data or []) if isinstance(field.data, list) else {field.data}
            self._chosen[name] = [str(value) for value, _label in field.choices if value in given]
        return self._chosen[name]

    def filters_chosen(self) -> int:
        return sum(len(self.chosen(name)) for name in FILTER_FIELDS)


@dataclass
class QueryField:
    """What a search form's field holds after reading the query string: its value and messages."""

    data: Any
    errors: list[str] = dataclass_field(default_factory=list)


class SearchQuery:
    """The search form's values read from the query string exactly as `SearchForm` reads them,
    without building its ten fields: most searches never render them (`search_fragments`
    keeps them rendered), so the form itself is built only when a fragment is (`form`)."""

    def __init__(self, args: MultiDict[str, str]) -> None:
        self.args = args
        self.postcode, self.q = QueryField(args.get("postcode")), QueryField(args.get("q"))
        self.category = QueryField(args.get("category"))
        self.distance = QueryField(args.get("distance", DEFAULT_DISTANCE))
        self._given = {name: args.getlist(name) for name in FILTER_FIELDS}
        self._chosen: dict[str, list[str]] = {}
        self._form: SearchForm | None = None

    @property
    def errors(self) -> dict[str, list[str]]:
        """As `Form.errors`: the layout's title starts with "Error:" when there are any."""
        return {"postcode": self.postcode.errors} if self.postcode.errors else {}

    def chosen(self, name: str) -> list[str]:
        if not self._chosen:
            choices = search_form_choices()
            for field_name, values in self._given.items():
                given = set(values)
                self._chosen[field_name] = [value for value, _label in choices[field_name] if value in given]
        return self._chosen[name]

    def filters_chosen(self) -> int:
        return sum(len(self.chosen(name)) for name in FILTER_FIELDS)

    def form(self) -> SearchForm:
        """The form itself, to render; its text fields hold what this query's hold."""
        if self._form is None:
            self._form = SearchForm(formdata=self.args)
        for name in ("postcode", "q"):
            mine = getattr(self, name)
            self._form[name].data, self._form[name].errors = mine.data, list(mine.errors)
        return self._form


def search_form_choices() -> dict[str, list[tuple[str, str]]]:
    """`search_choices` in the request's language, kept with the categories' version."""
    locale = str(get_locale() or "en")
    return current_categories().memo(("search form", locale), lambda: search_choices(locale))


class MobileOrEmail:
    """One field for either: with an @ it is checked as an email address, else as a mobile
    number, by the same validators as the referral journeys."""

    def __init__(self) -> None:
        self.email = EmailAddress(
            _l("Enter an email address in the correct format, like name@example.com"),
            _l("Email address must be 254 characters or fewer"),
        )
        self.mobile = PhoneNumber(
            _l("Enter a mobile phone number or an email address"),
            _l("We can only text a mobile. Enter a mobile phone number or an email address"),
        )

    def __call__(self, form: FlaskForm, field: Field) -> None:
        field.data = clean_text(field.data).strip()
        if not field.data:
            raise StopValidation(_l("Enter a mobile phone number or an email address"))
        (self.email if "@" in field.data else self.mobile)(form, field)


class SendShortlistForm(FlaskForm):
    """ "Text or email me this list": the address is used for this one message only."""

    contact = StringField(_l("Mobile phone number or email address"), validators=[MobileOrEmail()])
