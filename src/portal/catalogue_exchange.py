"""Sending a catalogue to a translation agency and loading its work back: a `.po` file (for
tools that read gettext) or a spreadsheet (CSV, one row per string and plural form, with the
counts each plural form is for). A file with a broken placeholder or tag is refused whole,
naming each line, so a catalogue never ships half an agency's work."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from gettext import c2py
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from portal.catalogues import (
    REVIEW_STATUSES,
    message_id,
    placeholder_problems,
    read_catalogue,
    read_template,
    review_status,
    strings_of,
    write_catalogue,
)

COLUMNS = ("msgid", "msgid_plural", "plural_form", "counts", "msgstr", "notes")


class RefusedImport(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def plural_examples(catalog: Catalog, limit: int = 6) -> list[str]:
    """For each plural form of the catalogue's language, some counts that use it ("1, 21, 31")."""
    form_of = c2py(catalog.plural_expr)
    found: list[list[int]] = [[] for _ in range(catalog.num_plurals)]
    for n in (*range(0, 200), 1000, 1000000):
        if len(found[form_of(n)]) < limit:
            found[form_of(n)].append(n)
    return [", ".join(str(n) for n in counts) for counts in found]


def export_po(root: Path, locale: str) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, read_catalogue(root, locale), width=76, ignore_obsolete=True)
    return buffer.getvalue()


def export_csv(root: Path, locale: str) -> str:
    catalog = read_catalogue(root, locale)
    examples = plural_examples(catalog)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for message in catalog:
        if not message.id:
            continue
        notes = "; ".join([*message.auto_comments, *sorted(message.flags - {"fuzzy"})])
        if isinstance(message.id, str):
            writer.writerow([message.id, "", "", "", message.string or "", notes])
            continue
        for index, string in enumerate(strings_of(message)):
            writer.writerow([message.id[0], message.id[1], index, examples[index], string, notes])
    return buffer.getvalue()


@dataclass
class Imported:
    """Translations read from a file, each with the line it came from."""

    strings: dict[str, dict[int, str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    status: str | None = None


def _read_csv(text: str) -> Imported:
    imported = Imported()
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        msgid, string = row.get("msgid") or "", row.get("msgstr") or ""
        if not msgid or not string:
            continue
        form = int(row["plural_form"]) if (row.get("plural_form") or "").isdigit() else 0
        imported.strings.setdefault(msgid, {})[form] = string
        imported.lines.setdefault(msgid, reader.line_num)
    return imported


def _read_po(data: bytes, locale: str) -> Imported:
    imported = Imported()
    catalog = read_po(io.BytesIO(data), locale=locale)
    for message in catalog:
        if message.id and any(strings_of(message)):
            imported.strings[message_id(message)] = dict(enumerate(strings_of(message)))
            imported.lines[message_id(message)] = message.lineno or 0
    text = data.decode("utf-8", errors="replace")
    imported.status = next((status for status in REVIEW_STATUSES if f"Review-Status: {status}" in text), None)
    return imported


def read_translations(path: Path, locale: str) -> Imported:
    if path.suffix.lower() == ".csv":
        return _read_csv(path.read_text(encoding="utf-8-sig"))
    return _read_po(path.read_bytes(), locale)


def _merged(message: Message, forms: dict[int, str]) -> Message:
    if isinstance(message.id, str):
        string: str | tuple[str, ...] = forms.get(0, strings_of(message)[0])
    else:
        string = tuple(forms.get(index, old) for index, old in enumerate(strings_of(message)))
    return Message(message.id, string, flags=message.flags - {"fuzzy"})


def import_translations(root: Path, locale: str, path: Path, reviewed: bool = False) -> int:
    """Load a file's translations into the locale's catalogue. Strings the template does not
    have are refused too: they belong to another version of the portal."""
    imported = read_translations(path, locale)
    template_ids = {message_id(message) for message in read_template(root) if message.id}
    catalog = read_catalogue(root, locale)
    known = {message_id(message): message for message in catalog if message.id}
    problems, merged = [], []
    for msgid, forms in imported.strings.items():
        line = imported.lines[msgid]
        if msgid not in known or msgid not in template_ids:
            problems.append(f"line {line}: not a string of this version of the portal: {msgid[:60]!r}")
            continue
        message = _merged(known[msgid], forms)
        problems += [f"line {line}: {msgid[:60]!r}: {problem}" for problem in placeholder_problems(message)]
        merged.append((known[msgid], message))
    if problems:
        raise RefusedImport(problems)
    for existing, message in merged:
        existing.string = message.string
        existing.flags.discard("fuzzy")
    status = REVIEW_STATUSES[1] if reviewed else imported.status or review_status(root, locale) or REVIEW_STATUSES[0]
    write_catalogue(root, locale, catalog, status)
    return len(merged)


def catalogue_for_export(root: Path, locale: str, kind: str) -> bytes:
    return export_po(root, locale) if kind == "po" else export_csv(root, locale).encode("utf-8")
