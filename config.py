"""Configuration classes. Secrets and URLs come only from the environment.

Pick one with ``APP_CONFIG`` (``production`` by default, ``development``,
``testing``). Production refuses to start without ``SECRET_KEY``.
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_DIR", BASE_DIR / "instance"))


def host_list(raw: str | None) -> list[str] | None:
    """TRUSTED_HOSTS from the environment: comma-separated host names (None: any host)."""
    hosts = [host.strip() for host in (raw or "").split(",") if host.strip()]
    return hosts or None


def database_url(raw: str | None) -> str:
    """Normalise a DATABASE_URL so PostgreSQL always goes through psycopg 3."""
    if not raw:
        return f"sqlite:///{INSTANCE_DIR / 'ocop.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024  # the largest request we accept, in bytes
    MARK_IMAGE_MAX_BYTES = 5 * 1024 * 1024
    DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
    # A mark sample prints up to 80 mm on its longer side; below 300 dpi there it prints soft, so a
    # logo whose longer side has fewer pixels (80 / 25.4 × 300 ≈ 945) is kept with a warning.
    MARK_SHARP_LONG_SIDE_PX = int(os.environ.get("MARK_SHARP_LONG_SIDE_PX", "945"))

    # Vietnamese first: vi is the default and the fallback; en is the second language.
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    # The province the app serves: preselected in address forms (Cần Thơ, code 92).
    DEFAULT_PROVINCE_CODE = int(os.environ.get("DEFAULT_PROVINCE_CODE", "92"))

    # Bootstrap is served by the app itself: offices may run on a closed network.
    BOOTSTRAP_SERVE_LOCAL = True

    #: the host names the app answers (Flask answers 400 to others, so a forged Host header cannot
    #: end up in links); production requires it, or SERVER_NAME
    TRUSTED_HOSTS = host_list(os.environ.get("TRUSTED_HOSTS"))
    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    #: the public address in QR codes, calendar feeds and e-mails (app/public_urls.py); production requires it
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or None
    #: how many proxies in front set X-Forwarded-For/-Proto/-Host (0: those headers are ignored, as
    #: anyone can send them); 1 behind one nginx
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # a slow producer on a phone must not lose a form to a timeout

    # Deadline reminders: days before the due date (plus one on the day it is overdue).
    REMINDER_DAYS = (30, 7, 1)
    # Email for reminders; without MAIL_SERVER they are written to the log instead.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@ocop.local")
    # The notification outbox (app/notifications/delivery.py): a failed e-mail is tried again after
    # 15, 30, 60… minutes and given up after this many attempts (the eighth, about 32 hours after the first).
    EMAIL_MAX_ATTEMPTS = 8
    EMAIL_RETRY_MINUTES = 15

    # Background work (app/tasks/, Huey): the embedded queue is a SQLite file under instance/ and
    # needs no server; with HUEY_REDIS_URL set, every machine's web and worker processes share Redis.
    HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL") or None
    HUEY_SQLITE_PATH = os.environ.get("HUEY_SQLITE_PATH", str(INSTANCE_DIR / "huey.sqlite3"))
    #: run tasks inline in the caller instead of queueing them (tests without a worker)
    HUEY_IMMEDIATE = False
    #: an import confirmed with more rows than this is written by the worker (its page shows progress)
    IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", "2000"))
    #: render a case's dossier in the background after each change, so downloads find a stored copy
    DOSSIER_PRERENDER = True
    #: when the worker records and sends the day's reminders (Vietnam time)
    REMINDER_HOUR = int(os.environ.get("REMINDER_HOUR", "6"))
    REMINDER_MINUTE = int(os.environ.get("REMINDER_MINUTE", "15"))

    # werkzeug's default (scrypt); tests use a cheaper method.
    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_MIN_LENGTH = 12
    #: the demo accounts' published password may be chosen as a real one only in demo mode
    DEMO_MODE = False

    # Sessions (app/auth/sessions.py): remember-me at most 30 days; otherwise 8 hours idle, 12 open.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_NAME = "remember_token"
    SESSION_IDLE_TIMEOUT = timedelta(hours=8)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_TIMEOUT

    # Brute force (app/auth/throttle.py): failures within the window that lock an email or an address.
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_ACCOUNT_LIMIT = 5
    LOGIN_ADDRESS_LIMIT = 20
    LOGIN_LOCK_MINUTES = 15
    # Public pages (app/catalogue/limits.py): requests per address and minute before a 429; 0 turns it off
    # (e.g. for a load test from one address).
    PUBLIC_REQUESTS_PER_MINUTE = int(os.environ.get("PUBLIC_REQUESTS_PER_MINUTE", "120"))


class DevelopmentConfig(Config):
    """``make run``: without SECRET_KEY, create_app makes a local key once and keeps it under instance/."""

    #: where create_app keeps the development key (importing this module writes nothing)
    DEV_SECRET_KEY_FILE = INSTANCE_DIR / "dev-secret-key"
    DEMO_MODE = True
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"  # what make run serves


class ProductionConfig(Config):
    """gunicorn behind HTTPS: secure cookies, and SECRET_KEY is mandatory."""

    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REQUIRES_SECRET_KEY = True
    #: a production instance: seed-demo refuses to run without an explicit flag
    PRODUCTION = True
    #: the shortest SECRET_KEY production accepts, in bytes (a guessable key forges sessions)
    SECRET_KEY_MIN_BYTES = 32


class TestConfig(Config):
    """pytest: an in-memory database unless TEST_DATABASE_URL says otherwise."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False  # forms are posted directly; CSRF itself has its own test
    PUBLIC_BASE_URL = "https://shtt.example.gov.vn"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    HUEY_IMMEDIATE = True
    # a PDF for every saved step would slow the suite; the tests of app/tasks/prerender.py turn it on
    DOSSIER_PRERENDER = False


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def config_from_env() -> type[Config]:
    """The config class named by APP_CONFIG (production when unset)."""
    name = os.environ.get("APP_CONFIG", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"APP_CONFIG must be one of {sorted(CONFIGS)}, not {name!r}") from None
