"""Case verbs other than status changes (those go through app/cases/workflow.py)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app import inputs, locking
from app.cases import changes, workflow
from app.extensions import db
from app.forms import choice_list
from app.i18n import format_date_vn
from app.models import (
    Case,
    CaseComment,
    CaseKind,
    CaseStatus,
    CommentState,
    DeadlineState,
    InternalNote,
    Organization,
    Party,
    Product,
    ProductReferral,
    Role,
    User,
)
from app.security import scope_to_user
from app.text import fold, nfc, sort_key
from app.wizard import services as wizard_services


def start_case(kind: CaseKind, organization: Organization, actor: User, products: list[Product] = (),
               title: str = "") -> Case:
    """A new draft application; its title follows the mark's wording once given."""
    case = Case(kind=kind, organization=organization, title=title[:200], created_by=actor, products=list(products))
    db.session.add(case)
    db.session.flush()
    workflow.record_creation(case, actor)
    return case


def untouched(case: Case) -> bool:
    """A draft nobody has worked on: no step saved, no file, no comment, not started by DOST from a referral."""
    if case.status != CaseStatus.DRAFT or case.steps or case.files or case.comments:
        return False
    return db.session.scalar(sa.select(ProductReferral.id).where(ProductReferral.case_id == case.id).limit(1)) is None


def start_or_reuse(kind: CaseKind, organization: Organization, actor: User, product: Product | None) -> Case:
    """Start a draft, or give back the organization's untouched draft of that kind (the newest) instead
    of piling up "Nhãn hiệu (chưa đặt tên)"; one started for another product is not reused."""
    drafts = db.session.scalars(sa.select(Case).where(
        Case.organization_id == organization.id, Case.kind == kind, Case.status == CaseStatus.DRAFT,
    ).order_by(Case.id.desc()))
    wanted = [product] if product else []
    for draft in drafts:
        if untouched(draft) and draft.products in ([], wanted):
            draft.products = wanted
            db.session.flush()
            return draft
    return start_case(kind, organization, actor, wanted)


class NotUntouched(Exception):
    """Only a draft nobody worked on may be deleted; anything else is withdrawn (it stays on record)."""


def discard_draft(case: Case) -> None:
    """Delete an untouched draft with its creation record; flushes."""
    if not untouched(case):
        raise NotUntouched()
    db.session.delete(case)
    db.session.flush()


class CommentsOpen(Exception):
    """The applicant has not dealt with or answered every comment of the review round."""

    def __init__(self, comments: list[CaseComment]):
        super().__init__(len(comments))
        self.comments = comments


def submit(case: Case, actor: User) -> dict[str, dict]:
    """Send the case for review if every wizard step is valid and every comment of DOST has been dealt
    with or answered (CommentsOpen otherwise); returns the steps' problems otherwise. Each submission
    keeps a snapshot of the steps, for the consultant to see what changed (app/cases/changes.py)."""
    still_open = wizard_services.open_comments(case)
    if still_open:
        raise CommentsOpen(still_open)
    # Of two people sending the same case at once, one claims its version and the other gets
    # locking.StaleVersion: never two submissions (nor two snapshots numbered alike).
    locking.claim(case, case.version)
    problems = wizard_services.revalidate(case)
    if not problems:
        workflow.transition(case, "submit", actor)
        resolve_comments(case)
        changes.record_submission(case, actor)
    return problems


def add_comment(case: Case, author: User, body: str, step: str | None = None) -> CaseComment:
    """A review comment, optionally tied to one wizard step; flushes."""
    comment = CaseComment(case=case, author=author, body=nfc(body.strip()), step=step)
    db.session.add(comment)
    db.session.flush()
    return comment


def resolve_comments(case: Case) -> None:
    """Once the case is sent again, the round's comments dealt with or answered are closed: they stay
    in the record with the applicant's answers (one DOST wrote meanwhile stays open for the next round)."""
    for comment in case.comments:
        if comment.state != CommentState.OPEN:
            comment.resolved = True
    db.session.flush()


