"""Typed settings read from the environment.

Development and test get safe defaults; production refuses to start with anything insecure.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.feature_settings import (
    FollowupSettings,
    MeshSettings,
    ReferralSettings,
    RetentionSettings,
    followups_from,
    mesh_from,
    mesh_problems,
    referrals_from,
    retention_from,
)
from portal.i18n import SHIPPED_LOCALES
from portal.web.forms import is_web_address

Environment = Literal["development", "test", "production"]

PACKAGE_DIR = Path(__file__).resolve().parent


class InsecureConfiguration(RuntimeError):
    """Raised at start-up when production settings would put people's data at risk."""


class UnknownLanguage(ValueError):
    """Raised at start-up when the settings name a language the portal has no catalogue for."""


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
    # Where children and families get support, shown to under-16s; empty when the scheme has none.
    family_route_url: str = ""
    # The scheme's own clock: staff see times in it (the audit log names it), and working days
    # are counted in it. Times are stored in UTC.
    time_zone: str = "Europe/London"


@dataclass(frozen=True)
class Settings:
    env: Environment
    project_root: Path
    instance_path: Path
    database_url: str
    secret_key: str
    ratelimit_storage_uri: str
    trusted_proxies: int
    # Where people reach the portal: every link in an email or text starts with it, never with
    # the host a request named (`portal.web.links`).
    public_base_url: str = "http://localhost:5000"
    # The host names requests may use; any other gets a 400. From PUBLIC_BASE_URL by default.
    trusted_hosts: tuple[str, ...] = ("localhost",)
    max_content_length: int = 2 * 1024 * 1024
    locales: tuple[str, ...] = SHIPPED_LOCALES  # the languages this scheme offers
    # Named in the compact switcher beside the current language; the rest are a link away.
    featured_locales: tuple[str, ...] = ("en", "cy", "ur")
    default_locale: str = "en"
    scheme: SchemeSettings = field(default_factory=SchemeSettings)
    referrals: ReferralSettings = field(default_factory=ReferralSettings)
    followups: FollowupSettings = field(default_factory=FollowupSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    # Fernet keys for secrets kept at rest (authenticator keys): the first encrypts, every one
    # decrypts, so a key is replaced by putting the new one first. Required in production.
    data_keys: tuple[str, ...] = field(default=(), repr=False)
    # Listings nobody has confirmed for this long are hidden from the directory.
    listings_hide_after_months: int = 12
    outbox_backend: str = "console"
    smtp_url: str = ""
    notify_api_key: str = ""
    mail_from: str = "no-reply@community-connect.example"
    duty_inbox: str = "duty@community-connect.example"
    notify_templates: dict[str, str] = field(default_factory=dict)
    # The bearer token Notify sends with each received text message (set in Notify's callbacks).
    notify_inbound_token: str = ""
    outbox_send_after_request: bool = True
    # Anonymous directory search pages are served from memory for this long (0: never).
    directory_cache_seconds: int = 60
    # The app compresses its responses itself unless a proxy in front does it (`web.compression`).
    compress_responses: bool = True
    notify_base_url: str = ""  # GOV.UK Notify's own API unless set
    # How long a sender holds a message before another may take it over (it died mid-send).
    outbox_claim_seconds: int = 300
    log_format: Literal["text", "json"] = "text"
    # The Open Referral UK API (`portal.api`): requests per address, and how long responses may be kept.
    api_rate_limit: str = "600 per minute"
    api_cache_seconds: int = 60
    mesh: MeshSettings | None = None  # sending the GP message over MESH (`portal.gp_record.mesh`)
    # The email domains that count as secure: the GP message's details go by email only to an
    # address in one of them (or a subdomain); any other address gets the codes only.
    secure_email_domains: tuple[str, ...] = ("nhs.net",)

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
        family_route_url=environ.get("SCHEME_FAMILY_ROUTE_URL", defaults.family_route_url),
        time_zone=_time_zone(environ.get("SCHEME_TIME_ZONE", defaults.time_zone)),
    )


