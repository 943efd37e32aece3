"""Log in, log out, self-registration of producers, password changes."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import sessions  # noqa: E402

bp.before_app_request(sessions.enforce_timeouts)

from app.auth import routes  # noqa: E402,F401  (routes attach themselves to bp)
