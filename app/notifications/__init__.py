"""Notifications (issue 17): what concerns a user reaches it in the app and, if it wants that kind,
by e-mail through a database outbox that `flask send-notifications` delivers (never in a request)."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notifications import routes  # noqa: E402,F401
