"""The restore drill: demo data in, backed up, the database destroyed, restored; then every
referral, note, audit event and listing is exactly as it was. pg_dump and pg_restore on
PostgreSQL, the online backup API on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from portal import demo
from portal.accounts.models import AuditEvent
from portal.db import get_database
from portal.models import Base
from portal.operations import backups

KEPT = ("referral", "case_note", "audit_event", "listing", "outbox_message", "journey_draft")


def snapshot(app) -> dict[str, list[tuple[object, ...]]]:
    with get_database(app).engine.connect() as connection:
        return {table: list(connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))) for table in KEPT}


def destroy(app) -> None:
    engine = get_database(app).engine
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_a_backup_restores_every_referral_note_audit_event_and_listing(app, db, tmp_path):
    with app.app_context():
        demo.load_all(db)
    db.add_all(AuditEvent(action="referral.viewed", subject_type="referral", subject_id=str(n)) for n in range(3))
    db.commit()
    before = snapshot(app)
    assert all(before[table] for table in ("referral", "case_note", "audit_event", "listing"))
    backup = tmp_path / "portal.backup"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    destroy(app)
    restored = runner.invoke(args=["backup", "restore", "--yes", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert snapshot(app) == before


def test_restoring_from_a_missing_file_says_so_and_changes_nothing(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "no backup at" in result.output


def test_a_failed_pg_dump_names_no_password():
    with pytest.raises(backups.BackupFailed) as failed:
        backups._run(["pg_dump", "--dbname", "postgresql://nobody@127.0.0.1:1/none"], {"PGPASSWORD": "s3cret"})
    assert "s3cret" not in str(failed.value)
