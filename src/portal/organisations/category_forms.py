"""The form for a category's name and plain words: one fieldset per shipped language, so a
language added to the settings gets its fieldset without a code change."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import StopValidation

from portal.directory.categories import Text
from portal.i18n import _l
from portal.referrals.forms import many_lines, one_line
from portal.web.forms import MaxLength

LABEL_LENGTH = 100
SYNONYMS_LENGTH = 2000


class Filled:
    """The field must have more than spaces in it (without the browser's `required`)."""

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not (field.data or "").strip():
            raise StopValidation(self.message)


class CategoryForm(FlaskForm):
    """`label_<locale>` and `synonyms_<locale>` for each language; see `category_form_class`."""

    locales: tuple[str, ...] = ()

    def typed(self) -> dict[str, Text]:
        return {
            locale: (self[f"label_{locale}"].data or "", self[f"synonyms_{locale}"].data or "")
            for locale in self.locales
        }

    def show_errors(self, locales: list[str], message: Any) -> None:
        for locale in locales:
            field = self[f"label_{locale}"]
            field.errors = [*field.errors, message]


@lru_cache(maxsize=4)
def category_form_class(locales: tuple[str, ...]) -> type[CategoryForm]:
    fields: dict[str, Any] = {"locales": locales}
    for locale in locales:
        required = [Filled(_l("Enter the name in English"))] if locale == "en" else []
        fields[f"label_{locale}"] = StringField(
            filters=[one_line],
            validators=[*required, MaxLength(LABEL_LENGTH, _l("Name must be 100 characters or fewer"))],
        )
        fields[f"synonyms_{locale}"] = TextAreaField(
            filters=[many_lines],
            validators=[MaxLength(SYNONYMS_LENGTH, _l("Plain words must be 2,000 characters or fewer"))],
        )
    return type("LocalisedCategoryForm", (CategoryForm,), fields)
