"""Account verbs: they change state and flush; the view commits."""
from __future__ import annotations

import logging
import secrets

import sqlalchemy as sa
from flask import current_app

from app.auth import sessions
from app.extensions import db
from app.models import Organization, Role, User
from app.models.user import normalize_email
from app.organizations import services as organization_services
from app.text import nfc

logger = logging.getLogger(__name__)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (never says which was wrong)."""
    user = find_user_by_email(email)
    if user is None:
        # Hash anyway so an unknown email takes as long as a wrong password.
        User(email="x@x", full_name="", password_hash="").set_password(password, _hash_method())
        logger.warning("login refused: unknown email")
        return None
    if not user.check_password(password) or not user.active:
        logger.warning("login refused for user %s (%s)", user.id, "inactive" if not user.active else "wrong password")
        return None
    logger.info("login: user %s", user.id)
    return user


def _hash_method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"]


def set_password(user: User, password: str, *, must_change: bool = False) -> None:
    """A new password ends every session of the user (the view renews the one that changed it)."""
    user.set_password(password, _hash_method())
    user.must_change_password = must_change
    sessions.end_all_sessions(user)


def create_user(
    *,
    email: str,
    full_name: str,
    password: str,
    role: Role,
    phone: str | None = None,
    organization: Organization | None = None,
    locale: str | None = None,
    must_change_password: bool = False,
    agency_id: int | None = None,
) -> User:
    """Create a user; producers must belong to an organization, contributors to an agency, staff to none."""
    if (role == Role.PRODUCER) != (organization is not None):
        raise ValueError("producers need an organization; staff have none")
    if (role == Role.CONTRIBUTOR) != (agency_id is not None):
        raise ValueError("contributors need an agency; nobody else has one")
    user = User(
        email=email,
        full_name=nfc(full_name),
        phone=phone or None,
        role=role,
        organization=organization,
        locale=locale,
        must_change_password=must_change_password,
        agency_id=agency_id,
    )
    user.set_password(password, _hash_method())
    db.session.add(user)
    db.session.flush()
    return user


def register_producer(*, user_fields: dict, organization_fields: dict) -> User | None:
    """Self-registration: a producer account and its (unverified) organization; None, creating
    nothing, when the email is taken (the caller must not say so: see auth.register)."""
    if find_user_by_email(user_fields["email"]) is not None:
        logger.info("registration refused: email already registered")
        return None
    organization = organization_services.register_organization(**organization_fields)
    return create_user(role=Role.PRODUCER, organization=organization, **user_fields)


def temporary_password() -> str:
    """A password an admin hands over; the user must change it at next login."""
    return secrets.token_urlsafe(9)
