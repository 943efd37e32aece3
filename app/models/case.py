"""Cases (IP applications) and their append-only status history."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TitledEnum, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from app.models.deadline import Deadline
    from app.models.document import StoredFile
    from app.models.organization import Organization
    from app.models.product import Product
    from app.models.user import User


class CaseKind(TitledEnum):
    """The kind of right applied for."""

    TRADEMARK = "trademark", _l("Trademark")  # nhãn hiệu
    COLLECTIVE = "collective", _l("Collective mark")  # nhãn hiệu tập thể
    CERTIFICATION = "certification", _l("Certification mark")  # nhãn hiệu chứng nhận
    GI = "gi", _l("Geographical indication")  # chỉ dẫn địa lý


class CaseStatus(TitledEnum):
    """Where a case stands. Transitions between them live in app/cases/workflow.py."""

    #: the producer is preparing it
    DRAFT = "draft", _l("Draft")
    #: sent to DOST for review
    SUBMITTED = "submitted", _l("Submitted for review")
    #: the consultant asked the producer for changes
    CHANGES_REQUESTED = "changes_requested", _l("Changes requested")
    #: the consultant approved the dossier: ready to file with the IP office
    APPROVED = "approved", _l("Ready to file")
    #: the applicant gave up (before or after filing)
    WITHDRAWN = "withdrawn", _l("Withdrawn")
    # --- after filing with the IP office (Cục SHTT) ---------------------------------------
    #: filed: application number and filing date recorded
    FILED = "filed", _l("Filed with the IP office")
    #: the office sent a formality notice (thông báo thiếu sót hình thức): an answer is due
    FORMALITY_NOTICE = "formality_notice", _l("Formality notice received")
    #: the applicant answered the formality notice
    FORMALITY_ANSWERED = "formality_answered", _l("Formality notice answered")
    #: formality examination passed (before 1 Apr 2026: the decision accepting the application)
    FORMALITY_ACCEPTED = "formality_accepted", _l("Formality examination passed")
    #: published in the Industrial Property Gazette (Công báo SHCN)
    PUBLISHED = "published", _l("Published")
    #: substantive examination under way
    SUBSTANTIVE_EXAMINATION = "substantive_examination", _l("In substantive examination")
    #: notice of intended refusal received: an answer is due
    REFUSAL_NOTICE = "refusal_notice", _l("Intended refusal received")
    #: the applicant answered the intended refusal
    REFUSAL_ANSWERED = "refusal_answered", _l("Intended refusal answered")
    #: notice of intention to grant: grant fees are due
    GRANT_INTENDED = "grant_intended", _l("Intention to grant: fees due")
    #: grant fees paid, waiting for the certificate
    GRANT_FEES_PAID = "grant_fees_paid", _l("Grant fees paid")
    #: certificate granted
    GRANTED = "granted", _l("Granted")
    #: finally refused
    REFUSED = "refused", _l("Refused")
    #: abandoned (e.g. a deadline was missed)
    ABANDONED = "abandoned", _l("Abandoned")
    # --- after grant ---------------------------------------------------------------------------
    #: protection ended before its term: renewal refused, or the owner surrendered the certificate
    #: (IP Law Art. 95, chấm dứt hiệu lực)
    TERMINATED = "terminated", _l("Protection terminated")
    #: the certificate was invalidated (IP Law Art. 96, hủy bỏ hiệu lực)
    INVALIDATED = "invalidated", _l("Certificate invalidated")

    @property
    def editable(self) -> bool:
        """The applicant may change the wizard's answers (see EDITABLE)."""
        return self in EDITABLE

    @property
    def before_approval(self) -> bool:
        """DOST has not approved the dossier yet: it is printed as a draft (see BEFORE_APPROVAL)."""
        return self in BEFORE_APPROVAL


