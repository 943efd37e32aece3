"""Reminders about deadlines: in the app always, by email when SMTP is configured.

`flask send-reminders` runs this once a day (cron). Each reminder (deadline, person, moment,
channel) is recorded once, so running it again the same day, or the next, sends nothing twice.
If the job missed some days, only the most urgent reminder still due is sent.
"""
from __future__ import annotations

import logging
import smtplib
from datetime import date
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.extensions import db
from app.i18n import format_date_vn
from app.models import Deadline, DeadlineState, Notification, Party, Reminder, Role, User

logger = logging.getLogger(__name__)


def moment(deadline: Deadline, today: date, days_before: tuple[int, ...]) -> int | None:
    """Which reminder is due today: a number of days before, 0 for overdue, or None (never for a date
    to know, such as the opening of the renewal window: nothing is due then)."""
    if deadline.rule.informational:
        return None
    if today > deadline.due_date:
        return 0
    remaining = (deadline.due_date - today).days
    reached = [d for d in days_before if remaining <= d]
    return min(reached) if reached else None


def recipients(deadline: Deadline) -> list[User]:
    """The consultant in charge (every active consultant when nobody is: a reminder never goes to
    no one), plus the producer's accounts when the applicant must act."""
    consultant = deadline.case.consultant
    if consultant is not None and consultant.active:
        people = [consultant]
    else:
        people = list(db.session.scalars(sa.select(User).where(User.role == Role.CONSULTANT).order_by(User.id)))
    if deadline.rule.party == Party.APPLICANT:
        people += [u for u in deadline.case.organization.users if u.role == Role.PRODUCER]
    return [u for u in people if u.active]


def _message(deadline: Deadline, when: int) -> str:
    case = deadline.case
    what = deadline.rule.title_vi
    number = case.application_number or case.display_title
    if when == 0:
        return _("Overdue since %(date)s: %(what)s (%(case)s).", date=format_date_vn(deadline.due_date),
                 what=what, case=number)
    return _("In %(n)d day(s), on %(date)s: %(what)s (%(case)s).", n=when, date=format_date_vn(deadline.due_date),
             what=what, case=number)


def _send_email(user: User, subject: str, body: str) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        logger.info("email (no SMTP configured) to %s: %s — %s", user.email, subject, body)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = user.email
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)


def send_due_reminders(today: date) -> int:
    """Send every reminder due today that was not sent before; returns how many were sent."""
    days_before = tuple(current_app.config["REMINDER_DAYS"])
    sent = 0
    open_deadlines = db.session.scalars(sa.select(Deadline).where(Deadline.state == DeadlineState.OPEN))
    for deadline in open_deadlines:
        when = moment(deadline, today, days_before)
        if when is None:
            continue
        for user in recipients(deadline):
            for channel in ("app", "email"):
                already = db.session.scalar(sa.select(Reminder.id).where(
                    Reminder.deadline_id == deadline.id, Reminder.user_id == user.id,
                    Reminder.days_before == when, Reminder.channel == channel))
                if already:
                    continue
                with force_locale(user.locale or "vi"):
                    text = _message(deadline, when)
                    subject = _("Deadline reminder")
                if channel == "app":
                    db.session.add(Notification(user_id=user.id, case_id=deadline.case_id, message=text))
                else:
                    _send_email(user, subject, text)
                db.session.add(Reminder(deadline=deadline, user_id=user.id, days_before=when, channel=channel))
                db.session.flush()
                sent += 1
    return sent
