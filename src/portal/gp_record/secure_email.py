"""Which email addresses are secure enough for the GP message's details (`SECURE_EMAIL_DOMAINS`,
nhs.net by default): any other address gets the codes only, whatever the consent."""

from __future__ import annotations

from typing import Any

from flask import current_app

from portal.gp_record.message import codes_only


def is_secure_address(address: str) -> bool:
    """In one of `Settings.secure_email_domains`, or a subdomain of one."""
    domain = address.rpartition("@")[2].lower()
    secure = current_app.config["SETTINGS"].secure_email_domains
    return any(domain == secure_domain or domain.endswith(f".{secure_domain}") for secure_domain in secure)


def emailed_content(content: dict[str, Any], address: str) -> dict[str, Any]:
    return content if is_secure_address(address) else codes_only(content)
