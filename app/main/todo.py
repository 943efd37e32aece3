"""The "Cần làm" (to do) list that starts every home page: what the user must do now, most urgent
first, each item saying why and by when. Queries only; the items are plain data one macro renders
(templates/macros/todo.html)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app import clock
from app.deadlines.services import visible_open_deadlines
from app.extensions import db
from app.i18n import format_date_vn, get_locale
from app.models import (
    Case,
    CaseComment,
    CaseEvent,
    CaseStatus,
    Deadline,
    DeadlineState,
    Organization,
    Party,
    Role,
    User,
)
from app.models.base import TitledEnum
from app.models.registry import ProductReferral, ReferralStatus
from app.wizard import services as wizard_services
from app.wizard.summary import missing_items

#: an applicant's deadline further away than this is not yet something to do (a renewal in 9 years)
HORIZON_DAYS = 60
#: an item due within this many days is urgent
URGENT_DAYS = 7
#: at most this many items of one kind on a staff home (the lists behind them have the rest), so a
#: home page costs the same queries however much work is waiting
STAFF_ITEMS_PER_KIND = 20


class TodoKind(TitledEnum):
    CHANGES_REQUESTED = "changes_requested", _l("Changes requested")
    DEADLINE = "deadline", _l("Deadline")
    MISSING = "missing", _l("Still missing")
    UNVERIFIED = "unverified", _l("Awaiting verification")
    REVIEW = "review", _l("To review")
    TO_FILE = "to_file", _l("To file")
    VERIFY = "verify", _l("To verify")
    REFERRAL = "referral", _l("Support request")


class Urgency(IntEnum):
    """Sorts the list: overdue first, then what is urgent, then the rest."""

    OVERDUE = 0
    URGENT = 1
    SOON = 2
    LATER = 3


@dataclass(frozen=True)
class TodoItem:
    kind: TodoKind
    title: str
    why: str
    url: str
    urgency: Urgency
    due: date | None = None
    action: str = ""


def _sorted(items: list[TodoItem]) -> list[TodoItem]:
    """Most urgent first; within one urgency the earliest due date first, undated items after."""
    return sorted(items, key=lambda item: (item.urgency, item.due or date.max))


def _urgency(due: date, today: date) -> Urgency:
    if due < today:
        return Urgency.OVERDUE
    return Urgency.URGENT if due <= today + timedelta(days=URGENT_DAYS) else Urgency.SOON


def _deadline_item(deadline: Deadline, today: date, for_staff: bool) -> TodoItem:
    case = deadline.case
    rule = deadline.rule
    title = rule.title_en if get_locale() == "en" else rule.title_vi
    if deadline.due_date < today:
        why = _("Overdue since %(date)s for %(case)s.", date=format_date_vn(deadline.due_date),
                case=case.application_number or case.display_title)
    else:
        why = _("Due by %(date)s for %(case)s (%(basis)s).", date=format_date_vn(deadline.due_date),
                case=case.application_number or case.display_title, basis=rule.legal_basis)
    if for_staff:
        why += " " + case.organization.name
    return TodoItem(TodoKind.DEADLINE, title, why, url_for("cases.detail", case_id=case.id),
                    _urgency(deadline.due_date, today), deadline.due_date, _("Open the case"))


def _change_request_words(case: Case) -> str:
    """The consultant's latest words: its newest open comment, else the note of the request itself."""
    comment = db.session.scalar(sa.select(CaseComment.body).where(
        CaseComment.case_id == case.id, CaseComment.resolved.is_(False))
        .order_by(CaseComment.created_at.desc(), CaseComment.id.desc()).limit(1))
    if comment:
        return comment
    return db.session.scalar(sa.select(CaseEvent.note).where(
        CaseEvent.case_id == case.id, CaseEvent.to_status == CaseStatus.CHANGES_REQUESTED)
        .order_by(CaseEvent.id.desc()).limit(1)) or ""


def _continue_url(case: Case) -> str:
    step = wizard_services.resume_step(case)
    if step is None:
        return url_for("cases.detail", case_id=case.id)
    return url_for("wizard.step", case_id=case.id, step_name=step.name)


def _producer_cases(organization_id: int, status: CaseStatus) -> list[Case]:
    return list(db.session.scalars(sa.select(Case).where(Case.organization_id == organization_id,
                                                         Case.status == status).order_by(Case.id)))


