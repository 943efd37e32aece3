"""What each role's home page shows. Queries only; nothing here changes state."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Case, CaseStatus, Organization, Product, Role, User
from app.security import scope_to_user

OPEN_CASE_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.CHANGES_REQUESTED, CaseStatus.APPROVED)


def _unverified_organizations(limit: int = 10) -> list[Organization]:
    return list(
        db.session.scalars(
            sa.select(Organization).where(Organization.verified.is_(False)).order_by(Organization.created_at).limit(limit)
        )
    )


def _count_unverified() -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Organization.verified.is_(False))) or 0


def _cases_by_status() -> dict[CaseStatus, int]:
    rows = db.session.execute(sa.select(Case.status, sa.func.count()).group_by(Case.status))
    counts = dict.fromkeys(CaseStatus, 0)
    counts.update({status: count for status, count in rows})
    return counts


def _recent_cases(user: User, limit: int = 10) -> list[Case]:
    stmt = scope_to_user(sa.select(Case), Case, user).order_by(Case.updated_at.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def producer(user: User) -> dict:
    organization = user.organization
    return {
        "organization": organization,
        "products": organization.products if organization else [],
        "cases": _recent_cases(user, limit=50),
    }


def consultant(user: User) -> dict:
    my_cases = db.session.scalars(
        sa.select(Case)
        .where(Case.consultant_id == user.id, Case.status.in_(OPEN_CASE_STATUSES))
        .order_by(Case.updated_at.desc())
    )
    return {
        "cases_by_status": _cases_by_status(),
        "my_cases": list(my_cases),
        "awaiting_review": list(
            db.session.scalars(
                sa.select(Case).where(Case.status == CaseStatus.SUBMITTED).order_by(Case.updated_at)
            )
        ),
        "unverified": _unverified_organizations(),
        "unverified_count": _count_unverified(),
    }


def office(user: User) -> dict:
    by_group = db.session.execute(sa.select(Product.group, sa.func.count()).group_by(Product.group))
    by_stars = db.session.execute(sa.select(Product.stars, sa.func.count()).group_by(Product.stars).order_by(Product.stars))
    return {
        "product_count": db.session.scalar(sa.select(sa.func.count()).select_from(Product)) or 0,
        "organization_count": db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) or 0,
        "products_by_group": sorted(by_group, key=lambda row: row[0].title),
        "products_by_stars": list(by_stars),
        "unverified": _unverified_organizations(),
        "unverified_count": _count_unverified(),
    }


def admin(user: User) -> dict:
    rows = db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role))
    users_by_role = dict.fromkeys(Role, 0)
    users_by_role.update({role: count for role, count in rows})
    return {"users_by_role": users_by_role, "unverified_count": _count_unverified()}


_BY_ROLE = {Role.PRODUCER: producer, Role.CONSULTANT: consultant, Role.OFFICE: office, Role.ADMIN: admin}


def for_user(user: User) -> dict:
    """The template context of the user's home page."""
    return _BY_ROLE[user.role](user)
