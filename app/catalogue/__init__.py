"""Public catalogue of protected OCOP products and QR verification pages (no login)."""
from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from app.catalogue import routes  # noqa: E402,F401
