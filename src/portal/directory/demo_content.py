"""Words for the demonstration listings, kept as data in `data/demo-content.json`: Leeds areas
and venues, the community languages groups run in, and the kinds of groups."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONTENT_FILE = Path(__file__).parent / "data" / "demo-content.json"


@dataclass(frozen=True)
class Kind:
    name: str  # {area}, {venue} filled in
    organisation: str
    summary: str
    description: str
    categories: tuple[str, ...]
    times: tuple[str, ...] = ("10:00-12:00",)
    rules: tuple[str, ...] = ("weekly",)  # weekly, fortnightly, monthly, appointment, any_time
    free: float = 0.7  # chance it is free
    fee: str = "£3 a session, free if you cannot afford it"
    access: str = "drop_in"
    delivery: tuple[str, ...] = ("in_person",)
    audiences: tuple[str, ...] = ()
    ages: tuple[int | None, int | None] = (None, None)
    remote_only: bool = False
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)
    days: tuple[str, ...] = ()  # the days its words name ("Wednesday Walkers"); else one at random


def kind_from(record: dict[str, Any]) -> Kind:
    fields: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list) else value for name, value in record.items()
    }
    fields["translations"] = {locale: tuple(words) for locale, words in record.get("translations", {}).items()}
    return Kind(**fields)


def _content() -> dict[str, Any]:
    return json.loads(CONTENT_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


_CONTENT = _content()
# outward code -> (area name, venues)
AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    code: (area["name"], tuple(area["venues"])) for code, area in _CONTENT["areas"].items()
}
# Areas where more groups run in community languages besides English.
COMMUNITY_LANGUAGES: dict[str, tuple[str, ...]] = {
    code: tuple(languages) for code, languages in _CONTENT["community_languages"].items()
}
KINDS: tuple[Kind, ...] = tuple(kind_from(record) for record in _CONTENT["kinds"])
REMOTE_KINDS: tuple[Kind, ...] = tuple(kind_from(record) for record in _CONTENT["remote_kinds"])
ORGANISATION_DESCRIPTIONS: str = _CONTENT["organisation_description"]
