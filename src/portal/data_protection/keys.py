"""Secrets kept at rest (authenticator keys) are stored encrypted with Fernet.

`EncryptedString` encrypts on the way into the database and decrypts on the way out, so the
code that uses a secret never sees the ciphertext. The keys come from DATA_ENCRYPTION_KEY (the
settings' `data_keys`; required in production): the first encrypts, every one decrypts. Each
app adds its keys to the process's key ring when it starts, so rows read outside a request (the
command line, the worker, tests) decrypt too; a process serving one scheme holds only its own.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app, has_app_context
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

EXTENSION = "portal_data_keys"
_KEY_RING: dict[str, Fernet] = {}  # by key, in the order the apps added them


class MissingDataKey(RuntimeError):
    """Raised when a secret must be encrypted or read and no key was configured."""


def add_keys(keys: tuple[str, ...]) -> tuple[Fernet, ...]:
    """Fernets for `keys`, added to the process's ring (once each)."""
    for key in keys:
        _KEY_RING.setdefault(key, Fernet(key.encode()))
    return tuple(_KEY_RING[key] for key in keys)


def _encrypting() -> Fernet:
    own = current_app.extensions.get(EXTENSION) if has_app_context() else None
    if own:
        return own[0]  # type: ignore[no-any-return]
    if not _KEY_RING:
        raise MissingDataKey("no DATA_ENCRYPTION_KEY is configured")
    return next(iter(_KEY_RING.values()))


def _decrypting() -> MultiFernet:
    own = current_app.extensions.get(EXTENSION, ()) if has_app_context() else ()
    fernets = [*own, *(fernet for fernet in _KEY_RING.values() if fernet not in own)]
    if not fernets:
        raise MissingDataKey("no DATA_ENCRYPTION_KEY is configured")
    return MultiFernet(fernets)


def encrypt(value: str) -> str:
    return _encrypting().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _decrypting().decrypt(token.encode()).decode()


def is_encrypted(value: str) -> bool:
    try:
        decrypt(value)
    except (InvalidToken, MissingDataKey):
        return False
    return True


class EncryptedString(TypeDecorator[str]):
    """A string column whose value is stored as a Fernet token (about 2.5 times its length)."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else decrypt(value)


def init_app(app: Any) -> None:
    app.extensions[EXTENSION] = add_keys(app.config["SETTINGS"].data_keys)
