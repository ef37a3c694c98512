"""What a person is told when a rate limit stops them: how long until they can try again."""

from __future__ import annotations

import math
import time

from flask import Response

from portal.extensions import limiter


def went_through(response: Response) -> bool:
    """A form that did its work (it redirects): only these count against a limit, so a person
    putting right a mistake in a form is never stopped for it."""
    return response.status_code == 303


def minutes_until_retry(default: int = 60) -> int:
    """Whole minutes, at least one; the limiter's reset time is one second past the window's end."""
    reset_at = limiter.current_limit.reset_at if limiter.current_limit else None
    return max(1, math.ceil((reset_at - 1 - time.time()) / 60)) if reset_at else default
