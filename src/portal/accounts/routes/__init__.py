"""Sign-in, accounts, users and the audit log: one blueprint, its views split by purpose."""

from __future__ import annotations

from flask import Blueprint

accounts = Blueprint("accounts", __name__)

from portal.accounts.routes import account, audit_log, recovery, sign_in, users  # noqa: E402
from portal.accounts.routes.helpers import too_many_attempts  # noqa: E402

accounts.register_error_handler(429, too_many_attempts)

__all__ = ["account", "accounts", "audit_log", "recovery", "sign_in", "users"]
