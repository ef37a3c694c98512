"""The listing editor's sections (about, when, where, who it is for, contact): each its own
page, saved into the editor's draft, with a check-answers summary that sends the draft for
review. A section's page posts only its own fields; the rest of the listing comes from the
draft, so nothing is lost between sections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from werkzeug.datastructures import MultiDict
from wtforms import Field, FieldList, SelectMultipleField

from portal.directory.categories import current as current_categories
from portal.i18n import _l
from portal.organisations.editing import form_data
from portal.organisations.forms import TRANSLATION_FIELDS, ListingForm
from portal.organisations.wording import field_label, summary_value


@dataclass(frozen=True)
class Section:
    slug: str
    title: LazyString
    fields: tuple[str, ...]
    shown: tuple[str, ...]  # the snapshot's fields the summary shows for it

    def owns(self, name: str) -> bool:
        """Whether a field, as the browser names it (`sessions-0-byday`), is this section's."""
        return name.partition("-")[0] in self.fields


SECTIONS = (
    Section(
        "about",
        _l("About the group or service"),
        ("name", "summary", "description", "categories", *TRANSLATION_FIELDS),
        ("name", "summary", "description", "categories", "translations"),
    ),
    Section("when", _l("When it happens"), ("sessions",), ("schedules",)),
    Section(
        "where",
        _l("Where it happens"),
        ("attending_type", "locations", "accessibility"),
        ("attending_type", "locations", "accessibility"),
    ),
    Section(
        "who",
        _l("Who it is for and how to join"),
        ("audiences", "attending_access", "is_free", "fees_description", "languages", "capacity"),
        ("audiences", "attending_access", "is_free", "fees_description", "languages", "capacity"),
    ),
    Section("contact", _l("Contact details"), ("email", "phone", "url"), ("email", "phone", "url")),
)
BY_SLUG = {section.slug: section for section in SECTIONS}
SLUGS = tuple(BY_SLUG)


def next_section(section: Section) -> Section | None:
    index = SECTIONS.index(section)
    return SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None


def _pairs(field: Field) -> Iterator[tuple[str, str]]:
    if isinstance(field, FieldList):
        for entry in field:
            for part in entry.form:
                yield from _pairs(part)
    elif isinstance(field, SelectMultipleField):
        yield from ((field.name, str(value)) for value in field.data or [])
    elif field.type != "CSRFTokenField":
        yield field.name, "" if field.data is None else str(field.data)


def initial(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The editor's answers for a snapshot; what it does not say yet keeps the form's defaults.
    Retired categories are not offered (saving keeps them: `editing.snapshot_from_form`)."""
    if not snapshot:
        return {}
    answers = {name: value for name, value in form_data(snapshot).items() if value not in (None, "")}
    vocabulary = current_categories()
    answers["categories"] = [code for code in answers.get("categories") or [] if vocabulary.is_active(code)]
    return answers


def as_formdata(snapshot: dict[str, Any]) -> MultiDict[str, str]:
    """A snapshot as the browser would post the whole editor."""
    form = ListingForm(formdata=None, data=initial(snapshot), meta={"csrf": False})
    return MultiDict([pair for field in form for pair in _pairs(field)])


def merged(snapshot: dict[str, Any], posted: MultiDict[str, str], section: Section) -> MultiDict[str, str]:
    """The draft's answers with this section's replaced by what was posted (an unticked box
    sends nothing, so the section's own answers are taken only from the post)."""
    kept = [(key, value) for key, value in as_formdata(snapshot).items(multi=True) if not section.owns(key)]
    sent = [
        (key, value)
        for key, value in posted.items(multi=True)
        if section.owns(key) or key in ("csrf_token", "row_action")
    ]
    return MultiDict(kept + sent)


def saved_section(draft: dict[str, Any], answers: dict[str, Any], section: Section) -> dict[str, Any]:
    """The draft with this section's answers in it; everything else stays exactly as it was
    (so a section never changes what the editor did not touch)."""
    if not draft:
        return answers
    return {**draft, **{name: answers[name] for name in section.shown}}


def _clear_errors(field: Field) -> None:
    field.errors = []
    if isinstance(field, FieldList):
        for entry in field:
            for part in entry.form:
                part.errors = []


def validate_section(form: ListingForm, section: Section) -> bool:
    """The whole form through its validators (so checks across fields still run), keeping
    only this section's errors: the other sections are checked on their own pages."""
    form.validate()
    for field in form:
        if field.type != "CSRFTokenField" and not section.owns(field.name):
            _clear_errors(field)
    form._errors = None  # WTForms caches `errors`: recompute it from the fields
    return not form.errors


def problems_by_section(snapshot: dict[str, Any]) -> list[tuple[Section, str]]:
    """What must be put right before a draft can be sent: each section's first message."""
    form = ListingForm(formdata=as_formdata(snapshot), meta={"csrf": False})
    form.validate()
    found = []
    for section in SECTIONS:
        messages = [message for name in section.fields for message in _messages(form[name].errors)]
        if messages:
            found.append((section, messages[0]))
    return found


def _messages(errors: Any) -> Iterator[str]:
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _messages(value)
    elif isinstance(errors, list | tuple):
        for item in errors:
            yield from _messages(item)
    elif errors:
        yield str(errors)


SummaryRow = tuple[str, str, str, str]


def check_rows(
    snapshot: dict[str, Any], change_url: Callable[[Section], str]
) -> list[tuple[Section, list[SummaryRow]]]:
    """Each section's answers for the check-answers page, each row with its Change link."""
    return [
        (
            section,
            [
                (field_label(name), summary_value(name, snapshot.get(name)), change_url(section), field_label(name))
                for name in section.shown
            ],
        )
        for section in SECTIONS
    ]