def producer_items(user: User) -> list[TodoItem]:
    today = clock.today()
    organization = user.organization
    items = [TodoItem(TodoKind.CHANGES_REQUESTED, _("Correct %(case)s", case=case.display_title),
                      _("DOST asks: “%(words)s”", words=_change_request_words(case)), _continue_url(case),
                      Urgency.URGENT, action=_("Correct as DOST asks"))
             for case in _producer_cases(organization.id, CaseStatus.CHANGES_REQUESTED)]
    items += [_deadline_item(d, today, for_staff=False)
              for d in visible_open_deadlines(user, until=today + timedelta(days=HORIZON_DAYS))
              if not d.rule.informational]
    for case in _producer_cases(organization.id, CaseStatus.DRAFT):
        missing = missing_items(case)
        if missing:
            steps = ", ".join(item["step_title"] for item in missing)
            items.append(TodoItem(TodoKind.MISSING, _("Finish %(case)s", case=case.display_title),
                                  _("Still to complete before it can be sent to DOST: %(steps)s.", steps=steps),
                                  _continue_url(case), Urgency.LATER, action=_("Continue the application")))
    if not organization.verified:
        items.append(TodoItem(TodoKind.UNVERIFIED, _("Your organization awaits verification"),
                              _("The office or DOST checks your organization's details before DOST approves its "
                                "applications; you can prepare them meanwhile. Check that the details are right."),
                              url_for("organizations.detail", organization_id=organization.id), Urgency.LATER,
                              action=_("Check the details")))
    return _sorted(items)


def _verify_items() -> list[TodoItem]:
    organizations = db.session.scalars(sa.select(Organization).where(Organization.verified.is_(False))
                                       .order_by(Organization.created_at).limit(STAFF_ITEMS_PER_KIND))
    return [TodoItem(TodoKind.VERIFY, _("Verify %(name)s", name=o.name),
                     _("Registered on %(date)s; its applications cannot be approved until it is verified.",
                       date=format_date_vn(o.created_at.date())),
                     url_for("organizations.detail", organization_id=o.id), Urgency.SOON, action=_("Verify"))
            for o in organizations]


def _in_charge(user: User):
    """Cases the consultant is in charge of, or that nobody is in charge of."""
    return sa.or_(Case.consultant_id == user.id, Case.consultant_id.is_(None))


def _cases_in_charge(user: User, status: CaseStatus):
    """The oldest cases in a status that the consultant is in charge of, with what an item shows."""
    return (sa.select(Case).where(Case.status == status, _in_charge(user)).options(selectinload(Case.organization))
            .order_by(Case.updated_at).limit(STAFF_ITEMS_PER_KIND))


def consultant_items(user: User) -> list[TodoItem]:
    today = clock.today()
    waiting = db.session.scalars(_cases_in_charge(user, CaseStatus.SUBMITTED))
    items = [TodoItem(TodoKind.REVIEW, _("Review %(case)s", case=case.display_title),
                      _("Submitted by %(organization)s on %(date)s.", organization=case.organization.name,
                        date=format_date_vn(case.updated_at.date())),
                      url_for("cases.detail", case_id=case.id), Urgency.URGENT, action=_("Review"))
             for case in waiting]
    to_file = db.session.scalars(_cases_in_charge(user, CaseStatus.APPROVED))
    items += [TodoItem(TodoKind.TO_FILE, _("Have %(case)s filed", case=case.display_title),
                       _("Approved; record the filing once %(organization)s or DOST has filed it.",
                         organization=case.organization.name),
                       url_for("cases.detail", case_id=case.id), Urgency.SOON, action=_("Open the case"))
              for case in to_file]
    deadlines = db.session.scalars(
        sa.select(Deadline).join(Deadline.case).where(
            Deadline.state == DeadlineState.OPEN, Deadline.due_date <= today + timedelta(days=URGENT_DAYS), _in_charge(user),
            Deadline.rule.has(informational=False), Deadline.rule.has(party=Party.APPLICANT))
        .options(selectinload(Deadline.case).selectinload(Case.organization), selectinload(Deadline.rule))
        .order_by(Deadline.due_date).limit(STAFF_ITEMS_PER_KIND))
    items += [_deadline_item(d, today, for_staff=True) for d in deadlines]
    referrals = db.session.scalars(sa.select(ProductReferral).where(ProductReferral.status == ReferralStatus.OPEN)
                                   .options(selectinload(ProductReferral.product))
                                   .order_by(ProductReferral.created_at).limit(STAFF_ITEMS_PER_KIND))
    items += [TodoItem(TodoKind.REFERRAL, _("Decide on support for %(product)s", product=r.product.name),
                       _("The office asked for IP support on %(date)s.", date=format_date_vn(r.created_at.date())),
                       url_for("products.referrals"), Urgency.SOON, action=_("Decide"))
              for r in referrals]
    return _sorted(items + _verify_items())


def office_items(user: User) -> list[TodoItem]:
    """The office and admins: organizations to verify (the admin home also warns of missing holidays)."""
    return _sorted(_verify_items())


BY_ROLE = {Role.PRODUCER: producer_items, Role.CONSULTANT: consultant_items, Role.OFFICE: office_items,
           Role.ADMIN: office_items}


def items_for(user: User) -> list[TodoItem]:
    """The user's to-do list (a contributor's work is its agency's contributions page)."""
    build = BY_ROLE.get(user.role)
    return build(user) if build is not None else []
