"""Home page per role, language switcher, health check, web-app manifest and favicon."""
from __future__ import annotations

import json

import sqlalchemy as sa
from flask import abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.forms import EmptyForm
from app.i18n import SESSION_LOCALE_KEY
from app.main import bp, dashboards
from app.security import permission_required, safe_next

#: endpoints a user who must change their password may still reach
_PASSWORD_CHANGE_EXEMPT = {"auth.change_password", "auth.logout", "main.set_language", "static", "bootstrap.static", "main.healthz",
                          "main.manifest", "main.favicon"}


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


#: the navbar's green, for the phone's title bar when the app is opened from the home screen
THEME_COLOUR = "#146c43"


@bp.route("/manifest.webmanifest")
def manifest():
    """What "Add to home screen" shows: the app's name in the page's language (browsers fetch the
    manifest without cookies, hence ?lang=), its icons, and where it opens."""
    lang = request.args.get("lang")
    with force_locale(lang if lang in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = {
            "name": _("OCOP IP assistant"),
            "short_name": _("OCOP IP"),
            "lang": lang or current_app.config["BABEL_DEFAULT_LOCALE"],
            "start_url": url_for("main.home"),
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": "#ffffff",
            "icons": [{"src": url_for("static", filename=f"icons/icon-{size}.png"), "sizes": f"{size}x{size}",
                       "type": "image/png"} for size in (192, 512)],
        }
    return current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.route("/favicon.ico")
def favicon():
    """For browsers that ask for /favicon.ico without reading the page's icon links."""
    return current_app.extensions["static_files"].send("static", "icons/favicon.ico")
