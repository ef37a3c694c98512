"""Coordinators: the categories (kinds of activity) people filter and search by: their names
and plain words in each language, new ones, retiring and restoring."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts.access import coordinator_required
from portal.accounts.routes.helpers import current
from portal.db import session
from portal.directory.categories import Vocabulary, load
from portal.directory.models import Category
from portal.organisations import category_services as services
from portal.organisations.category_forms import CategoryForm, category_form_class
from portal.organisations.editor_routes import organisations


def _locales() -> tuple[str, ...]:
    return tuple(current_app.config["SETTINGS"].locales)


def _locale() -> str:
    return str(get_locale() or "en")


def _category_or_404(category_id: int) -> Category:
    category = session.get(Category, category_id)
    if category is None:
        abort(404)
    return category


def _form(vocabulary: Vocabulary, code: str | None) -> CategoryForm:
    """Filled with what each language shows now (a new category: empty)."""
    texts = {locale: vocabulary.texts(locale).get(code or "", ("", "")) for locale in _locales()}
    data = {f"label_{locale}": text[0] for locale, text in texts.items()}
    data |= {f"synonyms_{locale}": text[1] for locale, text in texts.items()}
    return category_form_class(_locales())(data=data)


def _valid(form: CategoryForm, vocabulary: Vocabulary, code: str | None) -> bool:
    if not form.is_submitted():
        return False
    valid = form.validate()
    clashes = services.clashing_languages(vocabulary, code, form.typed())
    form.show_errors(clashes, _("Another kind of activity already has this name"))
    return valid and not clashes


@organisations.get("/coordinator/categories")
@coordinator_required
def list_categories() -> str:
    return render_template(
        "organisations/categories.html",
        categories=services.all_categories(),
        changes=services.last_changes(),
        vocabulary=load(session),
        locale=_locale(),
    )


@organisations.route("/coordinator/categories/new", methods=["GET", "POST"])
@coordinator_required
def add_category() -> Response | str:
    vocabulary = load(session)
    form = _form(vocabulary, None)
    if _valid(form, vocabulary, None):
        try:
            category = services.add_category(form.typed(), current())
        except services.CategoriesFull:
            form.show_errors(["en"], _("There is no room for more kinds of activity: the search holds 63"))
        else:
            flash(_("Added. Editors can choose it now, and people can find it by its name and plain words."))
            return redirect(url_for(".edit_category", category_id=category.id), 303)
    title = _("Add a kind of activity")
    return render_template("organisations/category.html", form=form, category=None, title=title, locales=_locales())


@organisations.route("/coordinator/categories/<id:category_id>", methods=["GET", "POST"])
@coordinator_required
def edit_category(category_id: int) -> Response | str:
    category = _category_or_404(category_id)
    vocabulary = load(session)
    form = _form(vocabulary, category.code)
    if _valid(form, vocabulary, category.code):
        changed = services.save_texts(category, form.typed(), current())
        flash(_("Saved. Search uses the new words within a few seconds.") if changed else _("Nothing changed."))
        return redirect(url_for(".list_categories"), 303)
    return render_template(
        "organisations/category.html",
        form=form,
        category=category,
        change=services.last_changes().get(category.id),
        title=vocabulary.label(category.code, _locale()),
        locales=_locales(),
    )


@organisations.post("/coordinator/categories/<id:category_id>/retire")
@coordinator_required
def retire_category(category_id: int) -> Response:
    services.set_retired(_category_or_404(category_id), True, current())
    flash(_("Retired. It is hidden from the search filters and the listing editor; listings keep it."))
    return redirect(url_for(".list_categories"), 303)


@organisations.post("/coordinator/categories/<id:category_id>/restore")
@coordinator_required
def restore_category(category_id: int) -> Response:
    services.set_retired(_category_or_404(category_id), False, current())
    flash(_("Restored. People can filter by it again."))
    return redirect(url_for(".list_categories"), 303)
