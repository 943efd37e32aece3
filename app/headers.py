"""Security headers on every response: pages, errors, static files, public logos and PDFs.

The Content-Security-Policy allows only the app's own scripts, styles and images (plus the
data: images Bootstrap's CSS draws its icons with): no inline script or style attribute runs,
so an injection that slipped past escaping could still not execute. Templates therefore carry
no <script> body, style="" or on*="" attribute (tests/test_headers.py checks the pages).
"""
from __future__ import annotations

from flask import Response, request

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
))

#: one year; only sent over HTTPS, as browsers ignore it on plain HTTP anyway
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for browsers without CSP 2
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response
