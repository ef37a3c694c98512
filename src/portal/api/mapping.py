"""Which of our kinds of activity another directory's taxonomy terms mean: a CSV file a
coordinator edits (`taxonomy-mapping.example.csv` shows the shape).

    taxonomy_term,kind_of_activity
    Debt advice,money
    5f0c1c8e-4a8e-4f7e-9a53-1d8f0d3d6a11,walking
    Adult learning,-

A term is matched by its id, its code or its name (any case). A kind of activity is named by
its code (`/api/oruk/taxonomy_terms` lists them); `-` means "known, and deliberately filed
under nothing", so it is no longer reported.
Terms of our own taxonomies (another scheme's portal publishes the same ones) need no line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

IGNORED = "-"
COLUMNS = ("taxonomy_term", "kind_of_activity")


class MappingProblem(Exception):
    pass


@dataclass(frozen=True)
class TermMapping:
    codes: dict[str, str] = field(default_factory=dict)  # casefolded id, code or name -> category code or "-"

    def meaning(self, term: dict[str, Any]) -> str | None:
        """The category code a term maps to, "-" when it is deliberately ignored, else None."""
        for key in ("id", "code", "name"):
            value = term.get(key)
            if isinstance(value, str) and value.strip().casefold() in self.codes:
                return self.codes[value.strip().casefold()]
        return None


def read_mapping(path: Path | None, known_codes: set[str]) -> TermMapping:
    if path is None:
        return TermMapping()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise MappingProblem(f"cannot read the mapping file {path}: {error.strerror}") from error
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ())[:2] != COLUMNS:
        raise MappingProblem(f"the mapping file's first line must be: {','.join(COLUMNS)}")
    codes: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        term, code = (row.get("taxonomy_term") or "").strip(), (row.get("kind_of_activity") or "").strip()
        if not term:
            continue
        if code != IGNORED and code not in known_codes:
            raise MappingProblem(f"line {number} of the mapping file: no kind of activity has the code {code!r}")
        codes[term.casefold()] = code
    return TermMapping(codes)
