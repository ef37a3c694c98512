"""Alembic driven from the app's own engine, for `flask db` and the tests."""

from __future__ import annotations

import re

from alembic import command
from alembic.config import Config

from portal.config import PACKAGE_DIR
from portal.db import get_database

# Schema objects the models cannot describe (full-text search: an SQLite FTS5 virtual table
# with its shadow tables, a PostgreSQL expression index); migrations create them, and
# autogenerate and the schema comparison leave them alone.
UNMODELLED = re.compile(r"^(listing_fts(_\w+)?|ix_listing_search_document_fts)$")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    return not (reflected and name is not None and UNMODELLED.match(name))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(PACKAGE_DIR / "migrations"))
    return config


def _run(action: str, *args: str, **kwargs: object) -> None:
    config = alembic_config()
    with get_database().engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, *args, **kwargs)


def upgrade(revision: str = "head") -> None:
    _run("upgrade", revision)


def downgrade(revision: str = "-1") -> None:
    _run("downgrade", revision)


def new_revision(message: str, rev_id: str | None = None) -> None:
    _run("revision", message=message, autogenerate=True, rev_id=rev_id)


def current() -> None:
    _run("current", verbose=True)
