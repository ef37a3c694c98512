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


def test_migration_0009_moves_the_shipped_categories_into_the_database(app):
    from sqlalchemy import text

    from portal.directory.vocabulary import SHIPPED_CATEGORIES, msgid

    engine = get_database(app).engine
    with app.app_context():
        migrate.downgrade("0008")
        assert not {"category", "category_text", "category_version"} & set(inspect(engine).get_table_names())
        migrate.upgrade("0009")
    with engine.connect() as connection:
        bits = connection.execute(text("SELECT code, bit, retired FROM category ORDER BY bit")).all()
        labels = connection.execute(
            text("SELECT locale, label FROM category_text JOIN category ON category.id = category_id ORDER BY bit")
        ).all()
        version = connection.execute(text("SELECT version FROM category_version")).scalar()
    with app.app_context():
        migrate.upgrade("head")
    assert [tuple(row) for row in bits] == [
        (shipped.code, bit, False) for bit, shipped in enumerate(SHIPPED_CATEGORIES)
    ]
    assert [tuple(row) for row in labels] == [("en", msgid(shipped.label)) for shipped in SHIPPED_CATEGORIES]
    assert version == 1


def test_migration_0014_gives_every_listing_organisation_and_place_a_uuid_and_keeps_their_places(app, db):
    from sqlalchemy import text

    from tests.directory_helpers import listing, place

    listing(db, "Two Places", locations=[place(53.8, -1.5), place(53.81, -1.51, postcode="LS6 2AA")])
    listing(db, "Another", miles_north=1.0)
    db.close()
    engine = get_database(app).engine
    with app.app_context():
        migrate.downgrade("0013")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM location")).scalar() == 3
        migrate.upgrade("head")
    with engine.connect() as connection:
        for table in ("listing", "organisation", "location"):
            ids = [row[0] for row in connection.execute(text(f"SELECT uuid FROM {table}"))]
            assert ids and None not in ids and len(set(ids)) == len(ids), table
        assert connection.execute(text("SELECT count(*) FROM location")).scalar() == 3
