"""Sessions that end when they should.

Flask-Login keeps ``User.get_id()`` in the session and in the remember-me cookie:
"<user id>:<session generation>:<login time>". Raising the user's generation (logout, a new
password, deactivation: ``end_all_sessions``) makes every session and cookie carrying the old
one load nobody. The login time makes the remember-me cookie differ at each login and bounds
it (REMEMBER_COOKIE_DURATION, 30 days, checked here rather than trusting the browser to drop
the cookie). A session without remember-me also ends after SESSION_IDLE_TIMEOUT without a
request, and SESSION_ABSOLUTE_TIMEOUT after its login.
"""
from __future__ import annotations

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app import clock
from app.extensions import db
from app.models import User

#: session keys: the time of the last request, and whether the user asked to be remembered
LAST_SEEN_KEY = "seen"
REMEMBERED_KEY = "remembered"


def _now() -> int:
    return int(clock.now().timestamp())


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user, if the id's generation is current and it is not too old."""
    try:
        uid, generation, stamp = (int(part) for part in user_id.split(":"))
    except (AttributeError, TypeError, ValueError):
        return None  # a session from before generations existed, or garbage
    user = db.session.get(User, uid)
    if user is None or user.session_generation != generation:
        return None
    if _now() - stamp > current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds():
        return None
    user.login_stamp = stamp
    return user


def log_in(user: User, remember: bool) -> None:
    """Start a session (and a remember-me cookie if asked) for a user whose password was checked."""
    user.login_stamp = _now()
    login_user(user, remember=remember, duration=current_app.config["REMEMBER_COOKIE_DURATION"])
    session[LAST_SEEN_KEY] = user.login_stamp
    session[REMEMBERED_KEY] = bool(remember)


def end_all_sessions(user: User) -> None:
    """Every session and remember-me cookie of the user stops working (flushes)."""
    user.session_generation += 1
    db.session.flush()


def log_out(user: User) -> None:
    """Logging out on one device logs the user out everywhere (flushes; the view commits)."""
    end_all_sessions(user)
    logout_user()


def renew(user: User) -> None:
    """After end_all_sessions, keep the current session (the one that changed the password)."""
    log_in(user, remember=bool(session.get(REMEMBERED_KEY)))


def enforce_timeouts() -> None:
    """Before each request: end a session idle or open for too long; note this request's time."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    now = _now()
    config = current_app.config
    remembered = session.get(REMEMBERED_KEY) or config["REMEMBER_COOKIE_NAME"] in request.cookies
    if not remembered:
        idle = now - session.get(LAST_SEEN_KEY, 0) > config["SESSION_IDLE_TIMEOUT"].total_seconds()
        too_old = now - current_user.login_stamp > config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()
        if idle or too_old:
            logout_user()
            flash(_("Your session has ended. Please log in again."), "info")
            return
    session[LAST_SEEN_KEY] = now
