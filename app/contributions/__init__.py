"""Contributions of other agencies to the annual report (issue 20): agencies and their figures,
DOST's yearly collection round, each agency's contribution (typed or uploaded from the Excel
template), chasing and reminders; app/reports reads the accepted figures through services."""
from flask import Blueprint

bp = Blueprint("contributions", __name__)

from app.contributions import routes  # noqa: E402,F401
