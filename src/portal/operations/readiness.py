"""What `/readyz` checks: the parts an app server needs before it takes traffic.

Each check names its part and says only "ok" or what is wrong in a word or two: no addresses,
no error texts (they can hold a database URL).
"""

from __future__ import annotations

import logging
from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.db import get_database
from portal.extensions import limiter
from portal.migrate import alembic_config

log = logging.getLogger(__name__)


@cache
def expected_heads() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def database_and_migrations() -> dict[str, str]:
    try:
        with get_database().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            heads = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        log.warning("readiness: database unavailable (%s)", type(error).__name__)
        return {"database": "unavailable", "migrations": "unknown"}
    return {"database": "ok", "migrations": "current" if heads == expected_heads() else "not current"}


def rate_limit_storage() -> str:
    try:
        return "ok" if limiter.storage.check() else "unavailable"
    except Exception:  # a storage that cannot even say it is down
        return "unavailable"


def checks() -> dict[str, str]:
    return {**database_and_migrations(), "redis": rate_limit_storage()}


def is_ready(results: dict[str, str]) -> bool:
    return all(value in ("ok", "current") for value in results.values())
