"""Questions and messages come in two wordings: to a person about themselves, and to someone
referring a person they care for ("your date of birth", "their date of birth")."""

from __future__ import annotations

from typing import Any, NamedTuple


class Wording(NamedTuple):
    yours: Any  # lazy strings, translated when shown
    theirs: Any


Message = Any  # a lazy string, or a Wording when it depends on who the referral is for


def say(message: Message, someone_else: bool) -> str:
    if isinstance(message, Wording):
        return str(message.theirs if someone_else else message.yours)
    return str(message)
