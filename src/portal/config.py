"""Typed settings read from the environment.

Development and test get safe defaults; production refuses to start with anything insecure.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, cast

from flask import current_app
from flask_babel import lazy_gettext as _l

Environment = Literal["development", "test", "production"]

PACKAGE_DIR = Path(__file__).resolve().parent


class InsecureConfiguration(RuntimeError):
    """Raised at start-up when production settings would put people's data at risk."""


def default_project_root() -> Path:
    """The folder holding templates/, static/ and translations/.

    From a checkout that is the repository root; from an installed wheel the folders travel
    inside the package as `_root`.
    """
    checkout = PACKAGE_DIR.parent.parent
    if (checkout / "templates").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return PACKAGE_DIR / "_root"


@dataclass(frozen=True)
class GPPractice:
    code: str
    name: str


DEMO_GP_PRACTICES_FILE = PACKAGE_DIR / "data" / "gp-practices-leeds.csv"


@cache
def read_gp_practices(path: Path) -> tuple[GPPractice, ...]:
    """The practices a person can choose from: a CSV with `code,name` columns, or a JSON list of
    `{"code": ..., "name": ...}` objects (an export from the scheme's own list), sorted by name."""
    text = path.read_text(encoding="utf-8-sig")
    rows = json.loads(text) if path.suffix.lower() == ".json" else list(csv.DictReader(text.splitlines()))
    practices = {str(row["code"]).strip(): str(row["name"]).strip() for row in rows if row.get("code")}
    return tuple(sorted((GPPractice(code, name) for code, name in practices.items()), key=lambda p: p.name))


@dataclass(frozen=True)
class SchemeSettings:
    """What each scheme sets about itself: shown on every page and in messages."""

    name: str = "Leeds Community Connect"
    phone: str = "0113 496 0000"
    email: str = "hello@community-connect.example"
    opening_hours: str = field(default_factory=lambda: _l("Monday to Friday, 9am to 5pm"))
    area: str = "Leeds"
    county: str = "West Yorkshire"  # the county of the scheme's addresses, as Open Referral UK publishes them
    outward_codes: tuple[str, ...] = tuple(f"LS{n}" for n in range(1, 30))
    nation: str = "ENG"
    response_working_days: int = 3
    accepts_out_of_area: bool = False
    exit_url: str = "https://www.bbc.co.uk/weather"
    gp_practices: tuple[GPPractice, ...] = field(default_factory=lambda: read_gp_practices(DEMO_GP_PRACTICES_FILE))
    # Where children and families get support, shown to under-16s; empty when the scheme has none.
    family_route_url: str = ""


@dataclass(frozen=True)
class ReferralSettings:
    """How the public referral journeys guard themselves and how long they keep answers."""

    submit_limit: str = "5 per hour"  # per client address, for sending a referral or call back request
    min_fill_seconds: int = 20  # quicker than this from start to send is marked as possible spam
    draft_hours: int = 24  # unsent answers are kept this long after the last change


@dataclass(frozen=True)
class Settings:
    env: Environment
    project_root: Path
    instance_path: Path
    database_url: str
    secret_key: str
    ratelimit_storage_uri: str
    trusted_proxies: int
    max_content_length: int = 2 * 1024 * 1024
    locales: tuple[str, ...] = ("en", "cy", "ur")
    default_locale: str = "en"
    scheme: SchemeSettings = field(default_factory=SchemeSettings)
    referrals: ReferralSettings = field(default_factory=ReferralSettings)
    outbox_backend: str = "console"
    smtp_url: str = ""
    notify_api_key: str = ""
    mail_from: str = "no-reply@community-connect.example"
    duty_inbox: str = "duty@community-connect.example"
    notify_templates: dict[str, str] = field(default_factory=dict)
    outbox_send_after_request: bool = True
    # Anonymous directory search pages are served from memory for this long (0: never).
    directory_cache_seconds: int = 60
    # The Open Referral UK API (`portal.api`): requests per address, and how long responses may be kept.
    api_rate_limit: str = "600 per minute"
    api_cache_seconds: int = 60

    @property
    def is_production(self) -> bool:
        return self.env == "production"


def current_scheme() -> SchemeSettings:
    """The scheme's settings, for the app serving this request."""
    return cast(SchemeSettings, current_app.config["SETTINGS"].scheme)


def _read_env(environ: dict[str, str]) -> Environment:
    value = environ.get("PORTAL_ENV", "development")
    if value not in ("development", "test", "production"):
        raise InsecureConfiguration(f"PORTAL_ENV must be development, test or production, not {value!r}")
    return value  # type: ignore[return-value]


