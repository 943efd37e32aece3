"""Reference data with legal figures: the fee schedule, the Nice term list, form versions."""
from flask import Blueprint

bp = Blueprint("reference", __name__)

from app.reference import routes  # noqa: E402,F401
