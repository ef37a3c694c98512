"""Where a "back to" or "next" value may send a browser: only a path on this site.

A value from the request (`next=`, a form's `back_to`) that names another site, with a scheme
(`https://evil.example`, `javascript:`), protocol-relative (`//evil.example`), or in the
spellings browsers repair into those (`/\\evil.example`, `/<tab>/evil.example`), would make
our own address the first step of a phishing link.
"""

from __future__ import annotations

from typing import TypeGuard
from urllib.parse import urlsplit

MAX_LENGTH = 2000


def is_own_path(target: object) -> TypeGuard[str]:
    if not isinstance(target, str) or not target.startswith("/") or len(target) > MAX_LENGTH:
        return False
    if target.startswith("//") or "\\" in target:
        return False
    if any(character.isspace() or not character.isprintable() for character in target):
        return False  # browsers drop tabs and newlines, so "/\t/evil.example" would leave the site
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def own_path(target: object, fallback: str) -> str:
    """`target` when it is a path on this site, else `fallback` (which the caller built)."""
    return target if is_own_path(target) else fallback
