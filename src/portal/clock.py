"""The portal's one clock.

Every "now" that decides what a person or a member of staff sees (today's sessions, what is
due, how long a group has to answer) comes from `now()`, so a test fixes the time for the
whole app by setting `app.extensions[CLOCK]`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import cast

from flask import Flask, current_app, has_app_context

from portal.db import utcnow

CLOCK = "portal_clock"


def clock_of(app: Flask) -> Callable[[], datetime]:
    return cast(Callable[[], datetime], app.extensions.get(CLOCK, utcnow))


def now() -> datetime:
    return clock_of(current_app._get_current_object())() if has_app_context() else utcnow()  # type: ignore[attr-defined]
