"""User accounts and roles."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from app.models.base import Base, TimestampMixin, TitledEnum, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from app.models.contribution import Agency
    from app.models.organization import Organization


class Role(TitledEnum):
    """What a user is in the system; access rules in app/security.py key on it."""

    #: an OCOP producer (cooperative, firm, household); sees only its own organisation
    PRODUCER = "producer", _l("Producer")
    #: DOST (Sở KH&CN) staff who review applications and track cases
    CONSULTANT = "consultant", _l("DOST consultant")
    #: NTM coordination office staff who keep the OCOP product list
    OFFICE = "office", _l("NTM coordination office")
    #: the system's operator
    ADMIN = "admin", _l("Administrator")
    #: staff of another agency (Culture, Agriculture, market management…) reporting its figures to DOST
    CONTRIBUTOR = "contributor", _l("Contributing agency")


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively: we store them trimmed and lower-cased."""
    return email.strip().lower()


class User(UserMixin, TimestampMixin, Base):
    """A person who logs in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    phone: Mapped[Optional[str]] = mapped_column(sa.String(20))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(string_enum(Role, 16), default=Role.PRODUCER)
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[Optional[str]] = mapped_column(sa.String(8))
    #: secret in the URL of the user's deadline calendar (ICS); regenerating it revokes old links
    calendar_token: Mapped[Optional[str]] = mapped_column(sa.String(64), unique=True)
    organization_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    #: part of the id Flask-Login keeps in the session and the remember-me cookie: raising it
    #: (logout, password change or reset, deactivation) ends every session of the user at once
    session_generation: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))

    #: the contributing agency a contributor reports for (issue 20); nobody else has one
    agency_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("agencies.id", ondelete="RESTRICT"), index=True)

    organization: Mapped[Optional["Organization"]] = relationship(
        back_populates="users", foreign_keys=[organization_id]
    )
    agency: Mapped[Optional["Agency"]] = relationship()

    __table_args__ = (
        # Producers act for exactly one organisation; staff for none.
        sa.CheckConstraint(
            "(role = 'producer') = (organization_id IS NOT NULL)", name="producer_has_organization"
        ),
        sa.CheckConstraint("(role = 'contributor') = (agency_id IS NOT NULL)", name="contributor_has_agency"),
    )

    @validates("email")
    def _normalize_email(self, _key: str, value: str) -> str:
        return normalize_email(value)

    def set_password(self, password: str, method: str = "scrypt") -> None:
        """Hash and store a new password."""
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """True if the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    #: when this session logged in (epoch seconds); set by app/auth/sessions.py, not stored
    login_stamp: int = 0

    def get_id(self) -> str:
        """What Flask-Login stores: id, session generation and login time (app/auth/sessions.py)."""
        return f"{self.id}:{self.session_generation}:{self.login_stamp}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class PublicRequestCount(Base):
    """Requests from one address to the public pages in one minute (app/catalogue/limits.py): a row
    in the database, so every gunicorn worker counts the same requests."""

    __tablename__ = "public_request_counts"

    address: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    #: the start of the minute counted
    window: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True, index=True)
    count: Mapped[int] = mapped_column(default=1)


class LoginFailure(Base):
    """A wrong password (or unknown email), kept for the brute-force counters (app/auth/throttle.py).

    In the database, not in memory, so the counts hold across gunicorn workers and restarts.
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    address: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class LoginLock(Base):
    """Logins for an email or from an address refused until a moment; shown to admins."""

    __tablename__ = "login_locks"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the email typed (it may belong to no account) or, for an address lock, None
    email: Mapped[Optional[str]] = mapped_column(sa.String(254), index=True)
    #: the client address, for an address lock; None for an account lock
    address: Mapped[Optional[str]] = mapped_column(sa.String(64), index=True)
    failures: Mapped[int]
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
