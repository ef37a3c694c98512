"""Translation catalogues: extract, update, compile, and check that shipped ones are complete.

Each catalogue's header says who wrote it (`Review-Status`), and `update` keeps that line,
which Babel's own update would drop. A translation identical to the English counts as
untranslated unless `translations/same-as-english.tsv` says that word is the same in that
language ("OK", "Cost" in Welsh).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.checkers import checkers
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

SOURCE_LOCALE = "en"
REVIEW_STATUSES = (
    "written by us, not yet reviewed by a native speaker",
    "reviewed by a native speaker",
)
ALLOW_LIST = "same-as-english.tsv"
_REVIEW_LINE = re.compile(r'^"Review-Status: (?P<status>[^"\\]*)\\n"$', re.MULTILINE)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
_TAG = re.compile(r"<[^<>]+>")
_COUNTS = frozenset({"num", "count"})  # a plural form may say "one hour" without the number
# Urdu and Arabic have their own comma (U+060C); a Latin one after their words looks wrong.
_LATIN_COMMA_AFTER_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]\s*,")
ARABIC_SCRIPT_LOCALES = ("ar", "ur")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def translations_dir(root: Path) -> Path:
    return root / "translations"


def po_path(root: Path, locale: str) -> Path:
    return translations_dir(root) / locale / "LC_MESSAGES" / "messages.po"


def extract(root: Path) -> None:
    _pybabel(
        "extract",
        "-F",
        str(root / "babel.cfg"),
        "-k",
        "_l",
        "-k",
        "lazy_ngettext:1,2",
        "--no-location",
        "--sort-output",
        "-o",
        str(translations_dir(root) / "messages.pot"),
        str(root),
    )


def read_template(root: Path) -> Catalog:
    with open(translations_dir(root) / "messages.pot", "rb") as handle:
        return read_po(handle)


def read_catalogue(root: Path, locale: str) -> Catalog:
    with open(po_path(root, locale), "rb") as handle:
        return read_po(handle, locale=locale)


def review_status(root: Path, locale: str) -> str | None:
    found = _REVIEW_LINE.search(po_path(root, locale).read_text(encoding="utf-8"))
    return found["status"] if found else None


def write_catalogue(root: Path, locale: str, catalog: Catalog, status: str) -> None:
    """Write a catalogue with its `Review-Status` header line, obsolete entries dropped."""
    buffer = io.BytesIO()
    catalog.obsolete.clear()
    write_po(buffer, catalog, width=76, ignore_obsolete=True, include_previous=False)
    text = buffer.getvalue().decode("utf-8")
    text = text.replace(f'"Language: {locale}\\n"\n', f'"Language: {locale}\\n"\n"Review-Status: {status}\\n"\n', 1)
    path = po_path(root, locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def update(root: Path, locales: tuple[str, ...]) -> None:
    """Merge the template's strings into each catalogue (starting one for a new language),
    keeping every translation and its Review-Status."""
    template = read_template(root)
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        if po_path(root, locale).exists():
            catalog, status = read_catalogue(root, locale), review_status(root, locale) or REVIEW_STATUSES[0]
        else:
            catalog, status = Catalog(locale=locale, project="social prescribing portal"), REVIEW_STATUSES[0]
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        write_catalogue(root, locale, catalog, status)


def compile_all(root: Path) -> None:
    _pybabel("compile", "-d", str(translations_dir(root)))


@dataclass(frozen=True)
class Problem:
    locale: str
    msgid: str
    problem: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.msgid[:60]!r}: {self.problem}"


def message_id(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def strings_of(message: Message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return tuple(string or "" for string in strings)


def placeholder_problems(message: Message) -> list[str]:
    """What is broken in a translation's placeholders and HTML: Babel's format checks, and
    stricter ones of our own (a translation that drops `%(phone)s` or a link would lose the
    phone number or the link, so every named placeholder and tag must be kept)."""
    problems = []
    for checker in checkers:
        try:
            checker(None, message)
        except Exception as error:
            problems.append(str(error))
    sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    for index, string in enumerate(strings_of(message)):
        if not string:
            continue
        source = sources[min(index, len(sources) - 1)]
        needed = set(_PLACEHOLDER.findall(source)) - ({""} | (_COUNTS if len(sources) > 1 else set()))
        missing = sorted(name for name in needed if f"%({name})" not in string)
        if missing:
            problems.append(f"placeholder missing: {', '.join(missing)}")
        if sorted(_TAG.findall(source)) != sorted(_TAG.findall(string)):
            problems.append("HTML tags differ from the English")
    return problems


def same_as_english_allowed(root: Path) -> set[tuple[str, str]]:
    """(locale, msgid) pairs allowed to equal the English; locale `*` allows every language."""
    path = translations_dir(root) / ALLOW_LIST
    rows = csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    return {(row[0], row[1]) for row in rows if row and not row[0].startswith("#") and len(row) >= 2}


def _identical_to_english(message: Message, locale: str, allowed: set[tuple[str, str]]) -> bool:
    msgid = message_id(message)
    if (locale, msgid) in allowed or ("*", msgid) in allowed:
        return False
    sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    return any(string and string in sources for string in strings_of(message))


def _message_problems(locale: str, catalog: Catalog, allowed: set[tuple[str, str]]) -> list[Problem]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message_id(message)
        if message.fuzzy:
            problems.append(Problem(locale, msgid, "marked fuzzy"))
        if not all(strings_of(message)):
            problems.append(Problem(locale, msgid, "not translated"))
        elif _identical_to_english(message, locale, allowed):
            problems.append(Problem(locale, msgid, f"same as the English (if right, add it to {ALLOW_LIST})"))
        problems += [Problem(locale, msgid, problem) for problem in placeholder_problems(message)]
        if locale in ARABIC_SCRIPT_LOCALES and any(
            _LATIN_COMMA_AFTER_ARABIC_SCRIPT.search(string) for string in strings_of(message) if string
        ):
            problems.append(Problem(locale, msgid, "a Latin comma after Arabic-script words: use ،"))
    return problems


def check(root: Path, locales: tuple[str, ...]) -> list[Problem]:
    """Every msgid in the template must be translated, unfuzzy, format-consistent and not just
    the English; every catalogue says who wrote it."""
    template_ids = {message_id(m) for m in read_template(root) if m.id}
    allowed = same_as_english_allowed(root)
    problems: list[Problem] = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        catalog = read_catalogue(root, locale)
        if review_status(root, locale) not in REVIEW_STATUSES:
            problems.append(Problem(locale, "", f"header needs Review-Status: one of {', '.join(REVIEW_STATUSES)}"))
        present = {message_id(m) for m in catalog if m.id}
        problems += [Problem(locale, msgid, "missing from catalogue") for msgid in sorted(template_ids - present)]
        problems += _message_problems(locale, catalog, allowed)
    return problems
