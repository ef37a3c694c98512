"""data protection: authenticator keys encrypted at rest; each referral's age band

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 17:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.data_protection import keys

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

USERS = sa.table("user_account", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _rewrite(change: object) -> None:
    """Each stored authenticator key, encrypted (upgrade) or decrypted (downgrade)."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(USERS.c.id, USERS.c.totp_secret).where(USERS.c.totp_secret.is_not(None)))
    for user_id, secret in rows.all():
        connection.execute(sa.update(USERS).where(USERS.c.id == user_id).values(totp_secret=change(secret)))  # type: ignore[operator]


def upgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_band", sa.String(length=20), nullable=True))
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255), existing_nullable=True
        )
    _rewrite(lambda secret: secret if keys.is_encrypted(secret) else keys.encrypt(secret))


def downgrade() -> None:
    _rewrite(lambda secret: keys.decrypt(secret) if keys.is_encrypted(secret) else secret)
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64), existing_nullable=True
        )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_column("age_band")
