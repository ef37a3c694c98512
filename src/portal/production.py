"""`python -m portal.production`: may this environment serve a scheme?

`make production` and every production process run it first. It names each setting that is
missing or unsafe, all at once, so a scheme fixes them in one go; the app itself refuses to
start with any of them too (`config.check_production_safety`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace

from flask import Flask

from portal.config import InsecureConfiguration, Settings, load_settings

# Behind exactly one proxy (Caddy): the app takes the client's address from its
# X-Forwarded-For and nothing a client sends in that header.
EXPECTED_PROXIES = 1


def setting_problems(environ: dict[str, str]) -> tuple[list[str], Settings | None]:
    problems = []
    if environ.get("PORTAL_ENV") != "production":
        problems.append("PORTAL_ENV must be production")
    try:
        settings = load_settings({**environ, "PORTAL_ENV": "production"})
    except InsecureConfiguration as insecure:
        return [*problems, *str(insecure).split("; ")], None
    except ValueError as unreadable:
        return [*problems, f"a setting cannot be read: {unreadable}"], None
    if settings.trusted_proxies != EXPECTED_PROXIES:
        problems.append(f"TRUSTED_PROXIES must be {EXPECTED_PROXIES}: the app runs behind one proxy")
    return problems, settings


def app_problems(app: Flask) -> list[str]:
    public_url = str(app.config.get("PUBLIC_BASE_URL") or "")
    if not public_url.startswith("https://"):
        return ["PUBLIC_BASE_URL must be the scheme's https:// address (links in emails and texts use it)"]
    return []


def problems(environ: dict[str, str] | None = None) -> list[str]:
    from portal import create_app

    environ = dict(os.environ if environ is None else environ)
    found, settings = setting_problems(environ)
    if settings is None:
        return found
    return found + app_problems(create_app(replace(settings, env="production")))


def main() -> int:
    found = problems()
    for problem in found:
        print(f"- {problem}", file=sys.stderr)
    if found:
        print("Not starting: production settings are missing or unsafe (README, Running a scheme).", file=sys.stderr)
        return 1
    print("Production settings are complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
