"""User accounts and roles."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from app.models.base import Base, TimestampMixin, TitledEnum, string_enum

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

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
