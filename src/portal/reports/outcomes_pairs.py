"""Whom the Outcomes report compares: for each person and ONS4 measure, their first baseline
score and their latest later one (follow-up or close). Anxiety is lower-is-better."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from portal.triage.models import Ons4Question, WellbeingStage


def first_and_latest(scores: Iterable[Any]) -> dict[tuple[int, str], tuple[int, int]]:
    """(referral id, measure): (first baseline, latest later score), from (referral id, stage,
    measure, score, recorded at) rows; only the pairs with both."""
    first: dict[tuple[int, str], tuple[datetime, int]] = {}
    last: dict[tuple[int, str], tuple[datetime, int]] = {}
    for referral_id, stage, question, score, recorded_at in scores:
        key = (referral_id, str(question))
        if stage == WellbeingStage.BASELINE:
            if key not in first or recorded_at < first[key][0]:
                first[key] = (recorded_at, score)
        elif key not in last or recorded_at > last[key][0]:
            last[key] = (recorded_at, score)
    return {key: (first[key][1], last[key][1]) for key in sorted(first.keys() & last.keys())}


def improved(question: str, before: int, after: int) -> bool:
    sign = 1 if Ons4Question(question).higher_is_better else -1
    return sign * (after - before) > 0
