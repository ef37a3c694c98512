"""The production tests start the whole stack once for the module (about 40 seconds) and only
run with PORTAL_PRODUCTION_TESTS=1 (`.ci/run` sets it, last)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.production.stack import Stack, running_stack

ENABLED = os.environ.get("PORTAL_PRODUCTION_TESTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.production)
            if not ENABLED:
                item.add_marker(pytest.mark.skip(reason="the production stack runs with PORTAL_PRODUCTION_TESTS=1"))


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    # In /tmp, not pytest's own folder: the postgres account must reach the cluster's folder.
    with running_stack() as started:
        yield started
