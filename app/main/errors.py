"""Error pages in the user's language; the session is rolled back on any error."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from app.extensions import db

#: the codes that have their own page; others fall back to the generic one
PAGES = {400, 403, 404, 405, 413, 422, 500}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(code: int, csrf: bool = False, control: bool = False):
    db.session.rollback()
    if _wants_json():
        return jsonify(error=code), code
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    return render_template(template, code=code, csrf=csrf, control=control), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(400, csrf=True)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, SecurityError):
            # A Host header outside TRUSTED_HOSTS: no URL can be built for it, so no page either.
            return "Bad Request: unknown host", 400, {"Content-Type": "text/plain; charset=utf-8"}
        return render_error(error.code or 500, control=error.description == "control")

    @app.errorhandler(InternalServerError)
    def server_error(error):
        app.logger.exception("unhandled error", exc_info=getattr(error, "original_exception", error))
        return render_error(500)
