"""Record notifications: in the app at once, by e-mail into the outbox (app/notifications/delivery.py
sends it). Verbs flush; the request (or command) commits. Each event reaches each user at most once
per channel: the event key is unique per user in both tables."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import clock
from app.extensions import db
from app.i18n import format_date_vn
from app.models import Case, CaseEvent, EmailOptOut, Notification, NotificationKind, OutboxEmail, Role, User
from app.public_urls import public_url

K = NotificationKind

#: the kinds each role can receive, offered on its preferences page
KINDS_BY_ROLE: dict[Role, tuple[NotificationKind, ...]] = {
    Role.PRODUCER: (K.CHANGES_REQUESTED, K.APPROVED, K.FILED, K.OFFICE_NOTICE, K.GRANTED, K.REFUSED,
                    K.DEADLINE_REMINDER),
    Role.CONSULTANT: (K.DEADLINE_REMINDER,),
    Role.CONTRIBUTOR: (K.CONTRIBUTION_REMINDER,),
}

#: subject and text of what a case event tells the producer (placeholders: case, note, date, number,
#: certificate, status)
CASE_MESSAGES: dict[NotificationKind, tuple[object, object]] = {
    K.CHANGES_REQUESTED: (_l("DOST asks for changes: %(case)s"),
                          _l("DOST asks you to change your application %(case)s: “%(note)s”. Open it, correct "
                             "what is asked and submit it again.")),
    K.APPROVED: (_l("Approved, ready to file: %(case)s"),
                 _l("DOST approved your application %(case)s. The case page says what to print, sign, file "
                    "and pay, and what to send back to DOST.")),
    K.FILED: (_l("Filed with the IP office: %(case)s"),
              _l("Your application %(case)s was filed with the IP office on %(date)s, application number "
                 "%(number)s.")),
    K.OFFICE_NOTICE: (_l("The IP office needs an answer: %(case)s"),
                      _l("%(status)s on %(date)s for your application %(case)s. It needs an answer or a payment "
                         "before its deadline: the case page says by when.")),
    K.GRANTED: (_l("Certificate granted: %(case)s"),
                _l("The IP office granted the certificate for %(case)s on %(date)s, number %(certificate)s.")),
    K.REFUSED: (_l("Application refused: %(case)s"),
                _l("The IP office refused the application %(case)s on %(date)s. Ask DOST what can still be "
                   "done.")),
}


def wants_email(user: User, kind: NotificationKind) -> bool:
    """Every kind is wanted until the user unticks it; no address, no e-mail."""
    if not user.email:
        return False
    return db.session.get(EmailOptOut, (user.id, kind)) is None


def add_in_app(user: User, kind: NotificationKind, event_key: str, message: str, case_id: int | None = None) -> bool:
    """The in-app notification of an event, unless the user already has it; flushes."""
    if db.session.scalar(sa.select(Notification.id).where(Notification.user_id == user.id,
                                                          Notification.event_key == event_key)):
        return False
    db.session.add(Notification(user_id=user.id, case_id=case_id, message=message, kind=kind, event_key=event_key))
    db.session.flush()
    return True


def queue_email(user: User, kind: NotificationKind, event_key: str, subject: str, body: str) -> bool:
    """Put the e-mail of an event in the outbox if the user wants that kind and does not have it yet;
    flushes. Nothing is sent here: app/notifications/delivery.py does, outside any request."""
    if not wants_email(user, kind):
        return False
    if db.session.scalar(sa.select(OutboxEmail.id).where(OutboxEmail.user_id == user.id,
                                                         OutboxEmail.event_key == event_key)):
        return False
    db.session.add(OutboxEmail(user_id=user.id, kind=kind, event_key=event_key, subject=subject[:200], body=body,
                               next_attempt_at=clock.now()))
    db.session.flush()
    return True


def _case_values(case: Case, event: CaseEvent) -> dict:
    return {"case": case.display_title, "note": event.note or "", "number": case.application_number or "",
            "certificate": case.certificate_number or "", "status": event.to_status.title,
            "date": format_date_vn(event.event_date) if event.event_date else ""}


def case_event(case: Case, event: CaseEvent, kind: NotificationKind) -> None:
    """Tell the organization's producer accounts about a case event (called by app/cases/workflow.py),
    in each one's language, with an absolute link to the case page."""
    link = public_url("cases.detail", case_id=case.id)
    key = f"case-event:{event.id}"
    subject_text, body_text = CASE_MESSAGES[kind]
    for user in case.organization.users:
        if user.role != Role.PRODUCER or not user.active or user.id == event.actor_id:
            continue
        with force_locale(user.locale or "vi"):
            values = _case_values(case, event)
            message = str(body_text) % values
            add_in_app(user, kind, key, message, case_id=case.id)
            queue_email(user, kind, key, str(subject_text) % values,
                        message + "\n\n" + _("Open the case: %(url)s", url=link))


def unread_count(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def latest(user: User, limit: int = 100) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; how many changed. Flushes."""
    stmt = sa.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    changed = db.session.execute(stmt.values(read_at=clock.now()).execution_options(synchronize_session=False))
    db.session.flush()
    return changed.rowcount


def email_choices(user: User) -> dict[NotificationKind, bool]:
    """Each kind this user can receive, and whether it wants it by e-mail."""
    opted_out = set(db.session.scalars(sa.select(EmailOptOut.kind).where(EmailOptOut.user_id == user.id)))
    return {kind: kind not in opted_out for kind in KINDS_BY_ROLE.get(user.role, ())}


def set_email_choices(user: User, wanted: set[NotificationKind]) -> None:
    """Keep the user's e-mail choices: an opt-out row for each offered kind not wanted. Flushes."""
    offered = KINDS_BY_ROLE.get(user.role, ())
    db.session.execute(sa.delete(EmailOptOut).where(EmailOptOut.user_id == user.id))
    for kind in offered:
        if kind not in wanted:
            db.session.add(EmailOptOut(user_id=user.id, kind=kind))
    db.session.flush()
