"""Admin verbs on users: flush, never commit."""
from __future__ import annotations

import sqlalchemy as sa

from app.auth import services as auth_services
from app.auth import sessions
from app.extensions import db
from app.models import Organization, Role, User
from app.text import nfc


class LastAdminError(Exception):
    """Refused: the change would leave no active administrator."""


def _active_admins() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(User.role == Role.ADMIN, User.active.is_(True))
    ) or 0


def update_user(user: User, *, full_name: str, phone: str | None, role: Role, organization_id: int | None, active: bool) -> None:
    """Change a user's details, role and organization."""
    losing_admin = user.role == Role.ADMIN and user.active and (role != Role.ADMIN or not active)
    if losing_admin and _active_admins() <= 1:
        raise LastAdminError()
    user.full_name = nfc(full_name)
    user.phone = phone or None
    user.role = role
    user.organization = db.session.get(Organization, organization_id) if organization_id else None
    if user.active and not active:
        sessions.end_all_sessions(user)
    if role != Role.CONTRIBUTOR:  # leaving the role leaves the agency (the form never offers entering it)
        user.agency_id = None
    user.active = active
    db.session.flush()


def reset_password(user: User) -> str:
    """Give the user a temporary password to change at next login; returns it once."""
    password = auth_services.temporary_password()
    auth_services.set_password(user, password, must_change=True)
    return password
