from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal import migrate
from portal.db import Base, get_database


def test_migrations_downgrade_to_nothing_and_upgrade_again(app):
    engine = get_database(app).engine
    with app.app_context():
        migrate.downgrade("base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade("head")
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_the_migrations_build_exactly_the_schema_the_models_describe(app):
    engine = get_database(app).engine
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": migrate.include_object}
        )
        assert compare_metadata(context, Base.metadata) == []
