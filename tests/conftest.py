"""Tests run against a real database: SQLite by default, PostgreSQL when TEST_DATABASE_URL is
set. The schema is built by the migrations, once a run; each test starts with empty tables."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from portal import create_app, migrate
from portal.config import Settings, load_settings
from portal.db import get_database
from portal.directory import categories
from portal.directory.category_seed import seed_categories
from portal.directory.search_records import search_records
from portal.extensions import limiter
from portal.gp_record.code_seed import seed_codes
from portal.models import Base
from tests.harness import PageClient
from tests.mesh_sandbox import mesh_sandbox  # noqa: F401 - the MESH sandbox fixture
from tests.reports_helpers import coordinator  # noqa: F401 - a signed-in coordinator, for the reports' tests
from tests.routes_for_tests import test_routes

# Under pytest-xdist each worker (gw0, gw1, ...) gets a database and a Redis db of its own.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def ensure_postgres_database(url: str) -> None:
    import psycopg

    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def database_for_this_worker(url: str) -> str:
    if not WORKER or not url.startswith("postgres"):
        return url
    worker_url = f"{url}_{WORKER}"
    ensure_postgres_database(worker_url)
    return worker_url


def redis_for_this_worker(url: str) -> str:
    if not WORKER or not url.startswith("redis"):
        return url
    server, _, database = url.rpartition("/")
    return f"{server}/{int(database or 15) - int(WORKER.removeprefix('gw'))}"


TEST_DATABASE_URL = database_for_this_worker(os.environ.get("TEST_DATABASE_URL", ""))
TEST_RATELIMIT_STORAGE_URI = redis_for_this_worker(os.environ.get("TEST_RATELIMIT_STORAGE_URI", "memory://"))
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgres")


def make_settings(instance_path: Path, **overrides: object) -> Settings:
    environ = {
        "PORTAL_ENV": "test",
        "PORTAL_INSTANCE_PATH": str(instance_path),
        "DATABASE_URL": TEST_DATABASE_URL or f"sqlite:///{instance_path / 'test.sqlite3'}",
        "RATELIMIT_STORAGE_URI": TEST_RATELIMIT_STORAGE_URI,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-to-use",
        "OUTBOX_BACKEND": "file",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
        "DIRECTORY_CACHE_SECONDS": "0",  # tests of the page cache turn it on for themselves
    }
    return replace(load_settings(environ), **overrides)  # type: ignore[arg-type]


def reset_schema(app: Flask) -> None:
    engine = get_database(app).engine
    with app.app_context():
        Base.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        migrate.upgrade()


def empty_tables(app: Flask) -> None:
    """Every table empty but for the shipped categories and codes, as migrations 0009 and 0015 leave them."""
    engine = get_database(app).engine
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
        seed_categories(connection)
        seed_codes(connection)
    categories.forget(engine)


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def settings(instance_path: Path) -> Settings:
    return make_settings(instance_path)


@pytest.fixture(scope="session")
def session_app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    app.register_blueprint(test_routes)
    reset_schema(app)
    yield app
    # Close pooled connections now, not when the interpreter exits (psycopg warns then).
    get_database(app).engine.dispose()


@pytest.fixture
def app(session_app: Flask) -> Iterator[Flask]:
    """The session-wide app, with any setting a test changes put back afterwards."""
    config_before = dict(session_app.config)
    extensions_before = dict(session_app.extensions)
    yield session_app
    session_app.config.clear()
    session_app.config.update(config_before)
    session_app.extensions.clear()
    session_app.extensions.update(extensions_before)
    search_records(session_app).flush()  # nothing written later, into another test's tables
    empty_tables(session_app)
    with session_app.app_context():
        limiter.reset()


@pytest.fixture
def client(app: Flask) -> PageClient:
    return PageClient(app.test_client())


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session of its own for arranging and checking data outside requests.

    No app context stays pushed: a request made while one is pushed would reuse it, so every
    request in the test would share one `flask.g` (CSRF token, database session, signed-in
    user). Tests that call app code directly push their own (`with app.app_context():`)."""
    with get_database(app).sessionmaker() as session:
        yield session


@pytest.fixture(scope="session")
def live_server(session_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, session_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
