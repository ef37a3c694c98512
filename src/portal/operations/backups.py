"""`flask backup create PATH` and `flask backup restore PATH`.

PostgreSQL: pg_dump's custom format, restored by pg_restore in one transaction (a failed
restore leaves the database as it was). SQLite: the online backup API, safe while the app
runs. The password never appears on a command line: pg_dump and pg_restore read it from
their environment.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from portal.db import get_database


class BackupFailed(RuntimeError):
    """pg_dump or pg_restore said no; their own message says why (it holds no password)."""


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A URL pg_dump understands, and the environment that carries the password."""
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode != 0:
        raise BackupFailed(finished.stderr.strip() or f"{command[0]} failed")


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    with sqlite3.connect(source) as from_db, sqlite3.connect(target) as to_db:
        from_db.backup(to_db)
    from_db.close()
    to_db.close()


def create(path: Path) -> None:
    database = get_database()
    url = database.engine.url
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(str(url.database), path)
        return
    target, environment = _libpq(url)
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path), target], environment)


def restore(path: Path) -> None:
    """Replace everything in the database with the backup's contents."""
    if not path.is_file():
        raise BackupFailed(f"no backup at {path}")
    database = get_database()
    database.engine.dispose()  # no pooled connection holds on to what is replaced
    url = database.engine.url
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(path, str(url.database))
        return
    target, environment = _libpq(make_url(url))
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run([*command, "--exit-on-error", "--dbname", target, str(path)], environment)
