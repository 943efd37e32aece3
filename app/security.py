"""Who may do what: the one place access rules live.

Every view declares a permission with ``@permission_required(...)``. Object-level
checks go through ``can()`` / ``get_visible_or_404()``: a producer only ever sees
objects of its own organization, a contributor only those of its own agency, and asking
for another's gives 404, so it cannot even learn that the object exists.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.models import Job, Organization, Role, User

F = TypeVar("F", bound=Callable[..., Any])

STAFF = frozenset({Role.CONSULTANT, Role.OFFICE, Role.ADMIN})
ALL_ROLES = frozenset(Role)
#: everyone working on applications and products; contributors (other agencies) only report figures
EVERYONE = ALL_ROLES - {Role.CONTRIBUTOR}

#: permission -> roles that hold it. Object scoping for producers is applied on top.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "home.view": ALL_ROLES,
    "account.change_password": ALL_ROLES,
    "notification.view": ALL_ROLES,  # one's own only
    "organization.list": STAFF,
    "organization.view": EVERYONE,  # producers: their own only
    "organization.edit": frozenset({Role.PRODUCER, Role.OFFICE, Role.ADMIN}),
    "organization.create": frozenset({Role.OFFICE, Role.ADMIN}),
    "organization.verify": frozenset({Role.CONSULTANT, Role.OFFICE, Role.ADMIN}),
    "case.view": EVERYONE,  # producers: their own only
    "case.transition": EVERYONE,  # which transition each role may fire: app/cases/workflow.py
    "case.create": frozenset({Role.PRODUCER, Role.CONSULTANT}),
    # Producers edit their own drafts; DOST consultants may fill them in on a producer's behalf.
    "case.edit": frozenset({Role.PRODUCER, Role.CONSULTANT}),
    "case.comment": frozenset({Role.CONSULTANT}),
    "case.record_event": frozenset({Role.CONSULTANT}),
    "case.assign": frozenset({Role.CONSULTANT, Role.ADMIN}),
    "case.internal_notes": frozenset({Role.CONSULTANT, Role.OFFICE, Role.ADMIN}),
    "deadline.view": EVERYONE,  # producers: their own cases' deadlines only
    "product.list": EVERYONE,  # producers: their own only
    "product.view": EVERYONE,  # producers: their own only
    "product.edit": frozenset({Role.PRODUCER, Role.OFFICE, Role.ADMIN}),  # producers: their own only
    "product.import": frozenset({Role.OFFICE, Role.ADMIN}),
    "product.export": frozenset({Role.CONSULTANT, Role.OFFICE, Role.ADMIN}),
    "referral.view": frozenset({Role.CONSULTANT, Role.OFFICE, Role.ADMIN}),
    "referral.create": frozenset({Role.OFFICE, Role.ADMIN}),
    "referral.handle": frozenset({Role.CONSULTANT}),
    "api_token.manage": frozenset({Role.ADMIN}),
    "reference.view": EVERYONE,
    "reference.manage": frozenset({Role.ADMIN}),
    # legal citations and "Chưa xác nhận" badges; producers get the same facts in plain words
    "reference.legal_details": STAFF,
    "user.manage": frozenset({Role.ADMIN}),
    # The annual implementation report: read by staff, yearly counts entered by DOST, targets and
    # the signature block kept by an admin.
    "report.view": STAFF,
    "report.enter_counts": frozenset({Role.CONSULTANT, Role.ADMIN}),
    "report.manage": frozenset({Role.ADMIN}),
    # Contributions of other agencies (issue 20): a contributor sees only its own agency's; DOST
    # opens the round, accepts, returns, reopens and reminds; an admin keeps the agencies.
    "contribution.view": frozenset({Role.CONTRIBUTOR, Role.CONSULTANT, Role.ADMIN}),
    "contribution.edit": frozenset({Role.CONTRIBUTOR}),
    "contribution.manage": frozenset({Role.CONSULTANT}),
    "agency.manage": frozenset({Role.ADMIN}),
    "mark.check": ALL_ROLES,  # the JSON pre-check: any logged-in user, for signs of their own
    "mark.check_any": frozenset({Role.CONSULTANT, Role.ADMIN}),  # /marks/check page, any sign
    "mark.register": frozenset({Role.CONSULTANT, Role.ADMIN}),  # import the register of earlier marks
    # Jobs run by the worker (a big import, the report PDF): their owner's, and admins' (see can()).
    "job.view": ALL_ROLES,
}


def has_permission(user: User, permission: str) -> bool:
    """True if the user's role holds the permission (unknown permissions hold for nobody)."""
    return bool(user and user.is_authenticated and user.role in PERMISSIONS.get(permission, ()))


def owns(user: User, obj: Any) -> bool:
    """True if obj belongs to the user's organization (obj has organization_id, or is one)."""
    org_id = obj.id if isinstance(obj, Organization) else getattr(obj, "organization_id", None)
    return user.organization_id is not None and org_id == user.organization_id


def can(user: User, permission: str, obj: Any = None) -> bool:
    """Role check, plus for producers the object must belong to their organization."""
    if not has_permission(user, permission):
        return False
    if isinstance(obj, Job):
        return obj.owner_id == user.id or user.role == Role.ADMIN
    if obj is not None and user.role == Role.PRODUCER:
        return owns(user, obj)
    if obj is not None and user.role == Role.CONTRIBUTOR:
        return user.agency_id is not None and getattr(obj, "agency_id", None) == user.agency_id
    return True


def permission_required(permission: str) -> Callable[[F], F]:
    """View decorator: login required, then 403 unless the role holds the permission."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not has_permission(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def get_visible_or_404(model: type, object_id: int, permission: str) -> Any:
    """Load an object the current user may see under `permission`, else 404."""
    obj = db.session.get(model, object_id)
    if obj is None or not can(current_user, permission, obj):
        abort(404)
    return obj


def scope_to_user(stmt: sa.Select, model: type, user: User) -> sa.Select:
    """Restrict a query on an organization-owned model to what the user may list."""
    if user.role == Role.PRODUCER:
        column = model.id if model is Organization else model.organization_id
        return stmt.where(column == user.organization_id)
    return stmt


def safe_next(target: str | None) -> str:
    """A redirect target from the request, only if it is a path on this site (no open redirect)."""
    # A backslash counts as a slash for browsers ("/\\evil.example"); CR/LF could split headers.
    unsafe = target is None or "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target)
    if not unsafe and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.home")
