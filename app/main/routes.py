"""Home page per role, language switcher, health check."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.extensions import db
from app.forms import EmptyForm
from app.i18n import SESSION_LOCALE_KEY
from app.main import bp, dashboards
from app.security import permission_required, safe_next

#: endpoints a user who must change their password may still reach
_PASSWORD_CHANGE_EXEMPT = {"auth.change_password", "auth.logout", "main.set_language", "static", "bootstrap.static", "main.healthz"}


@bp.before_app_request
def force_password_change():
    """After an admin reset, the user must choose their own password first."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _PASSWORD_CHANGE_EXEMPT
    ):
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/")
@permission_required("home.view")
def home():
    """Each role lands on its own home page; visitors are sent to the login page."""
    context = dashboards.for_user(current_user)
    return render_template(f"main/home_{current_user.role.value}.html", **context)


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    """Switch language: saved on the account, or in the session for visitors."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    session[SESSION_LOCALE_KEY] = code
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    return redirect(safe_next(request.form.get("next")))


@bp.route("/healthz")
def healthz():
    """For monitoring: 200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        database = "ok"
    except Exception as error:  # any database failure means unhealthy, whatever its type
        current_app.logger.warning("health check: database error %s", error)
        db.session.rollback()
        database = "error"
    healthy = database == "ok"
    return jsonify(status="ok" if healthy else "error", database=database), 200 if healthy else 503
