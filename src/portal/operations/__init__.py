"""Running a scheme: the background worker and its scheduled jobs, readiness, backups, and
the checks `make production` runs before it starts."""

from __future__ import annotations

import os

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.operations.cli import backup_cli, jobs_cli, worker_command

    # The scheme's public https:// address, checked by `python -m portal.production`.
    app.config.setdefault("PUBLIC_BASE_URL", os.environ.get("PUBLIC_BASE_URL", ""))
    for command in (backup_cli, jobs_cli, worker_command):
        app.cli.add_command(command)
