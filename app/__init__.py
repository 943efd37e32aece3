"""The OCOP IP assistant: a Flask app built by ``create_app``."""
from __future__ import annotations

import logging
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.logging import default_handler
from werkzeug.middleware.proxy_fix import ProxyFix

from app.public_urls import checked_base_url
from config import BASE_DIR, Config, config_from_env

TEMPLATE_DIR = BASE_DIR / "templates"


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    """Build the app: config, extensions, blueprints, error pages, commands."""
    app = Flask(__name__, template_folder=str(TEMPLATE_DIR), instance_path=str(BASE_DIR / "instance"))
    configure(app, config_class or config_from_env(), overrides)
    register_extensions(app)
    register_input_checks(app)
    register_blueprints(app)
    register_static_files(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    register_queue(app)
    configure_logging(app)
    return app


def configure(app: Flask, config_class: type[Config], overrides: dict) -> None:
    """Load config and fail fast on what would break later."""
    app.config.from_object(config_class)
    app.config.update(overrides)
    if getattr(config_class, "REQUIRES_SECRET_KEY", False):
        _check_production_config(app.config)
    if app.config.get("PUBLIC_BASE_URL"):
        app.config["PUBLIC_BASE_URL"] = checked_base_url(app.config["PUBLIC_BASE_URL"])
    if app.config.get("PROXY_FIX_HOPS"):
        # only when configured: without a proxy anyone could claim another address or HTTPS
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if not app.config.get("SECRET_KEY") and app.config.get("DEV_SECRET_KEY_FILE"):
        app.config["SECRET_KEY"] = _development_secret_key(Path(app.config["DEV_SECRET_KEY_FILE"]))
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def _check_production_config(config) -> None:
    """Refuse to start on settings that are unsafe in production (README, "Security")."""
    key = config.get("SECRET_KEY")
    if not key:
        raise RuntimeError("SECRET_KEY must be set in the environment to run in production.")
    minimum = config["SECRET_KEY_MIN_BYTES"]
    if len(key.encode() if isinstance(key, str) else key) < minimum:
        raise RuntimeError(f"SECRET_KEY must be at least {minimum} bytes long; make one with "
                           "python3 -c 'import secrets; print(secrets.token_hex(32))'.")
    if not config.get("TRUSTED_HOSTS"):
        if not config.get("SERVER_NAME"):
            raise RuntimeError("Set TRUSTED_HOSTS (e.g. shtt.example.gov.vn) or SERVER_NAME: production "
                               "answers only its own host names.")
        config["TRUSTED_HOSTS"] = [config["SERVER_NAME"].split(":")[0]]
    if not config.get("PUBLIC_BASE_URL"):
        raise RuntimeError("Set PUBLIC_BASE_URL (e.g. https://shtt.example.gov.vn): the address printed in QR "
                           "codes and sent in e-mails.")


def _development_secret_key(path: Path) -> str:
    """A key made once and kept in a file, so development sessions survive a restart."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions of app/extensions.py."""
    from app import i18n
    from app.extensions import babel, bootstrap, csrf, db, login_manager, migrate
    from app.models.base import include_migration_object, render_migration_item

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True, compare_type=True,
                     render_item=render_migration_item, include_object=include_migration_object)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.get_locale)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page explains itself
    login_manager.session_protection = "strong"

    from app.auth.sessions import load_user

    login_manager.user_loader(load_user)
    with app.app_context():
        _configure_sqlite(db.engine)


def _configure_sqlite(engine: sa.Engine) -> None:
    """Foreign keys on (SQLite ignores them otherwise) and WAL for concurrent readers."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def register_input_checks(app: Flask) -> None:
    """Refuse what the database would choke on (app/inputs.py); before the routes are added."""
    from app import inputs

    app.url_map.converters["int"] = inputs.DatabaseIntConverter
    app.before_request(inputs.refuse_control_characters)


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature."""
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.cases import bp as cases_bp
    from app.catalogue import bp as catalogue_bp
    from app.contributions import bp as contributions_bp
    from app.deadlines import bp as deadlines_bp
    from app.documents import bp as documents_bp
    from app.filing import bp as filing_bp
    from app.jobs import bp as jobs_bp
    from app.main import bp as main_bp
    from app.marks import bp as marks_bp
    from app.notifications import bp as notifications_bp
    from app.organizations import bp as organizations_bp
    from app.products import bp as products_bp
    from app.reference import bp as reference_bp
    from app.reports import bp as reports_bp
    from app.wizard import bp as wizard_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(organizations_bp, url_prefix="/organizations")
    app.register_blueprint(cases_bp, url_prefix="/cases")
    app.register_blueprint(wizard_bp, url_prefix="/cases")
    app.register_blueprint(documents_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(reference_bp, url_prefix="/reference")
    app.register_blueprint(deadlines_bp)  # /deadlines/, /deadlines.ics
    app.register_blueprint(products_bp, url_prefix="/products")
    app.register_blueprint(catalogue_bp)  # /catalogue/, /verify/<token>: public
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(reports_bp, url_prefix="/reports")
    app.register_blueprint(contributions_bp, url_prefix="/contributions")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(filing_bp)  # /cases/<id>/filing/…, /filing/offices
    app.register_blueprint(marks_bp, url_prefix="/marks")


def register_static_files(app: Flask) -> None:
    """Hashed, long-cached, compressed static files (app/static_files.py)."""
    from app import static_files

    static_files.init_app(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals for templates: dates, money, permissions, navigation."""
    from app import i18n, security
    from app.addresses import province_name, ward_name
    from app.documents.storage import human_size
    from app.forms import DATE_PATTERN, cited
    from app.public_urls import public_url

    app.add_template_filter(i18n.format_date_vn, "date")
    app.add_template_filter(i18n.format_datetime_vn, "datetime")
    app.add_template_filter(i18n.format_long_date_vn, "longdate")
    app.add_template_filter(i18n.format_vnd, "vnd")
    app.add_template_filter(i18n.format_number, "number")
    app.add_template_filter(i18n.expand_abbreviations, "abbreviations")
    app.add_template_filter(i18n.format_measure, "measure")
    app.add_template_filter(ward_name, "ward_name")
    app.add_template_filter(province_name, "province_name")
    app.add_template_filter(human_size, "filesize")
    app.jinja_env.globals.update(can=security.can, current_locale=i18n.get_locale, public_url=public_url,
                                 date_pattern=DATE_PATTERN, cited=cited)


def register_error_handlers(app: Flask) -> None:
    from app.main.errors import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from app.headers import add_security_headers

    app.after_request(add_security_headers)


def register_commands(app: Flask) -> None:
    from app import cli

    cli.register(app)


def register_queue(app: Flask) -> None:
    """Point the task queue (app/queue.py) at this app's storage, and load the tasks it runs."""
    from app import queue, tasks  # noqa: F401  (importing tasks registers them with the queue)

    queue.init_app(app)


def configure_logging(app: Flask) -> None:
    """Outside development and tests, the app's loggers write INFO and up to stderr, which gunicorn
    and systemd keep: app.logger is the "app" logger, every module's ``logging.getLogger(__name__)``
    (case transitions, imports, refused logins) propagates to it, and Flask gives it its stderr
    handler (default_handler) unless one is configured, so only the level and format are set here."""
    if app.debug or app.testing:
        return
    app.logger.setLevel(logging.INFO)
    default_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
