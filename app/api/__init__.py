"""Read-only JSON API for the national OCOP system and the province's data portal."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from app.api import routes  # noqa: E402,F401
