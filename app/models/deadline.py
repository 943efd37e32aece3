"""Legal time limits as data: rules versioned by filing date, computed deadlines, public holidays,
and the reminders sent about them (the notifications are in app/models/notification.py)."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, TitledEnum, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from app.models.case import Case, CaseEvent
    from app.models.user import User


class Party(TitledEnum):
    """Who must act before a deadline (or who is waiting, for the office's own time limits)."""

    APPLICANT = "applicant", _l("The applicant")  # the producer (with DOST's help)
    OFFICE = "office", _l("The IP office")  # an expected date, nothing to do but check


class DeadlineRule(TimestampMixin, Base):
    """One legal time limit: from which event, how long, for which filings, on what legal basis.

    A rule applies to cases of `case_kinds` (comma-separated CaseKind values) whose filing date
    falls in [filed_from, filed_to]; cases not yet filed use the rules in force today.
    """

    __tablename__ = "deadline_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    title_vi: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    case_kinds: Mapped[str] = mapped_column(sa.String(80))
    #: the CaseEvent.transition that starts the period ("file", "formality_notice", …)
    trigger: Mapped[str] = mapped_column(sa.String(40))
    #: the transitions that satisfy (close) the deadline, comma-separated
    closed_by: Mapped[str] = mapped_column(sa.String(200), default="")
    months: Mapped[int] = mapped_column(default=0)
    days: Mapped[int] = mapped_column(default=0)
    #: count from the case's expiry date instead of the trigger event's date (renewals)
    from_expiry: Mapped[bool] = mapped_column(default=False)
    #: count backwards (e.g. the renewal window opens 6 months before expiry)
    before: Mapped[bool] = mapped_column(default=False)
    #: a date to know, not a time limit: a window opens (e.g. renewal may be filed from then); it is
    #: never overdue nor missed, and the report does not count it
    informational: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    extendable_times: Mapped[int] = mapped_column(default=0)
    extension_months: Mapped[int] = mapped_column(default=0)
    party: Mapped[Party] = mapped_column(string_enum(Party, 16))
    legal_basis: Mapped[str] = mapped_column(sa.String(300))
    filed_from: Mapped[Optional[date]]
    filed_to: Mapped[Optional[date]]
    confirmed: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
    #: a condition on the case (see app/deadlines/services.py RULE_CONDITIONS), e.g. "claims_priority":
    #: the rule applies only to the cases it holds for; none means every case of its kinds
    applies_when: Mapped[Optional[str]] = mapped_column(sa.String(40))

    def kinds(self) -> set[str]:
        return {k.strip() for k in self.case_kinds.split(",") if k.strip()}

    def closers(self) -> set[str]:
        return {k.strip() for k in self.closed_by.split(",") if k.strip()}


class DeadlineState(TitledEnum):
    OPEN = "open", _l("open")
    MET = "met", _l("met")  # the expected event happened in time
    MISSED = "missed", _l("missed")  # it happened late, or never
    CANCELLED = "cancelled", _l("cancelled")  # the case moved on another way (withdrawn, corrected event)


class Deadline(Base):
    """A deadline computed for a case from a rule and the event that triggered it."""

    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int] = mapped_column(sa.ForeignKey("deadline_rules.id", ondelete="RESTRICT"))
    trigger_event_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("case_events.id", ondelete="CASCADE"))
    trigger_date: Mapped[date]
    #: the end of the period by the calendar, before moving off weekends and holidays
    nominal_due: Mapped[date]
    due_date: Mapped[date] = mapped_column(index=True)
    extensions: Mapped[int] = mapped_column(default=0)
    state: Mapped[DeadlineState] = mapped_column(string_enum(DeadlineState, 16), default=DeadlineState.OPEN, index=True)
    closed_on: Mapped[Optional[date]]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped["Case"] = relationship(back_populates="deadlines")
    rule: Mapped[DeadlineRule] = relationship()
    trigger_event: Mapped[Optional["CaseEvent"]] = relationship()
    reminders: Mapped[list["Reminder"]] = relationship(back_populates="deadline", cascade="all, delete-orphan")

    #: the deadline list counts each group of open deadlines on the first index and pages it in the
    #: second's order (due date, then id), neither reading the table (migration 0022)
    #: (case_id last, so that "my cases" is checked from the index too)
    __table_args__ = (sa.Index("ix_deadlines_state_rule_due", "state", "rule_id", "due_date", "case_id"),
                      sa.Index("ix_deadlines_state_due_id_rule", "state", "due_date", "id", "rule_id", "case_id"))


class Holiday(Base):
    """A public holiday (Tết and Hùng Kings' day move every year): kept as data by an admin."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    #: the government notice (or the Labour Code article) that sets the day off
    source: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: False until the day off is checked against the official announcement
    confirmed: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class Reminder(Base):
    """A reminder about a deadline: one per deadline, recipient, moment and channel, never twice.
    An e-mail is recorded first and ``sent_at`` is set when it goes out (app/deadlines/reminders.py)."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(sa.ForeignKey("deadlines.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    #: days before the due date (30, 7, 1) or 0 for "overdue"
    days_before: Mapped[int]
    channel: Mapped[str] = mapped_column(sa.String(16))  # "app" or "email"
    #: empty while an e-mail waits for the mail server (an outage keeps it waiting, never lost)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    deadline: Mapped[Deadline] = relationship(back_populates="reminders")
    user: Mapped["User"] = relationship()

    __table_args__ = (sa.UniqueConstraint("deadline_id", "user_id", "days_before", "channel",
                                          name="uq_reminders_once"),)


class ValidityPeriod(TimestampMixin, Base):
    """How long a title lasts: a mark's certificate (from filing), an OCOP certificate (from issue)."""

    __tablename__ = "validity_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: comma-separated CaseKind values, or "ocop"
    subject: Mapped[str] = mapped_column(sa.String(80))
    months: Mapped[int]
    legal_basis: Mapped[str] = mapped_column(sa.String(300))
    confirmed: Mapped[bool] = mapped_column(default=True)
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
