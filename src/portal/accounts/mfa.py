"""Two-step verification: time-based codes from an authenticator app (TOTP, RFC 6238), a QR
code drawn on the server as SVG, and one-time recovery codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno
from markupsafe import Markup, escape

from portal.web.forms import normalise_digits

STEP_SECONDS = 30
# Codes from the step before and after are accepted too, for clocks that drift a little.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No look-alike characters (0/o, 1/l/i), so a code copied from paper reads back right.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_CODE_LENGTH = 10  # about 50 bits


def new_secret() -> str:
    return pyotp.random_base32(32)


def is_valid_secret(secret: str) -> bool:
    cleaned = clean_secret(secret)
    return len(cleaned) >= 16 and re.fullmatch(r"[A-Z2-7]+", cleaned) is not None


def clean_secret(secret: str) -> str:
    return re.sub(r"[\s-]", "", secret).upper().rstrip("=")


def grouped(secret: str) -> str:
    """The key as text, in groups of four, for people who cannot scan the QR code."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_code_svg(uri: str, label: str) -> Markup:
    """Inline SVG (no data: URL, no inline style) so it passes the Content Security Policy."""
    qr = segno.make(uri, error="m")
    # No width and height: a viewBox, so CSS can scale it to the screen without cropping.
    svg = qr.svg_inline(scale=5, border=4, dark="#0b0c0c", light="#ffffff", svgclass="qr-code", omitsize=True)
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return Markup(labelled)  # noqa: S704 - segno's own markup, label escaped


def clean_code(code: str) -> str:
    return re.sub(r"\s", "", normalise_digits(code or ""))


def matching_step(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """The time step a code belongs to, or None. A step at or before the last one used is
    refused, so a code seen over someone's shoulder cannot be used again."""
    code = clean_code(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and (last_step is None or step > last_step):
            return step
    return None


def new_recovery_codes() -> list[str]:
    return [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def show_recovery_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def clean_recovery_code(code: str) -> str:
    return re.sub(r"[\s-]", "", normalise_digits(code or "")).lower()


def hash_recovery_code(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{clean_recovery_code(code)}".encode()).hexdigest()


def recovery_code_matches(code: str, salt: str, code_hash: str) -> bool:
    return hmac.compare_digest(hash_recovery_code(code, salt), code_hash)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def derived_secret(key: str, user_id: int, nonce: str) -> str:
    digest = hmac.new(key.encode(), f"authenticator:{user_id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()