def _time_zone(name: str) -> str:
    """An IANA zone such as Europe/London; anything else stops the app at start-up."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"SCHEME_TIME_ZONE must be a time zone like Europe/London, not {name!r}") from error
    return name


def _data_keys(environ: dict[str, str], env: Environment, secret_key: str) -> tuple[str, ...]:
    """DATA_ENCRYPTION_KEY: comma-separated Fernet keys. Outside production, without one, a key
    derived from the secret key, so a developer's data stays readable between restarts."""
    keys = tuple(key.strip() for key in environ.get("DATA_ENCRYPTION_KEY", "").split(",") if key.strip())
    if keys or env == "production" or not secret_key:
        return keys
    digest = hashlib.sha256(f"portal data key:{secret_key}".encode()).digest()
    return (base64.urlsafe_b64encode(digest).decode(),)


def is_data_key(key: str) -> bool:
    """A Fernet key: 32 bytes in URL-safe base64."""
    try:
        return len(base64.urlsafe_b64decode(key.encode())) == 32
    except (ValueError, binascii.Error):
        return False


# Where the app answers on a developer's machine: `make run`, and Flask's test client.
LOCAL_BASE_URLS: dict[Environment, str] = {"development": "http://localhost:5000", "test": "http://localhost"}
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def _public_base_url(environ: dict[str, str], env: Environment) -> str:
    configured = environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    return configured or LOCAL_BASE_URLS.get(env, "")


def _trusted_hosts(environ: dict[str, str], env: Environment, public_base_url: str) -> tuple[str, ...]:
    """TRUSTED_HOSTS (comma-separated), else the public base URL's host; on a developer's
    machine the local names too."""
    configured = tuple(host.strip().lower() for host in environ.get("TRUSTED_HOSTS", "").split(",") if host.strip())
    public_host = (urlsplit(public_base_url).hostname or "").lower()
    hosts = configured or ((public_host,) if public_host else ())
    local = LOCAL_HOSTS if env != "production" else ()
    return tuple(dict.fromkeys((*hosts, *local)))


def _languages_from(environ: dict[str, str]) -> dict[str, Any]:
    locales = _codes(environ.get("LOCALES"), SHIPPED_LOCALES)
    default = environ.get("DEFAULT_LOCALE", "").strip() or ("en" if "en" in locales else locales[0])
    featured = _codes(environ.get("FEATURED_LOCALES"), tuple(c for c in ("en", "cy", "ur") if c in locales))
    return {"locales": locales, "featured_locales": featured, "default_locale": default}


def _codes(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(code.strip() for code in (value or "").split(",") if code.strip()))
    return codes or default


def check_languages(settings: Settings) -> None:
    unknown = [code for code in settings.locales if code not in SHIPPED_LOCALES]
    if unknown:
        raise UnknownLanguage(f"LOCALES names languages without a catalogue: {', '.join(unknown)}")
    not_offered = [
        code for code in (*settings.featured_locales, settings.default_locale) if code not in settings.locales
    ]
    if not_offered:
        raise UnknownLanguage(
            f"FEATURED_LOCALES and DEFAULT_LOCALE must be offered in LOCALES: {', '.join(not_offered)}"
        )


