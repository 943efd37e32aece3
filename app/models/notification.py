"""What the app tells people: in-app notifications, the e-mail outbox and each user's e-mail choices.

A notification is born from an event (a case transition, a deadline or contribution reminder) and
keyed by it, so the same event never reaches the same person twice in the app nor by e-mail."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TitledEnum, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from app.models.user import User


class NotificationKind(TitledEnum):
    """What a notification is about; each user chooses per kind whether it also comes by e-mail."""

    CHANGES_REQUESTED = "changes_requested", _l("DOST asks for changes to an application")
    APPROVED = "approved", _l("DOST approves an application (ready to file)")
    FILED = "filed", _l("An application is filed with the IP office")
    OFFICE_NOTICE = "office_notice", _l("A notice from the IP office that needs an answer or a payment")
    GRANTED = "granted", _l("A certificate is granted")
    REFUSED = "refused", _l("An application is refused")
    DEADLINE_REMINDER = "deadline_reminder", _l("Deadline reminders")
    CONTRIBUTION_REMINDER = "contribution_reminder", _l("Reminders about the annual report figures")


class Notification(Base):
    """An in-app message for a user (review results, office events, reminders)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    #: empty for messages written before kinds existed
    kind: Mapped[Optional[NotificationKind]] = mapped_column(string_enum(NotificationKind, 32))
    #: the event it tells of (e.g. "case-event:12"): one notification per event and user
    event_key: Mapped[Optional[str]] = mapped_column(sa.String(80))

    __table_args__ = (sa.Index("uq_notifications_event", "user_id", "event_key", unique=True),)


class OutboxEmail(Base):
    """An e-mail waiting for the mail server, or sent. Written in the request (or the reminder run)
    that caused it, sent later by app/notifications/delivery.py: claimed by setting ``sent_at`` with
    a conditional UPDATE committed before talking to the server, given back with a later
    ``next_attempt_at`` when the server fails, abandoned (``failed_at``) after the attempt limit."""

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(string_enum(NotificationKind, 32))
    #: the event it tells of, as for Notification: at most one e-mail per event and user
    event_key: Mapped[str] = mapped_column(sa.String(80))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    failed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[Optional[str]] = mapped_column(sa.String(300))

    user: Mapped["User"] = relationship()

    __table_args__ = (sa.UniqueConstraint("event_key", "user_id", name="uq_email_outbox_once"),)


class EmailOptOut(Base):
    """A kind of e-mail a user does not want (every kind is wanted until the user says otherwise)."""

    __tablename__ = "email_opt_outs"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(string_enum(NotificationKind, 32), primary_key=True)
