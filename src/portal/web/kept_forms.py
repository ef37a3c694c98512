"""A form's page rendered once and kept, with slots for what is one person's own: the values
in its fields, their CSRF token and the response's CSP nonce.

A journey's question page is the same for everybody at the same place (language, question,
wording, back link) but for the values it shows, and drawing it with WTForms and Jinja costs
several times what the framework itself costs a request. So it is drawn once, through the
real templates, with a form that holds no data and records each field it draws as a slot;
the page is kept as fixed text between slots, and each request fills the slots from its own
answers as WTForms would have drawn them, escaped. Kept text holds nothing of anyone's: the
form had no data, and the token and nonce of the request that drew it become slots.

So a kept page's templates show a field's value only by drawing the field (never `field.data`),
and whatever else the page depends on is in its key; tests/test_referral_kept_pages.py checks
that every question page filled this way is the page WTForms draws.

A form with a field that cannot be a slot (a select, whose options may change; a computed
default; a `filter_` method) is never kept: its page is drawn every time, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from flask import current_app, g
from flask import session as browser_session
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from wtforms import Field, StringField, widgets
from wtforms.fields.choices import SelectFieldBase, SelectMultipleField
from wtforms.meta import DefaultMeta

from portal.security import csp_nonce

Answers = Mapping[str, Any]
SLOT = re.compile("\ue000([0-9]+)\ue001")  # private-use characters: never in a template, unchanged by escaping
KEPT_PAGES = "portal_kept_form_pages"
KEPT_PAGE_LIMIT = 1024  # pages x languages; cleared whole if ever exceeded


class NotKeepable(Exception):
    """The page draws a field that no slot can fill as WTForms would."""


@dataclass(frozen=True)
class FieldData:
    """How a field turns a person's answer into its data on a GET, as `Field.process` does."""

    name: str
    default: Any
    filters: tuple[Callable[[Any], Any], ...]
    kind: Literal["text", "one", "many"]
    coerce: Callable[[Any], Any]

    def data(self, answers: Answers) -> Any:
        value = answers.get(self.name, self.default)
        data = self._processed(value)
        try:
            for keep in self.filters:
                data = keep(data)
        except ValueError:  # WTForms records it as a process error and keeps what it had
            pass
        return data

    def _processed(self, value: Any) -> Any:
        if self.kind == "text":
            return value
        try:
            if self.kind == "one":
                return self.coerce(value) if value is not None else None
            return [self.coerce(item) for item in value]
        except (ValueError, TypeError):
            return None

    def selected(self, data: Any, option: Any) -> bool:
        if self.kind == "one":
            return bool(self.coerce(option) == data)
        return self.coerce(option) in (data or ())


class Slot(Protocol):
    def fill(self, answers: Answers) -> str: ...


@dataclass(frozen=True)
class ValueSlot:
    """A text field's value (its `value` attribute, or a textarea's content)."""

    field: FieldData

    def fill(self, answers: Answers) -> str:
        data = self.field.data(answers)
        return str(escape("" if data is None else str(data)))


@dataclass(frozen=True)
class ChoiceSlot:
    """One radio button or checkbox, drawn both ways when the page was kept."""

    field: FieldData
    option: Any
    unchecked: str
    checked: str

    def fill(self, answers: Answers) -> str:
        return self.checked if self.field.selected(self.field.data(answers), self.option) else self.unchecked


class CsrfSlot:
    def fill(self, _answers: Answers) -> str:
        return str(escape(generate_csrf()))


class NonceSlot:
    def fill(self, _answers: Answers) -> str:
        return csp_nonce()


@dataclass(frozen=True)
class KeptPage:
    texts: tuple[str, ...]  # one more than the slots: the text before each slot, then the end
    slots: tuple[Slot, ...]

    def fill(self, answers: Answers) -> str:
        parts = [self.texts[0]]
        for slot, text in zip(self.slots, self.texts[1:], strict=True):
            parts += (slot.fill(answers), text)
        return "".join(parts)


def _field_data(field: Field) -> FieldData:
    if callable(field.default):
        raise NotKeepable(field.name)
    if isinstance(field, SelectMultipleField):
        kind: Literal["text", "one", "many"] = "many"
    elif isinstance(field, SelectFieldBase):
        kind = "one"
    elif isinstance(field, StringField) and type(field)._value is StringField._value:
        kind = "text"
    else:
        raise NotKeepable(field.name)
    return FieldData(field.short_name, field.default, tuple(field.filters), kind, getattr(field, "coerce", str))


class _Recorder:
    """Stands in for the form's `meta.render_field`: each field drawn becomes a slot marker."""

    def __init__(self, form: FlaskForm) -> None:
        if any(name.startswith("filter_") for name in dir(form)):
            raise NotKeepable("filter method")
        self.fields = {field.name: field for field in form}
        self.slots: list[Slot] = []

    def marker(self, slot: Slot) -> str:
        self.slots.append(slot)
        return f"\ue000{len(self.slots) - 1}\ue001"

    def render_field(self, field: Field, render_kw: dict[str, Any]) -> Markup:
        def draw() -> Markup:
            return Markup(DefaultMeta.render_field(field.meta, field, render_kw))  # noqa: S704 (a widget's HTML)

        if field.type == "CSRFTokenField":
            return draw()  # its token is made a slot once the page is drawn
        if isinstance(field.widget, (widgets.RadioInput, widgets.CheckboxInput)) and hasattr(field, "choice"):
            field.checked = False
            unchecked = draw()
            field.checked = True
            slot = ChoiceSlot(_field_data(self.fields[field.name]), field.choice.value, str(unchecked), str(draw()))
            return Markup(self.marker(slot))  # noqa: S704 (a marker)
        if not isinstance(field.widget, (widgets.Input, widgets.TextArea)):
            raise NotKeepable(field.name)
        marker = self.marker(ValueSlot(_field_data(field)))
        field._value = lambda: marker
        html = draw()
        if html.count(marker) != 1:
            raise NotKeepable(field.name)
        return html


def _kept(html: str, recorder: _Recorder) -> KeptPage:
    """The drawn page as texts and slots, with this request's own secrets taken out."""
    token_name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    for secret, slot in ((g.get(token_name), CsrfSlot()), (g.get("csp_nonce"), NonceSlot())):
        if isinstance(secret, str) and secret and secret in html:
            html = html.replace(secret, recorder.marker(slot))
    pieces = SLOT.split(html)
    return KeptPage(tuple(pieces[0::2]), tuple(recorder.slots[int(index)] for index in pieces[1::2]))


def _draw(form_class: type[FlaskForm], render: Callable[[FlaskForm], str]) -> KeptPage | None:
    form = form_class(formdata=None)
    try:
        recorder = _Recorder(form)
        form.meta.render_field = recorder.render_field
        return _kept(render(form), recorder)
    except NotKeepable:
        return None


def kept_form_page(
    key: Hashable, form_class: type[FlaskForm], render: Callable[[FlaskForm], str], answers: Answers
) -> str | None:
    """The page kept under `key` (drawn by `render` from a form of `form_class`), filled with
    these answers; None when it cannot be kept, so the caller draws it as usual. The key must
    name everything else the page depends on (its address, language and wording)."""
    if "_flashes" in browser_session:  # a message for this person alone: drawn for them
        return None
    pages: dict[Hashable, KeptPage | None] = current_app.extensions.setdefault(KEPT_PAGES, {})
    if key in pages:
        page = pages[key]
    else:
        if len(pages) >= KEPT_PAGE_LIMIT:
            pages.clear()
        page = pages[key] = _draw(form_class, render)
    return None if page is None else page.fill(answers)
