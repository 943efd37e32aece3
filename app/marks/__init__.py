"""Registrability and similarity pre-check of a mark (issue 18): the engine (normalize, phonetics,
scoring, absolute and relative grounds), the register of earlier marks and its import, the pages."""
from flask import Blueprint

bp = Blueprint("marks", __name__)

from app.marks import routes  # noqa: E402,F401