# The named groups of statuses: the one place that says which status belongs to which stage.
#: being edited by the applicant: a new draft, or one sent back for changes
EDITABLE = frozenset({CaseStatus.DRAFT, CaseStatus.CHANGES_REQUESTED})
#: not approved by DOST yet: the dossier is a draft ("BẢN NHÁP" on every page)
BEFORE_APPROVAL = EDITABLE | {CaseStatus.SUBMITTED}
#: prepared in the app and not filed yet: the applicant may still withdraw without the office
IN_PREPARATION = BEFORE_APPROVAL | {CaseStatus.APPROVED}
#: filed with the IP office and still pending there
PENDING_AT_OFFICE = frozenset({
    CaseStatus.FILED, CaseStatus.FORMALITY_NOTICE, CaseStatus.FORMALITY_ANSWERED, CaseStatus.FORMALITY_ACCEPTED,
    CaseStatus.PUBLISHED, CaseStatus.SUBSTANTIVE_EXAMINATION, CaseStatus.REFUSAL_NOTICE, CaseStatus.REFUSAL_ANSWERED,
    CaseStatus.GRANT_INTENDED, CaseStatus.GRANT_FEES_PAID,
})
#: granted, then no longer in force whatever its term says (a lapse at the end of the term is a date,
#: not a status: see app/products/ip_status.py)
PROTECTION_ENDED = frozenset({CaseStatus.TERMINATED, CaseStatus.INVALIDATED})
#: nothing more happens at the IP office after these (a granted title may still be renewed or end)
CLOSED = frozenset({CaseStatus.GRANTED, CaseStatus.REFUSED, CaseStatus.WITHDRAWN, CaseStatus.ABANDONED}) | PROTECTION_ENDED


class FilingChannel(TitledEnum):
    """How the application reached the IP office."""

    ONLINE = "online", _l("Online (dịch vụ công trực tuyến)")
    PAPER = "paper", _l("On paper")


