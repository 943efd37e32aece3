"""The annual implementation report and its KPI figures (journey 7): page, PDF and Excel."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

from app.reports import jobs, routes  # noqa: E402,F401
