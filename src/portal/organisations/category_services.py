"""Coordinators' changes to the categories (kinds of activity): names and plain words in each
language, new categories, retiring and restoring. Every change bumps the categories' version
(each app server reloads within `categories.CHECK_SECONDS`), is audited, and records who made
it and when."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from portal.accounts.audit.record import record_event
from portal.accounts.models import User
from portal.db import session, utcnow
from portal.directory.categories import Text, Vocabulary, load, mark_changed, tidy_synonyms
from portal.directory.indexing import refresh_documents
from portal.directory.models import MAX_CATEGORY_BITS, Category, CategoryText

CODE_LENGTH = 40


class CategoriesFull(Exception):
    """Every bit of the search index is taken (retired categories keep theirs)."""


@dataclass(frozen=True)
class Change:
    by: str  # the coordinator's name, or "" when their account is gone
    at: datetime


def last_changes() -> dict[int, Change]:
    """Who changed each category last, and when (seeded ones nobody changed are missing)."""
    rows = session.execute(
        select(Category.id, User.name, Category.changed_at).outerjoin(User, User.id == Category.changed_by_id)
    )
    return {category_id: Change(name or "", at) for category_id, name, at in rows if at is not None}


def all_categories() -> list[Category]:
    return list(session.scalars(select(Category).order_by(Category.sort_order, Category.id)))


def clashing_languages(vocabulary: Vocabulary, code: str | None, typed: Mapping[str, Text]) -> list[str]:
    """Languages in which another category already has the name typed."""
    clashes = []
    for locale, (label, _synonyms) in typed.items():
        others = {text[0].casefold() for other, text in vocabulary.texts(locale).items() if other != code and text[0]}
        if label and label.casefold() in others:
            clashes.append(locale)
    return clashes


def save_texts(category: Category, typed: Mapping[str, Text], actor: User) -> list[str]:
    """Store each language's name and plain words; returns the languages that changed. English
    first: the other languages' defaults can depend on its name."""
    english_first = sorted(typed, key=lambda locale: locale != "en")
    changed = [locale for locale in english_first if _save_text(category, locale, typed[locale])]
    if not changed:
        return []
    mark_changed(session)
    _record(category, actor, "category.changed", {"languages": changed})
    if "en" in changed:
        refresh_documents(session, category.bit, load(session))
    return changed


def _save_text(category: Category, locale: str, typed: Text) -> bool:
    """English is stored as typed; another language only where it differs from what it shows
    without a coordinator's wording (so later catalogue translations still reach it)."""
    label, synonyms = typed[0].strip(), tidy_synonyms(typed[1])
    if locale != "en":
        default_label, default_synonyms = load(session).default_text(category.code, locale)
        label = "" if label == default_label else label
        synonyms = "" if synonyms == tidy_synonyms(default_synonyms) else synonyms
    row = next((text for text in category.texts if text.locale == locale), None)
    before = (row.label, row.synonyms) if row else ("", "")
    if (label, synonyms) == before:
        return False
    if row is None:
        category.texts.append(CategoryText(locale=locale, label=label, synonyms=synonyms))
    elif locale != "en" and not (label or synonyms):
        category.texts.remove(row)
    else:
        row.label, row.synonyms = label, synonyms
    session.flush()
    return True


def add_category(typed: Mapping[str, Text], actor: User) -> Category:
    """A new category with the next free bit; bits are never reused."""
    mark_changed(session)
    bit = (session.scalar(select(func.max(Category.bit))) or -1) + 1
    if bit >= MAX_CATEGORY_BITS:
        raise CategoriesFull
    english_label, english_synonyms = typed["en"]
    category = Category(
        code=_new_code(english_label),
        bit=bit,
        related=[],
        sort_order=(session.scalar(select(func.max(Category.sort_order))) or 0) + 1,
        texts=[CategoryText(locale="en", label=english_label.strip(), synonyms=tidy_synonyms(english_synonyms))],
    )
    session.add(category)
    session.flush()
    for locale, text in typed.items():
        if locale != "en":
            _save_text(category, locale, text)
    _record(category, actor, "category.added", {"bit": bit})
    return category


def _new_code(english_label: str) -> str:
    """A code for spreadsheets from the English name: `Sea swimming` -> `sea_swimming`."""
    ascii_name = unicodedata.normalize("NFKD", english_label).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[: CODE_LENGTH - 4] or "category"
    taken = set(session.scalars(select(Category.code)))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def set_retired(category: Category, retired: bool, actor: User) -> None:
    """Retired: hidden from the filters, the synonyms and the editor's choices; listings keep
    it, and their index bits, so restoring brings everything back as it was."""
    if category.retired == retired:
        return
    mark_changed(session)
    category.retired = retired
    _record(category, actor, "category.retired" if retired else "category.restored", {})


def _record(category: Category, actor: User, action: str, detail: dict[str, object]) -> None:
    category.changed_at, category.changed_by_id = utcnow(), actor.id
    record_event(action, "category", category.code, detail, actor=actor)
