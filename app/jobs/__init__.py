"""Jobs a user waits for: big imports and the annual report PDF run by the worker, followed on a page."""
from flask import Blueprint

bp = Blueprint("jobs", __name__)

from app.jobs import routes  # noqa: E402,F401
