"""Translation catalogues: extract, update, compile, and check that shipped ones are complete."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.checkers import checkers
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


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
        str(root / "translations" / "messages.pot"),
        str(root),
    )


def update(root: Path, locales: tuple[str, ...]) -> None:
    for locale in locales:
        if locale == "en":
            continue
        po = root / "translations" / locale / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        args = ["-i", str(root / "translations" / "messages.pot"), "-d", str(root / "translations"), "-l", locale]
        _pybabel(action, *args, *(["--no-fuzzy-matching", "--ignore-obsolete"] if action == "update" else []))


def compile_all(root: Path) -> None:
    _pybabel("compile", "-d", str(root / "translations"))


@dataclass(frozen=True)
class Problem:
    locale: str
    msgid: str
    problem: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.msgid[:60]!r}: {self.problem}"


def _message_problems(locale: str, catalog: Catalog) -> list[Problem]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy:
            problems.append(Problem(locale, msgid, "marked fuzzy"))
        if not all(strings):
            problems.append(Problem(locale, msgid, "not translated"))
        for checker in checkers:
            try:
                checker(catalog, message)
            except Exception as error:
                problems.append(Problem(locale, msgid, str(error)))
    return problems


def check(root: Path, locales: tuple[str, ...]) -> list[Problem]:
    """Every msgid in the template must be translated, unfuzzy and format-consistent."""
    with open(root / "translations" / "messages.pot", "rb") as handle:
        template_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    problems: list[Problem] = []
    for locale in locales:
        if locale == "en":
            continue
        with open(root / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
            catalog = read_po(handle, locale=locale)
        present = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        problems += [Problem(locale, msgid, "missing from catalogue") for msgid in sorted(template_ids - present)]
        problems += _message_problems(locale, catalog)
    return problems
