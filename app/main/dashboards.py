"""What each role's home page shows. Queries only; nothing here changes state."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.cases.services import plain_status
from app.contributions.services import contributions_for_agency
from app.deadlines.services import group_pages
from app.extensions import db
from app.main import todo
from app.models import Case, CaseStatus, Deadline, Holiday, Notification, Organization, Role, User
from app.models.case import CLOSED
from app.products.services import open_referrals_count, registry_figures
from app.security import scope_to_user

OPEN_CASE_STATUSES = tuple(s for s in CaseStatus if s not in CLOSED)
#: a home page shows the first few of each list, with its total and a link to the whole list
DEADLINE_ROWS = 8
CASE_ROWS = 20


def _case_rows(stmt: sa.Select, limit: int = CASE_ROWS) -> list[Case]:
    """The first cases of a home-page list with what a row shows (organization, open deadlines and
    their rules for the plain status), in a fixed number of queries."""
    stmt = stmt.options(joinedload(Case.organization),
                        selectinload(Case.deadlines).joinedload(Deadline.rule)).limit(limit)
    return list(db.session.scalars(stmt).unique())


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


def _recent_cases(user: User, limit: int = CASE_ROWS) -> list[Case]:
    return _case_rows(scope_to_user(sa.select(Case), Case, user).order_by(Case.updated_at.desc(), Case.id.desc()),
                      limit)


def _deadline_groups(user: User) -> dict:
    """The first open deadlines the user may see, and how many: overdue, within 7 days, within 30 days."""
    now = clock.today()
    return {"today": now, **group_pages(user, now, ("overdue", "week", "month"), per_page=DEADLINE_ROWS)}


def _unread_notifications(user: User) -> list:
    return list(db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc()).limit(10)))


def producer(user: User) -> dict:
    organization = user.organization
    cases = _recent_cases(user)
    return {
        "organization": organization,
        "products": organization.products if organization else [],
        "cases": cases,
        "plain_statuses": {case.id: plain_status(case) for case in cases},
        "deadlines": _deadline_groups(user),
        "notifications": _unread_notifications(user),
    }


def consultant(user: User) -> dict:
    my_cases = _case_rows(sa.select(Case).where(Case.consultant_id == user.id, Case.status.in_(OPEN_CASE_STATUSES))
                          .order_by(Case.updated_at.desc(), Case.id.desc()))
    return {
        "cases_by_status": _cases_by_status(),
        "my_cases": my_cases,
        "awaiting_review": _case_rows(sa.select(Case).where(Case.status == CaseStatus.SUBMITTED)
                                      .order_by(Case.updated_at, Case.id)),
        "unverified": _unverified_organizations(),
        "unverified_count": _count_unverified(),
        "deadlines": _deadline_groups(user),
        "notifications": _unread_notifications(user),
        "open_referrals": _open_referrals(),
    }


def _open_referrals() -> int | None:
    """Products the office referred to DOST, not yet handled."""
    return open_referrals_count()


def office(user: User) -> dict:
    """The registry's figures for the annual report (app/products/services.registry_figures)."""
    figures = registry_figures()
    return {
        "product_count": figures["total"],
        "organization_count": db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) or 0,
        "products_by_group": figures["by_group"],
        "products_by_stars": figures["by_stars"],
        "figures": figures,
        "unverified": _unverified_organizations(),
        "unverified_count": _count_unverified(),
    }


def admin(user: User) -> dict:
    rows = db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role))
    users_by_role = dict.fromkeys(Role, 0)
    users_by_role.update({role: count for role, count in rows})
    today = clock.today()
    # Deadlines would silently fall on Tết if nobody entered the coming year's days off.
    holidays_ahead = db.session.scalar(sa.select(sa.func.count()).select_from(Holiday).where(
        Holiday.day > today, Holiday.day <= today + timedelta(days=365)))
    return {"users_by_role": users_by_role, "unverified_count": _count_unverified(),
            "no_holidays_ahead": not holidays_ahead}


def contributor(user: User) -> dict:
    """Another agency's staff: its contributions to the yearly report (app/contributions)."""
    return {"agency": user.agency, "contributions": contributions_for_agency(user.agency_id)}


_BY_ROLE = {Role.PRODUCER: producer, Role.CONSULTANT: consultant, Role.OFFICE: office, Role.ADMIN: admin,
            Role.CONTRIBUTOR: contributor}


def for_user(user: User) -> dict:
    """The template context of the user's home page, its to-do list first."""
    return {**_BY_ROLE[user.role](user), "todo": todo.items_for(user)}
