"""Security headers and the Content Security Policy, set for every response in one place."""

from __future__ import annotations

import secrets
from functools import cache

from flask import Flask, Response, g

from portal.web.templating import register_template_helpers

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def csp_nonce() -> str:
    """This response's nonce. No template uses it yet; `page_cache` never keeps a page that
    contains it, and gives each page it serves a fresh one."""
    if "csp_nonce" not in g:
        g.csp_nonce = new_nonce()
    return str(g.csp_nonce)


def content_security_policy(nonce: str) -> str:
    return f"{_POLICY_BEFORE_NONCE}{nonce}{_POLICY_AFTER_NONCE}"


_POLICY_BEFORE_NONCE, _POLICY_AFTER_NONCE = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
).split("{nonce}")


def security_headers(nonce: str, production: bool) -> dict[str, str]:
    return {"Content-Security-Policy": content_security_policy(nonce), **_fixed_headers(production)}


@cache
def _fixed_headers(production: bool) -> dict[str, str]:
    """The same on every response (only the policy's nonce changes), so worked out once."""
    headers = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if production:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return headers


def init_app(app: Flask, production: bool) -> None:
    register_template_helpers(app, globals={"csp_nonce": csp_nonce})

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        for name, value in security_headers(csp_nonce(), production).items():
            response.headers[name] = value
        return response
