"""Passwords: Argon2id hashes, and the few rules that matter (OWASP ASVS 2.1): long enough,
not too long to hash, not a common password. No composition rules; pasting is welcome."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")

# RFC 9106's second recommended option (Argon2id, 64 MiB, 3 passes): argon2-cffi's default.
PRODUCTION_HASHER = PasswordHasher()
# Tests hash hundreds of passwords; a cheap hasher keeps them fast. Never used outside tests.
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def init_app(app: Flask, testing: bool) -> None:
    app.extensions["portal_password_hasher"] = TEST_HASHER if testing else PRODUCTION_HASHER


def hasher() -> PasswordHasher:
    return current_app.extensions.get("portal_password_hasher", PRODUCTION_HASHER)  # type: ignore[no-any-return]


def normalise(password: str) -> str:
    """The same password typed on another keyboard (composed or decomposed accents) matches."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    return hasher().hash(normalise(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account has a password, so timing reveals nothing."""
    try:
        return hasher().verify(password_hash or _dummy_hash(), normalise(password)) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


def _dummy_hash() -> str:
    return _dummy_hash_for(hasher())


@cache
def _dummy_hash_for(password_hasher: PasswordHasher) -> str:
    return password_hasher.hash("not a password anyone has")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common(password: str) -> bool:
    folded = normalise(password).strip().casefold()
    return folded in common_passwords() or folded.replace(" ", "") in common_passwords()


def password_problem(password: str, email: str | None = None) -> str | None:
    """Which rule a new password breaks, as a key for a message; None when it is fine."""
    length = len(normalise(password))
    if length < MIN_LENGTH:
        return "too_short"
    if length > MAX_LENGTH:
        return "too_long"
    if is_common(password):
        return "common"
    local_part = (email or "").split("@", 1)[0].casefold()
    if len(local_part) >= 4 and local_part in password.casefold():
        return "contains_email"
    return None
