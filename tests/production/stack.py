"""The production topology on this machine, from the project's own files, for the fault tests
and the load test: a PostgreSQL cluster and a Redis of its own (so stopping them harms nobody
else), a stand-in for GOV.UK Notify, then every line of the Procfile (Caddy, two gunicorn app
servers, the worker), each started, killed and restarted on its own.

`python -m tests.production.stack` starts one with demo data and waits: for `make loadtest`
without a scheme of your own, and for looking around.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests
from honcho.environ import parse_procfile

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PORTS = range(*(int(end) for end in os.environ.get("PORTAL_STACK_PORTS", "18400-18499").split("-")))
TEMPLATES = [path.stem for path in (ROOT / "templates" / "outbox").glob("*.txt")]


def free_port(taken: set[int]) -> int:
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        taken.add(port)
        return port
    raise RuntimeError(f"no free port in {PORTS}")


def postgres_tool(name: str) -> str:
    """Debian keeps PostgreSQL's server tools out of the PATH, under its version."""
    return shutil.which(name) or str(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))[-1])


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: CI is root, so it runs as the postgres account."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def wait_for(what: str, check: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready within {seconds}s")


def answers(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


@dataclass
class Postgres:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/portal"

    def create(self) -> None:
        self.folder.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        initdb = postgres_tool("initdb")
        subprocess.run(
            as_postgres([initdb, "-D", str(self.folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
            check=True,
            capture_output=True,
        )
        self.start()
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "portal"], check=True)

    def pg_ctl(self, *args: str) -> None:
        pg_ctl = postgres_tool("pg_ctl")
        subprocess.run(as_postgres([pg_ctl, "-D", str(self.folder / "data"), *args]), check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off -c max_connections=200"
        self.pg_ctl("-o", options, "-l", str(self.folder / "postgres.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "-w", "stop")

    def psql(self, sql: str) -> str:
        command = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "portal", "-tAc", sql]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


@dataclass
class Process:
    name: str
    command: list[str] | str
    log: Path
    environment: dict[str, str]
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(  # the project's own commands
                self.command,
                shell=isinstance(self.command, str),
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def send_signal(self, signum: int) -> None:
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signum)

    def stop(self, signum: int = signal.SIGTERM, seconds: float = 25) -> None:
        if self.popen is None:
            return
        self.send_signal(signum)
        try:
            self.popen.wait(seconds)
        except subprocess.TimeoutExpired:
            self.send_signal(signal.SIGKILL)
            self.popen.wait(5)
        self.popen = None

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


@dataclass
class Stack:
    folder: Path
    ports: set[int] = field(default_factory=set)
    processes: dict[str, Process] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.logs = self.folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.https_port = free_port(self.ports)
        self.postgres = Postgres(self.folder / "postgres", free_port(self.ports))
        self.redis_port = free_port(self.ports)
        self.notify_port = free_port(self.ports)
        self.sent_record = self.folder / "provider-accepted.jsonl"
        self.base_url = f"https://localhost:{self.https_port}"
        self.ca_file = self.folder / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        self.environment = self._environment()

    def _environment(self) -> dict[str, str]:
        templates = {
            f"{name}:{channel}:en": f"standin-{name}-{channel}" for name in TEMPLATES for channel in ("email", "sms")
        }
        return {
            **{key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "TEST_"))},
            "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "PORTAL_ENV": "production",
            "PORTAL_INSTANCE_PATH": str(self.folder / "instance"),
            "SECRET_KEY": secrets.token_hex(32),
            "DATA_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "DATABASE_URL": self.postgres.url,
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{self.redis_port}/0",
            "TRUSTED_PROXIES": "1",
            "PUBLIC_BASE_URL": self.base_url,
            "PORTAL_BASE_URL": self.base_url,
            "PORT": str(self.https_port),
            "CADDY_HTTP_PORT": str(free_port(self.ports)),
            "WEB1_PORT": str(free_port(self.ports)),
            "WEB2_PORT": str(free_port(self.ports)),
            "XDG_DATA_HOME": str(self.folder / "caddy-data"),
            "XDG_CONFIG_HOME": str(self.folder / "caddy-config"),
            "OUTBOX_BACKEND": "notify",
            "NOTIFY_API_KEY": f"standin-{'0' * 36}-{'1' * 36}",
            "NOTIFY_BASE_URL": f"http://127.0.0.1:{self.notify_port}",
            "NOTIFY_TEMPLATES": json.dumps(templates),
            "OUTBOX_CLAIM_SECONDS": "5",
            "OUTBOX_SEND_AFTER_REQUEST": "0",  # the worker sends, as in a deployment
            "REFERRAL_MIN_FILL_SECONDS": "0",  # simulated people answer in seconds, yet are no spam
            "PYTHONUNBUFFERED": "1",
        }

    # The parts outside the Procfile ------------------------------------------------------
    def start_redis(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self._start("redis", command)
        wait_for("redis", lambda: answers(self.redis_port))

    def start_notify(self, delay_seconds: float = 0) -> None:
        environment = {**self.environment, "STANDIN_DELAY_SECONDS": str(delay_seconds)}
        command = [
            sys.executable,
            str(ROOT / "bench" / "notify_standin.py"),
            str(self.notify_port),
            str(self.sent_record),
        ]
        self._start("notify", command, environment)
        wait_for("notify stand-in", lambda: answers(self.notify_port))

    def flask(self, *args: str, env: dict[str, str] | None = None) -> str:
        finished = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=ROOT,
            env={**self.environment, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if finished.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{finished.stdout}\n{finished.stderr}")
        return finished.stdout

    def prepare_database(self, demo: bool = True) -> None:
        self.postgres.create()
        self.flask("db", "upgrade")
        if demo:  # demo data is never loaded in production: this throwaway scheme loads it first
            self.flask("demo", "load", env={"PORTAL_ENV": "development"})

    # The Procfile -------------------------------------------------------------------------
    def procfile(self) -> dict[str, str]:
        return dict(parse_procfile((ROOT / "Procfile").read_text()).processes)

    def _start(self, name: str, command: list[str] | str, environment: dict[str, str] | None = None) -> Process:
        process = Process(name, command, self.logs / f"{name}.log", environment or self.environment)
        self.processes[name] = process
        process.start()
        return process

    def start(self, name: str) -> None:
        self._start(name, self.procfile()[name])

    def start_app(self) -> None:
        for name in self.procfile():
            self.start(name)
        self.wait_until_serving()

    def wait_until_serving(self, seconds: float = 300) -> None:
        wait_for("the CA certificate", self.ca_file.exists, seconds)
        wait_for("both app servers", lambda: all(self.app_server_up(name) for name in ("web1", "web2")), seconds)
        wait_for("/readyz through the proxy", lambda: self.get("/readyz").status_code == 200, seconds)

    def app_server_up(self, name: str) -> bool:
        port = self.environment[f"{name.upper()}_PORT"]
        public_host = {"Host": urlsplit(self.base_url).hostname or ""}
        answer = self.session().get(f"http://127.0.0.1:{port}/healthz", headers=public_host, timeout=2)
        return answer.status_code == 200

    def session(self) -> requests.Session:
        """Trusts Caddy's local authority, and nothing from the environment (a CA bundle or a
        proxy set there would take precedence)."""
        session = requests.Session()
        session.trust_env = False
        session.verify = str(self.ca_file)
        return session

    def get(self, path: str) -> requests.Response:
        return self.session().get(self.base_url + path, timeout=10)

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()
        with suppress(subprocess.CalledProcessError):  # already stopped
            self.postgres.stop("immediate")

    def log_text(self) -> str:
        """Everything every process wrote, the database's own log included."""
        files = [*self.logs.glob("*.log"), self.postgres.folder / "postgres.log"]
        return "\n".join(path.read_text(errors="replace") for path in files if path.exists())

    def accepted_by_provider(self) -> list[dict[str, str]]:
        if not self.sent_record.exists():
            return []
        return [json.loads(line) for line in self.sent_record.read_text().splitlines()]


@contextmanager
def running_stack(folder: Path | None = None, demo: bool = True, notify_delay: float = 0) -> Iterator[Stack]:
    folder = folder or Path(tempfile.mkdtemp(prefix="portal-stack-"))
    os.chmod(folder, 0o755)  # the postgres account reaches its folder inside
    stack = Stack(folder)
    try:
        stack.start_redis()
        stack.start_notify(notify_delay)
        stack.prepare_database(demo)
        stack.start_app()
        yield stack
    finally:
        stack.stop()


def stop_on_terminate(signum: int, frame: object) -> None:
    """A stack started in the background ignores Ctrl-C's signal: `kill PID` stops it, every
    process of it included, as Ctrl-C does."""
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, stop_on_terminate)
    with running_stack() as stack:
        # One account per simulated link worker: a code from the app signs in once only.
        accounts = [sys.executable, str(ROOT / "bench" / "load" / "accounts.py"), "200"]
        subprocess.run(accounts, cwd=ROOT, env=stack.environment, check=True)
        print(f"Serving {stack.base_url} (CA {stack.ca_file}); logs in {stack.logs}")
        print(f"DATABASE_URL={stack.postgres.url}")
        print(
            f"export LOADTEST_HOST={stack.base_url} LOADTEST_CA={stack.ca_file}\n"
            f"export LOADTEST_DATABASE_URL={stack.postgres.url}"
        )
        print(f"Ctrl-C (or kill {os.getpid()}) stops it.", flush=True)
        with suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
