"""What a person is told when a rate limit stops them: how long until they can try again."""

from __future__ import annotations

import math
import time

from portal.extensions import limiter


def minutes_until_retry(default: int = 60) -> int:
    """Whole minutes, at least one; the limiter's reset time is one second past the window's end."""
    reset_at = limiter.current_limit.reset_at if limiter.current_limit else None
    return max(1, math.ceil((reset_at - 1 - time.time()) / 60)) if reset_at else default
