"""Reminders about deadlines: in the app always, by email when SMTP is configured.

`flask send-reminders` runs this once a day (cron). Each reminder (deadline, person, moment,
channel) is recorded once, so running it again the same day, or the next, sends nothing twice.
If the job missed some days, only the most urgent reminder still due is sent.

E-mails go out as an outbox: ``record_due_reminders`` writes every reminder (an e-mail one with
``sent_at`` empty) and the caller commits; ``deliver_emails`` then claims each waiting e-mail with a
conditional UPDATE committed before it talks to the mail server, and gives the claim back if the
server fails. So an SMTP outage loses nothing (the next run sends what waited) and no e-mail is sent
twice, even by two runs at once.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from app import clock, mail
from app.extensions import db
from app.i18n import format_date_vn
from app.models import Deadline, DeadlineState, Notification, NotificationKind, Party, Reminder, Role, User
from app.notifications.services import wants_email
from app.public_urls import public_url

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
    return ngettext("In %(num)d day, on %(date)s: %(what)s (%(case)s).",
                    "In %(num)d days, on %(date)s: %(what)s (%(case)s).", when,
                    date=format_date_vn(deadline.due_date), what=what, case=number)


def record_due_reminders(today: date) -> int:
    """Record every reminder due today that was not recorded before (in-app ones are delivered with
    it, e-mails wait for ``deliver_emails``); flushes, the caller commits. Returns how many."""
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
                if already or (channel == "email" and not wants_email(user, NotificationKind.DEADLINE_REMINDER)):
                    continue
                if channel == "app":
                    with force_locale(user.locale or "vi"):
                        text = _message(deadline, when)
                    db.session.add(Notification(user_id=user.id, case_id=deadline.case_id, message=text,
                                                kind=NotificationKind.DEADLINE_REMINDER))
                db.session.add(Reminder(deadline=deadline, user_id=user.id, days_before=when, channel=channel,
                                        sent_at=clock.now() if channel == "app" else None))
                db.session.flush()
                sent += 1
    return sent


@dataclass
class Delivery:
    """What ``deliver_emails`` did: e-mails sent, and e-mails still waiting (the mail server failed)."""

    sent: int = 0
    waiting: int = 0


def deliver_emails() -> Delivery:
    """Send the recorded e-mails not sent yet, committing each claim before sending it. An e-mail
    whose deadline is no longer open is not sent (its reminder would be wrong); it stays recorded."""
    result = Delivery()
    waiting = db.session.scalars(
        sa.select(Reminder).join(Reminder.deadline)
        .where(Reminder.channel == "email", Reminder.sent_at.is_(None), Deadline.state == DeadlineState.OPEN)
        .order_by(Reminder.id)).all()
    for index, reminder in enumerate(waiting):
        if not _claim(reminder):
            continue  # another run took it
        try:
            _send_reminder_email(reminder)
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("mail server failed (%s); %d e-mail(s) wait for the next run", error,
                           len(waiting) - index)
            _release(reminder)
            result.waiting = len(waiting) - index
            break
        result.sent += 1
    return result


def _claim(reminder: Reminder) -> bool:
    """Mark the e-mail sent before sending it, only if nobody did; committed, so it holds across runs."""
    claimed = db.session.execute(
        sa.update(Reminder).where(Reminder.id == reminder.id, Reminder.sent_at.is_(None))
        .values(sent_at=clock.now()).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def _release(reminder: Reminder) -> None:
    """The mail server refused or was down: the e-mail waits again for the next run."""
    db.session.execute(sa.update(Reminder).where(Reminder.id == reminder.id).values(sent_at=None)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _send_reminder_email(reminder: Reminder) -> None:
    user = reminder.user
    link = public_url("cases.detail", case_id=reminder.deadline.case_id)
    with force_locale(user.locale or "vi"):
        text = _message(reminder.deadline, reminder.days_before)
        text += "\n\n" + _("Open the case: %(url)s", url=link)
        subject = _("Deadline reminder")
    mail.send_email(user, subject, text)
