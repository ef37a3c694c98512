"""Running a scheme: the background worker and its scheduled jobs, readiness, backups, and
the checks `make production` runs before it starts."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.operations.cli import backup_cli, jobs_cli, worker_command

    for command in (backup_cli, jobs_cli, worker_command):
        app.cli.add_command(command)
