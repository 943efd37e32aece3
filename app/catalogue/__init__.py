"""Public catalogue of protected OCOP products and QR verification pages (no login)."""
from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from app.catalogue import limits, routes  # noqa: E402,F401

bp.before_request(limits.limit_public_requests)
