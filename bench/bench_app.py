"""The portal as the benchmark serves it: the real app, plus a hello-world endpoint that goes
through the same middleware (sessions, languages, security headers, database session).

`app` is made on first use (gunicorn's `bench_app:app`, or `from bench_app import app` once
the environment names the database), so a benchmark's command line can import
`load_arguments` without building an app for the wrong instance."""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Callable
from typing import Any

from flask import Flask

MAX_SECONDS, MAX_WARMUP = 60.0, 10.0


def _seconds_up_to(limit: float) -> Callable[[str], float]:
    """Bounded, whatever is asked: every loop of a benchmark ends."""
    return lambda text: min(float(text), limit)


def load_arguments(
    parser: argparse.ArgumentParser, *, seconds: float = 8.0, warmup: float = 2.0, threads: int = 2
) -> argparse.ArgumentParser:
    """The load generator's and gunicorn's settings, alike in every benchmark served over HTTP."""
    parser.add_argument("--seconds", type=_seconds_up_to(MAX_SECONDS), default=seconds,
                        help="measured seconds per endpoint")  # fmt: skip
    parser.add_argument("--warmup", type=_seconds_up_to(MAX_WARMUP), default=warmup)
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=threads)
    parser.add_argument("--rebuild", action="store_true", help="build the benchmark databases again")
    return parser


def _portal_with_hello() -> Flask:
    from portal import create_app
    from portal.web.access import public_view

    portal = create_app()

    @portal.get("/bench/hello")
    @public_view
    def hello() -> str:
        return "Hello, World!"

    return portal


def signed_in_client(app: Flask, email: str) -> Any:
    """A test client signed in as the bench's staff account `email`, without the sign-in pages
    (their password hash and code would dominate what a bench measures)."""
    from sqlalchemy import select

    from portal.accounts.models import User, UserSession
    from portal.db import get_database

    client = app.test_client()
    with app.app_context(), get_database(app).sessionmaker() as db:
        user = db.scalar(select(User).where(User.email == email))
        assert user is not None
        signed_in = UserSession(id=secrets.token_urlsafe(32), user_id=user.id, generation=user.session_generation)
        db.add(signed_in)
        db.commit()
        with client.session_transaction() as cookie:
            cookie.update(_user_id=str(user.id), _fresh=True, sid=signed_in.id, generation=user.session_generation)
    return client


def __getattr__(name: str) -> Flask:
    if name != "app":
        raise AttributeError(name)
    app: Flask = _portal_with_hello()
    globals()["app"] = app  # made once: later reads find it without coming here
    return app
