"""Alembic runs inside the app: the engine and metadata come from the portal itself."""

from __future__ import annotations

from alembic import context

from portal.migrate import include_object
from portal.models import Base

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
