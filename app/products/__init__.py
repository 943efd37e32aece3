"""The OCOP product registry: list, pages, import/export, IP status, referrals to DOST."""
from flask import Blueprint

bp = Blueprint("products", __name__)

from app.products import routes  # noqa: E402,F401
