"""Reading the NHS's list of GP practices: `epraccur.csv` from the Organisation Data Service.

The file has no header line; its 27 columns are read by position (ODS "GP and GP practice
related data"): 1 Organisation Code, 2 Name, 5 to 9 Address Lines 1 to 5, 10 Postcode,
13 Status Code (A active, C closed, D dormant, P proposed), 18 Contact Telephone Number and
26 Prescribing Setting, where 4 is a GP practice. Rows of other settings (out-of-hours
services, walk-in centres, prisons and the like) are skipped: people are not registered there.
A header line, if a file has one, is skipped too. The file spells names and addresses in
capitals; they are stored as people write them ("ARMLEY ROAD" becomes "Armley Road").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from portal.practices.models import PracticeStatus
from portal.web.forms import normalise_postcode

CODE, NAME, POSTCODE, STATUS, PHONE, SETTING = 0, 1, 9, 12, 17, 25
ADDRESS = slice(4, 9)
GP_PRACTICE_SETTING = "4"
STATUSES = {"A": PracticeStatus.ACTIVE, "C": PracticeStatus.CLOSED, "D": PracticeStatus.DORMANT}
STATUSES["P"] = PracticeStatus.PROPOSED
ODS_CODE = re.compile(r"^[A-Z0-9]{3,10}$")
# Kept in capitals when the rest of a name is not.
ACRONYMS = {"nhs": "NHS", "gp": "GP", "pcn": "PCN", "uk": "UK", "hmp": "HMP"}


@dataclass(frozen=True)
class PracticeRow:
    ods_code: str
    name: str
    address_lines: list[str]
    postcode: str | None
    phone: str | None
    status: PracticeStatus


WORD = re.compile(r"[a-z]+")


def _capitalised(word: str) -> str:
    """`(NHS)` keeps its capitals, `JOHN'S` becomes `John's`, `ST.` becomes `St.`."""
    first = WORD.search(word)
    if first is None:
        return word
    core = first.group()
    shown = ACRONYMS.get(core, core.capitalize()) if first.end() == len(word.rstrip(").,;:")) else core.capitalize()
    return word[: first.start()] + shown + word[first.end() :]


def as_written(value: str) -> str:
    """Capitals as people write them; text already in mixed case stays as it is."""
    words = value.split()
    if " ".join(words) != " ".join(words).upper():
        return " ".join(words)
    return " ".join(_capitalised(word) for word in value.lower().split())


def _practice(row: list[str]) -> PracticeRow | None:
    code = row[CODE].strip().upper() if row else ""
    if len(row) <= SETTING or not ODS_CODE.match(code) or not row[NAME].strip():
        return None
    if row[SETTING].strip() not in (GP_PRACTICE_SETTING, ""):
        return None
    postcode = normalise_postcode(row[POSTCODE]) or None
    return PracticeRow(
        ods_code=code,
        name=as_written(row[NAME]),
        address_lines=[as_written(line) for line in row[ADDRESS] if line.strip()],
        postcode=postcode,
        phone=row[PHONE].strip() or None,
        status=STATUSES.get(row[STATUS].strip().upper(), PracticeStatus.CLOSED),
    )


def read_rows(lines: Iterable[str]) -> Iterator[PracticeRow | None]:
    """Each line's practice, or None for a line that is not a GP practice (to count as skipped)."""
    for row in csv.reader(lines):
        yield _practice(row)


def read_file(path: Path) -> Iterator[PracticeRow | None]:
    with path.open(encoding="utf-8-sig", newline="") as lines:
        yield from read_rows(lines)