case_products = sa.Table(
    "case_products",
    Base.metadata,
    sa.Column("case_id", sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("product_id", sa.ForeignKey("products.id", ondelete="RESTRICT"), primary_key=True),
)


class Case(TimestampMixin, Base):
    """An application for a trademark, collective or certification mark, or GI."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CaseKind] = mapped_column(string_enum(CaseKind, 16))
    title: Mapped[str] = mapped_column(sa.String(200))
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[CaseStatus] = mapped_column(
        string_enum(CaseStatus), default=CaseStatus.DRAFT, index=True
    )
    consultant_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # After filing (app/cases/lifecycle.py records these through workflow events).
    application_number: Mapped[Optional[str]] = mapped_column(sa.String(20), unique=True)
    filing_date: Mapped[Optional[date]]
    filing_channel: Mapped[Optional[FilingChannel]] = mapped_column(string_enum(FilingChannel, 16))
    publication_date: Mapped[Optional[date]]
    gazette_issue: Mapped[Optional[str]] = mapped_column(sa.String(40))
    certificate_number: Mapped[Optional[str]] = mapped_column(sa.String(20), unique=True)
    grant_date: Mapped[Optional[date]]
    expiry_date: Mapped[Optional[date]]
    #: earlier applications whose priority the wizard claims (kept from the priority step): some
    #: deadline rules apply only to a case that claims priority (DeadlineRule.applies_when)
    priority_claims: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    #: grows with every change of the case's record: a stale form gets a conflict, not an overwrite
    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))
    #: what the list search looks in: title, numbers and organization name folded (app/text.py fold),
    #: kept current by app/models/search_keys.py
    search_key: Mapped[str] = mapped_column(sa.String(500), default="", server_default="", index=True)

    organization: Mapped["Organization"] = relationship(back_populates="cases")
    products: Mapped[list["Product"]] = relationship(secondary=case_products)
    consultant: Mapped[Optional["User"]] = relationship(foreign_keys=[consultant_id])
    created_by: Mapped[Optional["User"]] = relationship(foreign_keys=[created_by_id])
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    steps: Mapped[list["CaseStep"]] = relationship(back_populates="case", cascade="all, delete-orphan")
    comments: Mapped[list["CaseComment"]] = relationship(
        back_populates="case", order_by="CaseComment.id", cascade="all, delete-orphan"
    )
    files: Mapped[list["StoredFile"]] = relationship(back_populates="case", cascade="all, delete-orphan")
    deadlines: Mapped[list["Deadline"]] = relationship(
        back_populates="case", order_by="Deadline.due_date", cascade="all, delete-orphan"
    )
    submissions: Mapped[list["CaseSubmission"]] = relationship(
        back_populates="case", order_by="CaseSubmission.number", cascade="all, delete-orphan"
    )
    internal_notes: Mapped[list["InternalNote"]] = relationship(
        back_populates="case", order_by="InternalNote.id", cascade="all, delete-orphan"
    )

    #: the case list and home pages show the most recently changed first; the registry and the public
    #: catalogue find the granted titles in force by status and expiry
    __table_args__ = (sa.Index("ix_cases_updated_at", "updated_at"),
                      sa.Index("ix_cases_status_expiry_date", "status", "expiry_date"))

    @property
    def display_title(self) -> str:
        """The title to show: the mark's wording once given, else e.g. "Nhãn hiệu (chưa đặt tên)"."""
        from flask_babel import gettext

        return self.title or gettext("%(kind)s (untitled)", kind=self.kind.title)

    @property
    def editable(self) -> bool:
        """Only drafts and cases sent back for changes may be edited."""
        return self.status.editable

    def step(self, name: str) -> "CaseStep | None":
        return next((s for s in self.steps if s.name == name), None)

    def current_file(self, purpose) -> "StoredFile | None":
        """The latest upload for a purpose (earlier ones are kept for the record)."""
        matching = [f for f in self.files if f.purpose == purpose]
        return max(matching, key=lambda f: f.id) if matching else None

    def __repr__(self) -> str:
        return f"<Case {self.id} {self.kind} {self.status}>"


class CaseEvent(Base):
    """One status change of a case; rows are only ever appended."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    transition: Mapped[str] = mapped_column(sa.String(40))
    from_status: Mapped[Optional[CaseStatus]] = mapped_column(string_enum(CaseStatus))
    to_status: Mapped[CaseStatus] = mapped_column(string_enum(CaseStatus))
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the legal date of what happened (e.g. the date on the office's notice); deadlines count from it
    event_date: Mapped[Optional[date]]
    #: details recorded with the event (application number, gazette issue…)
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default=sa.text("'{}'"))
    #: the office letter, as a PDF upload
    attachment_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("stored_files.id", ondelete="SET NULL"))
    corrected_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[Optional["User"]] = relationship()
    attachment: Mapped[Optional["StoredFile"]] = relationship()


class CaseStep(Base):
    """What the user typed on one wizard step, saved as-is so a draft is never lost.

    `data` maps each field name to its list of raw submitted values; forms are
    rebuilt from it, so validation can run again at any time (e.g. on submit).
    `version` grows on every save and detects two people editing the same step.
    """

    __tablename__ = "case_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(40))
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    complete: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship(back_populates="steps")

    __table_args__ = (sa.UniqueConstraint("case_id", "name", name="uq_case_steps_case_name"),)
    # Every UPDATE says "WHERE version = <the version loaded>": of simultaneous saves, the one that
    # comes second matches no row and fails (app/wizard/services.py turns that into a conflict).
    # The app raises the version itself, so that even a save that changed nothing is checked.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class CommentState(TitledEnum):
    """What the applicant did about a reviewer's comment before sending the case again."""

    #: not dealt with yet: the case cannot be submitted again
    OPEN = "open", _l("Not dealt with yet")
    #: the applicant changed the application as asked
    DEALT_WITH = "dealt_with", _l("Dealt with")
    #: the applicant answered instead (e.g. why nothing needs changing)
    ANSWERED = "answered", _l("Answered")


class CaseComment(Base):
    """A reviewer's comment on a case, optionally about one wizard step, and what the applicant
    did about it (state, reply, who and when)."""

    __tablename__ = "case_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    step: Mapped[Optional[str]] = mapped_column(sa.String(40))
    author_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    #: closed by the next submission: it belongs to an earlier review round (kept for the record)
    resolved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[CommentState] = mapped_column(
        string_enum(CommentState, 16), default=CommentState.OPEN, server_default=CommentState.OPEN.value
    )
    reply: Mapped[Optional[str]] = mapped_column(sa.Text)
    settled_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    settled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="comments")
    author: Mapped[Optional["User"]] = relationship(foreign_keys=[author_id])
    settled_by: Mapped[Optional["User"]] = relationship(foreign_keys=[settled_by_id])

    @property
    def is_open(self) -> bool:
        """Still waiting for the applicant: it stops the case from being submitted again."""
        return not self.resolved and self.state == CommentState.OPEN


class CaseSubmission(Base):
    """What every step of the wizard held when the case was sent for review: the consultant
    compares one round with the one before (app/cases/changes.py)."""

    __tablename__ = "case_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    #: 1 for the first submission, then 2, 3… for each resubmission
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: {step name: the step's raw input, as CaseStep.data}
    steps: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: {file purpose: [stored file id, sha256]} of the current upload of each purpose
    files: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="submissions")
    submitted_by: Mapped[Optional["User"]] = relationship()

    __table_args__ = (sa.UniqueConstraint("case_id", "number", name="uq_case_submissions_case_number"),)


class InternalNote(Base):
    """A note among DOST staff about a case: never shown to producers."""

    __tablename__ = "internal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="internal_notes")
    author: Mapped[Optional["User"]] = relationship()
