"""NHS England's MESH sandbox (the `mesh-sandbox` package), started by the tests on a free port
with its messages in memory: nothing to start by hand, in CI or on a laptop.

Its canned mailboxes: X26ABC1 sends; X26ABC3 (ODS code X27) stands for a GP practice."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from mesh_client import MeshClient

from portal.feature_settings import MeshSettings

SCHEME_MAILBOX = "X26ABC1"
PRACTICE_MAILBOX = "X26ABC3"
PRACTICE_ODS_CODE = "X27"
PASSWORD = "password"
SHARED_KEY = "Banana"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the MESH sandbox stopped while starting")
        try:
            with MeshClient(url, SCHEME_MAILBOX, PASSWORD, shared_key=SHARED_KEY.encode(), verify=False) as client:
                client.ping()
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError("the MESH sandbox did not start within 30 seconds")


@pytest.fixture(scope="session")
def mesh_sandbox() -> Iterator[MeshSettings]:
    port = _free_port()
    environ = {**os.environ, "STORE_MODE": "memory", "AUTH_MODE": "no_auth", "SHARED_KEY": SHARED_KEY}
    command = [sys.executable, "-m", "uvicorn", "mesh_sandbox.api:app", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603 - our own command
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, server)
        yield MeshSettings(url=url, mailbox=SCHEME_MAILBOX, password=PASSWORD, shared_key=SHARED_KEY)
    finally:
        server.terminate()
        server.wait(timeout=10)


def practice_inbox(settings: MeshSettings) -> MeshClient:
    """The practice's side: what its GP system would read and acknowledge."""
    return MeshClient(settings.url, PRACTICE_MAILBOX, PASSWORD, shared_key=SHARED_KEY.encode(), verify=False)
