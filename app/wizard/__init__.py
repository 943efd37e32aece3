"""Guided application wizards: ordered steps, one form each, drafts saved in the database."""
from flask import Blueprint

bp = Blueprint("wizard", __name__)

from app.wizard import routes  # noqa: E402,F401
