"""Brute-force counters: too many wrong passwords lock the email, or the address, for a while.

5 failures for one email or 20 from one address within 15 minutes (config LOGIN_*) lock further
attempts for LOGIN_LOCK_MINUTES, doubled for each earlier lock of the same email or address in the
last day. An email is locked whether or not an account has it, so the answer never tells which
emails exist. Counters are rows (LoginFailure, LoginLock) so every gunicorn worker sees them and
they survive a restart; each lock is logged and listed for admins (/admin/login-locks).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app import clock
from app.extensions import db
from app.models import LoginFailure, LoginLock
from app.models.user import normalize_email

logger = logging.getLogger(__name__)

#: the longest lock, however many came before
MAX_LOCK = timedelta(hours=24)


def locked_until(email: str, address: str) -> datetime | None:
    """The end of the lock on this email or address, or None when a login may be tried."""
    return db.session.scalar(
        sa.select(sa.func.max(LoginLock.until)).where(
            sa.or_(LoginLock.email == normalize_email(email), LoginLock.address == address),
            LoginLock.until > clock.now(),
        )
    )


def record_failure(email: str, address: str) -> LoginLock | None:
    """Count a wrong password; lock the email or the address when it is one too many (flushes)."""
    email = normalize_email(email)
    db.session.add(LoginFailure(email=email, address=address, at=clock.now()))
    db.session.flush()
    config = current_app.config
    return (_lock_if_over(LoginFailure.email == email, config["LOGIN_ACCOUNT_LIMIT"], email=email)
            or _lock_if_over(LoginFailure.address == address, config["LOGIN_ADDRESS_LIMIT"], address=address))


def forget_failures(email: str) -> None:
    """After a successful login the email's earlier mistakes no longer count (flushes)."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.email == normalize_email(email)))
    db.session.flush()


def _lock_if_over(condition, limit: int, *, email: str | None = None, address: str | None = None) -> LoginLock | None:
    now = clock.now()
    window = timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    failures = db.session.scalar(
        sa.select(sa.func.count()).where(condition, LoginFailure.at > now - window)
    ) or 0
    if failures < limit:
        return None
    same = LoginLock.email == email if email is not None else LoginLock.address == address
    earlier = db.session.scalar(
        sa.select(sa.func.count()).where(same, LoginLock.locked_at > now - timedelta(days=1))
    ) or 0
    duration = min(timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"]) * 2 ** earlier, MAX_LOCK)
    lock = LoginLock(email=email, address=address, failures=failures, locked_at=now, until=now + duration)
    # No lock is shorter than the window, so the failures behind this one have aged out by its end.
    db.session.add(lock)
    db.session.flush()
    logger.warning("login locked until %s: %s after %d failures", lock.until.isoformat(),
                   f"email {email}" if email is not None else f"address {address}", failures)
    return lock


def recent_locks(days: int = 30) -> list[LoginLock]:
    """Locks of the last days, newest first (the admins' list)."""
    since = clock.now() - timedelta(days=days)
    return list(db.session.scalars(
        sa.select(LoginLock).where(LoginLock.locked_at > since).order_by(LoginLock.locked_at.desc())
    ))
