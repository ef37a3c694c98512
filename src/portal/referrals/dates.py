"""Reading a date of birth typed in three boxes, the way people actually type it.

The month may be a number or a name in any shipped language ("3", "March", "mar", "Mawrth",
"marca", "مارچ", "মার্চ"). Problems are
reported in the order a person can fix them: something missing, then an impossible date, then
a date in the future; each names the parts to highlight, the first of which the summary links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import get_month_names

from portal.i18n import SHIPPED_LOCALES, _l
from portal.referrals.wording import Message, Wording

PARTS = ("day", "month", "year")
MONTH_NAME_LOCALES = SHIPPED_LOCALES  # no two of them use one name for different months
EARLIEST_YEAR = 1900

MISSING = {
    ("day",): _l("Date of birth must include a day"),
    ("month",): _l("Date of birth must include a month"),
    ("year",): _l("Date of birth must include a year"),
    ("day", "month"): _l("Date of birth must include a day and month"),
    ("day", "year"): _l("Date of birth must include a day and year"),
    ("month", "year"): _l("Date of birth must include a month and year"),
}
NOTHING_ENTERED = Wording(_l("Enter your date of birth"), _l("Enter their date of birth"))
NOT_REAL = _l("Date of birth must be a real date")
YEAR_DIGITS = _l("Year must include 4 numbers")
IN_FUTURE = _l("Date of birth must be in the past")


@dataclass(frozen=True)
class DateProblem:
    message: Message
    parts: tuple[str, ...]


@cache
def month_numbers() -> dict[str, int]:
    names: dict[str, int] = {"sept": 9}
    for locale in MONTH_NAME_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=locale).items():
                    names.setdefault(name.casefold().rstrip("."), number)
    return names


def read_month(typed: str) -> int | None:
    if typed.isdigit() and typed.isascii():
        return int(typed) if 1 <= int(typed) <= 12 else None
    return month_numbers().get(typed.casefold().rstrip("."))


def _number(typed: str, low: int, high: int) -> int | None:
    if not (typed.isdigit() and typed.isascii() and len(typed) <= 2):
        return None
    return int(typed) if low <= int(typed) <= high else None


def read_date_of_birth(day: str, month: str, year: str, today: date) -> date | DateProblem:
    typed = dict(zip(PARTS, (day.strip(), month.strip(), year.strip()), strict=True))
    missing = tuple(part for part in PARTS if not typed[part])
    if len(missing) == len(PARTS):
        return DateProblem(NOTHING_ENTERED, PARTS)
    if missing:
        return DateProblem(MISSING[missing], missing)
    day_number, month_number = _number(typed["day"], 1, 31), read_month(typed["month"])
    wrong = tuple(part for part, value in (("day", day_number), ("month", month_number)) if value is None)
    if wrong:
        return DateProblem(NOT_REAL, wrong)
    if not (typed["year"].isdigit() and typed["year"].isascii() and len(typed["year"]) == 4):
        return DateProblem(YEAR_DIGITS, ("year",))
    assert day_number is not None and month_number is not None
    try:
        born = date(int(typed["year"]), month_number, day_number)
    except ValueError:
        return DateProblem(NOT_REAL, ("day",))
    if born.year < EARLIEST_YEAR:
        return DateProblem(NOT_REAL, ("year",))
    if born > today:
        return DateProblem(IN_FUTURE, PARTS)
    return born


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
