"""Cases (IP applications): detail page and status changes through the workflow."""
from flask import Blueprint

bp = Blueprint("cases", __name__)

from app.cases import routes, start_routes  # noqa: E402,F401
