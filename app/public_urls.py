"""Addresses given out of the app (QR codes on labels, calendar feeds, e-mails) are built from the
configured PUBLIC_BASE_URL, never from the request's Host header: a forged Host must not end up
printed on a label or in a consultant's mailbox, and the reminder command has no request at all."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def checked_base_url(value: str) -> str:
    """PUBLIC_BASE_URL as configured, without its trailing slash; ValueError if it is not an absolute
    http(s) address without query or fragment (e.g. https://shtt.sokhcn.cantho.gov.vn)."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"PUBLIC_BASE_URL must be an absolute http(s) address, not {value!r}")
    return value.strip().rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """The public absolute address of an endpoint (it may sit under a path, e.g. https://host/shtt)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        raise RuntimeError("PUBLIC_BASE_URL is not configured")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def public_host() -> str:
    """The public host name, e.g. for identifiers that must stay stable (calendar event UIDs)."""
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname
