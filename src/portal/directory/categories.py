"""The categories (kinds of activity) as they are now, for everything that shows or searches
them: the search filters and synonyms, cards, the listing editor, spreadsheets, demo data and
the suggestions when a search finds nothing. Read them only through `current_categories()`.

Coordinators change them in the database (`organisations/category_services.py`). Each process
keeps one `Vocabulary` per database and compares its version with the stored one at most every
`CHECK_SECONDS` (one small query), so a search costs no more queries than before. A change
shows at once on the app server that made it, and within `CHECK_SECONDS` on the others.

Words: English always comes from its own row. Another language takes each field from its own
row where a coordinator set one; else, for a shipped category, from the catalogue's translation
of the shipped English (so a new language's translators name them as before); else it shows
the English name and adds no synonyms of its own (a search always matches the English ones).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from math import inf
from time import monotonic
from typing import Any, TypeVar, cast
from weakref import WeakKeyDictionary

from flask import has_app_context
from flask_babel import force_locale
from sqlalchemy import Engine, event, select, update
from sqlalchemy.orm import Session

from portal.db import session as request_session
from portal.directory.changes import listings_changed
from portal.directory.models import Category, CategoryText, CategoryVersion
from portal.directory.vocabulary import SHIPPED_BY_CODE, msgid

CHECK_SECONDS = 5.0
CHANGED = "categories_changed"
# People separate words with commas; Urdu has its own comma.
SEPARATORS = re.compile(r"[,\u060c;\n]")
T = TypeVar("T")
Text = tuple[str, str]  # (label, synonyms)


def split_synonyms(typed: str) -> list[str]:
    words = (" ".join(part.split()) for part in SEPARATORS.split(typed))
    return list(dict.fromkeys(word for word in words if word))


def tidy_synonyms(typed: str) -> str:
    return ", ".join(split_synonyms(typed))


@dataclass(frozen=True)
class CategoryTerm:
    code: str
    bit: int
    retired: bool
    related: tuple[str, ...]
    own: Mapping[str, Text]  # locale -> what a coordinator set ("" where they set nothing)


class Vocabulary:
    """The categories at one version, with what is worked out from them (labels per language,
    synonym phrases) kept until the next version replaces the whole object."""

    def __init__(self, version: int, terms: Iterable[CategoryTerm]) -> None:
        self.version = version
        self.terms = tuple(terms)
        self.by_code = {term.code: term for term in self.terms}
        self.active = tuple(term for term in self.terms if not term.retired)
        self._memo: dict[tuple[object, ...], Any] = {}

    def memo(self, key: tuple[object, ...], build: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    def is_active(self, code: str) -> bool:
        term = self.by_code.get(code)
        return term is not None and not term.retired

    def mask(self, codes: Iterable[str]) -> int:
        """The index bits of the given codes (retired ones too); unknown codes are ignored."""
        bits = 0
        for code in codes:
            term = self.by_code.get(code)
            if term is not None:
                bits |= 1 << term.bit
        return bits

    def texts(self, locale: str) -> dict[str, Text]:
        def build() -> dict[str, Text]:
            return {term.code: self._text(term, locale) for term in self.terms}

        if locale != "en" and not has_app_context():
            return build()  # the catalogues need the app: never keep what was worked out without them
        return self.memo(("texts", locale), build)

    def label(self, code: str, locale: str) -> str:
        text = self.texts(locale).get(code)
        return text[0] if text else code

    def synonyms(self, code: str, locale: str) -> str:
        text = self.texts(locale).get(code)
        return text[1] if text else ""

    def choices(self, locale: str) -> list[tuple[str, str]]:
        """(code, label) of the categories people can choose, in order."""
        return self.memo(
            ("choices", locale), lambda: [(term.code, self.label(term.code, locale)) for term in self.active]
        )

    def active_labels(self, codes: Iterable[str], locale: str) -> list[str]:
        return [self.label(code, locale) for code in codes if self.is_active(code)]

    def related(self, code: str) -> list[str]:
        term = self.by_code.get(code)
        return [other for other in (term.related if term else ()) if self.is_active(other)]

    def default_text(self, code: str, locale: str) -> Text:
        """What a language shows where a coordinator set nothing of their own."""
        shipped = SHIPPED_BY_CODE.get(code)
        if locale == "en":
            return (msgid(shipped.label), msgid(shipped.synonyms)) if shipped else (code, "")
        english = self.label(code, "en")
        if shipped is None:
            return english, ""
        return _translated(shipped.label, locale) or english, _translated(shipped.synonyms, locale) or ""

    def _text(self, term: CategoryTerm, locale: str) -> Text:
        if locale == "en" and "en" in term.own:
            return term.own["en"]
        own_label, own_synonyms = term.own.get(locale, ("", ""))
        default_label, default_synonyms = self.default_text(term.code, locale)
        return own_label or default_label, own_synonyms or default_synonyms


def _translated(message: object, locale: str) -> str | None:
    """The catalogue's translation, or None where the language has none yet."""
    with force_locale(locale):
        text = str(message)
    return text if text != msgid(message) else None


def load(db: Session) -> Vocabulary:
    """The categories as `db` sees them (its own uncommitted changes included). Plain rows, not
    ORM objects, so a long-lived session never hands back what it read before."""
    version = read_version(db)
    own: dict[int, dict[str, Text]] = {}
    for category_id, locale, label, synonyms in db.execute(
        select(CategoryText.category_id, CategoryText.locale, CategoryText.label, CategoryText.synonyms)
    ):
        own.setdefault(category_id, {})[locale] = (label, synonyms)
    rows = db.execute(
        select(Category.id, Category.code, Category.bit, Category.retired, Category.related).order_by(
            Category.sort_order, Category.id
        )
    )
    terms = [
        CategoryTerm(code, bit, bool(retired), tuple(related or ()), own.get(category_id, {}))
        for category_id, code, bit, retired, related in rows
    ]
    return Vocabulary(version, terms)


def read_version(db: Session) -> int:
    return int(db.scalar(select(CategoryVersion.version)) or 0)


@dataclass
class _Held:
    vocabulary: Vocabulary | None = None
    checked_at: float = -inf


_held: WeakKeyDictionary[Engine, _Held] = WeakKeyDictionary()


def current_categories(db: Session | None = None) -> Vocabulary:
    """The categories now: this process's copy, checked against the stored version at most
    every `CHECK_SECONDS`. `db` defaults to the request's session."""
    reader = request_session if db is None else db
    held = _held.setdefault(reader.get_bind().engine, _Held())
    now = monotonic()
    if held.vocabulary is not None and now - held.checked_at < CHECK_SECONDS:
        return held.vocabulary
    if held.vocabulary is None or held.vocabulary.version != read_version(reader):
        held.vocabulary = load(reader)
    held.checked_at = now
    return held.vocabulary


def stored_categories() -> Vocabulary:
    """The categories as the request's session sees them now, not this process's copy: for the
    pages where coordinators change them."""
    return load(request_session)


def forget(db: Session | Engine) -> None:
    """Drop this process's copy: the next `current_categories()` reads the database again."""
    engine = db if isinstance(db, Engine) else db.get_bind().engine
    _held.pop(engine, None)


def mark_changed(db: Session) -> None:
    """After a change: bump the version so every app server reloads, and have this process
    reload at once, and again when the change is committed or rolled back."""
    db.execute(update(CategoryVersion).values(version=CategoryVersion.version + 1))
    db.info[CHANGED] = True
    forget(db)
    listings_changed(db)  # search pages kept in memory show the categories' names and filters


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_when_settled(db: Session) -> None:
    if db.info.pop(CHANGED, False):
        forget(db)
