"""The client's address, as far as the portal can trust it."""

from __future__ import annotations

from flask import request

from .. import config


def client_address() -> str:
    """The address the request came from. Behind N trusted proxies
    (``ckanext.laodata.accounts.trusted_proxies``), the Nth address from the
    right of ``X-Forwarded-For`` (the one our own proxy saw); the header's other
    entries are the client's to forge and never used."""
    proxies = config.trusted_proxies()
    if proxies > 0:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.remote_addr or "unknown"
