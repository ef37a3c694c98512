"""Parts of the search form rendered once and kept per language: most searches reuse HTML
rendered before instead of rendering its fields and about 60 options again."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import get_locale
from markupsafe import Markup, escape

from portal.directory.categories import current_categories
from portal.directory.forms import FILTER_FIELDS, QueryField, SearchQuery

FRAGMENTS = "directory_fragments"
FRAGMENT_LIMIT = 512
TYPED = "zzTypedTextzz"  # stands in for what a person typed while a text field is rendered to keep


def filters_fragment(form: SearchQuery) -> Markup:
    """The filter checkboxes depend only on the language and what is ticked."""
    return _fragment("directory/_filters.html", form, *(tuple(form.chosen(name)) for name in FILTER_FIELDS))


def choices_fragment(form: SearchQuery) -> Markup:
    """The type and distance lists: on the language, the choice and the categories' version."""
    version = current_categories().version
    return _fragment("directory/_choices.html", form, version, form.category.data, form.distance.data)


def postcode_fragment(form: SearchQuery, oob: bool = False) -> Markup:
    """The postcode field (also sent out of band with htmx results), with its message if any."""
    return _typed_fragment("directory/_postcode.html", form, form.postcode, oob=oob)


def words_fragment(form: SearchQuery) -> Markup:
    return _typed_fragment("directory/_words.html", form, form.q)


def _typed_fragment(template: str, form: SearchQuery, field: QueryField, **context: Any) -> Markup:
    """A text field depends on the language, its message and what was typed: it is kept
    rendered around a stand-in, and what was typed is put in, escaped, each time. Nothing
    typed is ever kept."""
    typed = field.data
    field.data = TYPED
    try:
        kept = _fragment(template, form, tuple(field.errors), *sorted(context.items()), **context)
    finally:
        field.data = typed
    return Markup(str(kept).replace(TYPED, str(escape(typed or "")), 1))  # noqa: S704 (escaped)


def _fragment(template: str, form: SearchQuery, *choices: object, **context: Any) -> Markup:
    cache: dict[tuple[object, ...], Markup] = current_app.extensions.setdefault(FRAGMENTS, {})
    key = (template, str(get_locale()), *choices)
    if key not in cache:
        if len(cache) >= FRAGMENT_LIMIT:
            cache.clear()
        cache[key] = Markup(render_template(template, form=form.form(), **context))  # noqa: S704 (escaped by Jinja)
    return cache[key]