def _development_secret(instance_path: Path) -> str:
    """Generated once and kept, so sessions survive a restart of the development server."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _scheme_from(environ: dict[str, str]) -> SchemeSettings:
    defaults = SchemeSettings()
    codes = environ.get("SCHEME_OUTWARD_CODES")
    practices_file = environ.get("SCHEME_GP_PRACTICES_FILE")
    return SchemeSettings(
        name=environ.get("SCHEME_NAME", defaults.name),
        phone=environ.get("SCHEME_PHONE", defaults.phone),
        email=environ.get("SCHEME_EMAIL", defaults.email),
        opening_hours=environ.get("SCHEME_OPENING_HOURS", defaults.opening_hours),
        area=environ.get("SCHEME_AREA", defaults.area),
        county=environ.get("SCHEME_COUNTY", defaults.county),
        outward_codes=tuple(c.strip().upper() for c in codes.split(",")) if codes else defaults.outward_codes,
        nation=environ.get("SCHEME_NATION", defaults.nation),
        response_working_days=int(environ.get("SCHEME_RESPONSE_WORKING_DAYS", defaults.response_working_days)),
        accepts_out_of_area=environ.get("SCHEME_ACCEPTS_OUT_OF_AREA", "") in ("1", "true", "yes"),
        exit_url=environ.get("SCHEME_EXIT_URL", defaults.exit_url),
        gp_practices=read_gp_practices(Path(practices_file)) if practices_file else defaults.gp_practices,
        family_route_url=environ.get("SCHEME_FAMILY_ROUTE_URL", defaults.family_route_url),
    )


def _referrals_from(environ: dict[str, str]) -> ReferralSettings:
    defaults = ReferralSettings()
    return ReferralSettings(
        submit_limit=environ.get("REFERRAL_SUBMIT_LIMIT", defaults.submit_limit),
        min_fill_seconds=int(environ.get("REFERRAL_MIN_FILL_SECONDS", defaults.min_fill_seconds)),
        draft_hours=int(environ.get("REFERRAL_DRAFT_HOURS", defaults.draft_hours)),
    )


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    env = _read_env(environ)
    project_root = Path(environ.get("PORTAL_PROJECT_ROOT") or default_project_root())
    instance_path = Path(environ.get("PORTAL_INSTANCE_PATH") or Path.cwd() / "instance")
    secret_key = environ.get("SECRET_KEY", "")
    if not secret_key and env != "production":
        secret_key = _development_secret(instance_path)
    settings = Settings(
        env=env,
        project_root=project_root,
        instance_path=instance_path,
        database_url=environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.sqlite3'}",
        secret_key=secret_key,
        ratelimit_storage_uri=environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        trusted_proxies=int(environ.get("TRUSTED_PROXIES", "0")),
        scheme=_scheme_from(environ),
        referrals=_referrals_from(environ),
        outbox_backend=environ.get("OUTBOX_BACKEND", "console"),
        smtp_url=environ.get("SMTP_URL", ""),
        notify_api_key=environ.get("NOTIFY_API_KEY", ""),
        mail_from=environ.get("MAIL_FROM", "no-reply@community-connect.example"),
        duty_inbox=environ.get("DUTY_INBOX", "duty@community-connect.example"),
        notify_templates=json.loads(environ.get("NOTIFY_TEMPLATES", "{}")),
        outbox_send_after_request=environ.get("OUTBOX_SEND_AFTER_REQUEST", "1") in ("1", "true", "yes"),
        directory_cache_seconds=max(0, int(environ.get("DIRECTORY_CACHE_SECONDS", "60"))),
        api_rate_limit=environ.get("API_RATE_LIMIT", "600 per minute"),
        api_cache_seconds=max(0, int(environ.get("API_CACHE_SECONDS", "60"))),
    )
    if settings.is_production:
        check_production_safety(settings)
    return settings


def check_production_safety(settings: Settings) -> None:
    problems = []
    if len(settings.secret_key) < 32:
        problems.append("SECRET_KEY must be set to at least 32 random characters")
    if settings.database_url.startswith("sqlite"):
        problems.append("DATABASE_URL must point at PostgreSQL in production")
    if settings.ratelimit_storage_uri.startswith("memory"):
        problems.append("RATELIMIT_STORAGE_URI must point at Redis when several app servers run")
    if settings.outbox_backend == "console":
        problems.append("OUTBOX_BACKEND must be smtp or notify in production")
    if problems:
        raise InsecureConfiguration("; ".join(problems))