def _compress_responses(environ: dict[str, str]) -> bool:
    """On by default, off behind a proxy (which compresses, faster, and must not do it twice)."""
    default = "0" if int(environ.get("TRUSTED_PROXIES", "0")) else "1"
    return environ.get("COMPRESS_RESPONSES", default) in ("1", "true", "yes")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    env = _read_env(environ)
    project_root = Path(environ.get("PORTAL_PROJECT_ROOT") or default_project_root())
    instance_path = Path(environ.get("PORTAL_INSTANCE_PATH") or Path.cwd() / "instance")
    secret_key = environ.get("SECRET_KEY", "")
    if not secret_key and env != "production":
        secret_key = _development_secret(instance_path)
    public_base_url = _public_base_url(environ, env)
    settings = Settings(
        env=env,
        project_root=project_root,
        instance_path=instance_path,
        database_url=environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.sqlite3'}",
        secret_key=secret_key,
        ratelimit_storage_uri=environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        trusted_proxies=int(environ.get("TRUSTED_PROXIES", "0")),
        public_base_url=public_base_url,
        trusted_hosts=_trusted_hosts(environ, env, public_base_url),
        scheme=_scheme_from(environ),
        referrals=referrals_from(environ),
        followups=followups_from(environ),
        retention=retention_from(environ),
        data_keys=_data_keys(environ, env, secret_key),
        listings_hide_after_months=int(environ.get("ORGS_HIDE_AFTER_MONTHS", "12")),
        outbox_backend=environ.get("OUTBOX_BACKEND", "console"),
        smtp_url=environ.get("SMTP_URL", ""),
        notify_api_key=environ.get("NOTIFY_API_KEY", ""),
        mail_from=environ.get("MAIL_FROM", "no-reply@community-connect.example"),
        duty_inbox=environ.get("DUTY_INBOX", "duty@community-connect.example"),
        notify_templates=json.loads(environ.get("NOTIFY_TEMPLATES", "{}")),
        notify_inbound_token=environ.get("NOTIFY_INBOUND_TOKEN", ""),
        outbox_send_after_request=environ.get("OUTBOX_SEND_AFTER_REQUEST", "1") in ("1", "true", "yes"),
        directory_cache_seconds=max(0, int(environ.get("DIRECTORY_CACHE_SECONDS", "60"))),
        compress_responses=_compress_responses(environ),
        **_languages_from(environ),
        notify_base_url=environ.get("NOTIFY_BASE_URL", ""),
        outbox_claim_seconds=max(1, int(environ.get("OUTBOX_CLAIM_SECONDS", "300"))),
        log_format="json" if environ.get("LOG_FORMAT", "json" if env == "production" else "text") == "json" else "text",
        api_rate_limit=environ.get("API_RATE_LIMIT", "600 per minute"),
        api_cache_seconds=max(0, int(environ.get("API_CACHE_SECONDS", "60"))),
        mesh=mesh_from(environ),
        secure_email_domains=_codes((environ.get("SECURE_EMAIL_DOMAINS") or "").lower().replace("@", ""), ("nhs.net",)),
    )
    check_scheme_links(settings.scheme)
    check_languages(settings)
    if settings.is_production:
        check_production_safety(settings)
    return settings


def check_scheme_links(scheme: SchemeSettings) -> None:
    """Exit this page and the families' link are followed from every page: web addresses only."""
    for name, value in (("SCHEME_EXIT_URL", scheme.exit_url), ("SCHEME_FAMILY_ROUTE_URL", scheme.family_route_url)):
        if value and not is_web_address(value):
            raise InsecureConfiguration(f"{name} must be an http:// or https:// address")


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
    if not settings.data_keys or not all(is_data_key(key) for key in settings.data_keys):
        problems.append("DATA_ENCRYPTION_KEY must be set to a Fernet key (44 characters of URL-safe base64)")
    problems.extend(public_address_problems(settings))
    problems.extend(mesh_problems(settings.mesh))
    if problems:
        raise InsecureConfiguration("; ".join(problems))


def public_address_problems(settings: Settings) -> list[str]:
    """Emailed links start with PUBLIC_BASE_URL, so it must be the portal's own https origin."""
    address = urlsplit(settings.public_base_url)
    if address.scheme != "https" or not address.hostname or address.query or address.fragment:
        return ["PUBLIC_BASE_URL must be the https:// address people use to reach the portal"]
    if address.hostname.lower() not in settings.trusted_hosts:
        return ["TRUSTED_HOSTS must include the host of PUBLIC_BASE_URL"]
    return []