@dataclass
class CaseFilters:
    kind: str = ""
    status: str = ""
    consultant: int | None = None
    ward: int | None = None
    group: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "CaseFilters":
        return cls(kind=args.get("kind", ""), status=args.get("status", ""),
                   consultant=args.get("consultant", type=inputs.database_int), ward=args.get("ward", type=inputs.database_int),
                   group=args.get("group", ""), q=nfc(args.get("q", "").strip())[:200])

    def args(self) -> dict:
        """The query-string arguments reproducing these filters, for the page links."""
        values = {"kind": self.kind, "status": self.status, "consultant": self.consultant, "ward": self.ward,
                  "group": self.group, "q": self.q}
        return {key: value for key, value in values.items() if value not in (None, "")}


def case_query(user: User, filters: CaseFilters) -> sa.Select:
    """Cases the user may see, filtered and newest first, with what a list row shows loaded in the same
    query; the search matches number, wording or organization without accents ("khom cau duc" finds
    "Khóm Cầu Đúc") on the folded, indexed search key (app/models/search_keys.py)."""
    # Eager loads are joined to the page's query only (not to its COUNT), and the order has an index,
    # so a page of 50,000 cases neither joins nor sorts them all.
    stmt = (scope_to_user(sa.select(Case), Case, user)
            .options(joinedload(Case.organization), joinedload(Case.consultant))
            .order_by(Case.updated_at.desc(), Case.id.desc()))
    if filters.kind in {k.value for k in CaseKind}:
        stmt = stmt.where(Case.kind == CaseKind(filters.kind))
    if filters.status in {s.value for s in CaseStatus}:
        stmt = stmt.where(Case.status == CaseStatus(filters.status))
    if filters.consultant:
        stmt = stmt.where(Case.consultant_id == filters.consultant)
    if filters.ward:
        stmt = stmt.where(Case.organization.has(Organization.ward_code == filters.ward))
    if filters.group:
        stmt = stmt.where(Case.products.any(Product.group == filters.group))
    if filters.q:
        stmt = stmt.where(Case.search_key.contains(fold(filters.q), autoescape=True))
    return stmt


def add_internal_note(case: Case, author: User, body: str) -> InternalNote:
    note = InternalNote(case=case, author=author, body=nfc(body.strip()))
    db.session.add(note)
    db.session.flush()
    return note


def consultant_choices():
    consultants = db.session.scalars(sa.select(User).where(User.role == Role.CONSULTANT, User.active.is_(True)))
    return choice_list(sorted(((u.id, u.full_name) for u in consultants), key=lambda item: sort_key(item[1])),
                       _("— nobody —"))


def rule_title(rule) -> str:
    """A deadline rule's title in the UI language."""
    return rule.title_en if str(get_locale()) == "en" else rule.title_vi


def plain_status(case: Case) -> str:
    """The case's situation in plain words, with the next date that matters."""
    open_deadlines = [d for d in case.deadlines if d.state == DeadlineState.OPEN]
    applicant = [d for d in open_deadlines if d.rule.party == Party.APPLICANT]
    office = [d for d in open_deadlines if d.rule.party == Party.OFFICE]
    if applicant and case.status not in (CaseStatus.GRANTED,):
        first = min(applicant, key=lambda d: d.due_date)
        title = rule_title(first.rule)
        return _("Action needed: %(what)s by %(date)s.", what=title, date=format_date_vn(first.due_date))
    if office:
        first = min(office, key=lambda d: d.due_date)
        title = rule_title(first.rule)
        return _("Waiting for the IP office: %(what)s, expected by %(date)s.", what=title,
                 date=format_date_vn(first.due_date))
    if case.status == CaseStatus.GRANTED and case.expiry_date:
        return _("Protected: certificate %(number)s, valid until %(date)s.", number=case.certificate_number,
                 date=format_date_vn(case.expiry_date))
    return str(case.status.title)
