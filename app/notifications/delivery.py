"""Send the e-mail outbox: ``deliver_outbox()`` is the one delivery function (`flask
send-notifications`, the daily `flask send-reminders`, or a task queue call it).

Each e-mail is claimed by a conditional UPDATE (``sent_at`` set only where still empty) committed
before the mail server is contacted, so two deliveries at once never send it twice. When the server
fails the claim is given back with a later ``next_attempt_at`` (the delay doubles with each attempt)
and after ``EMAIL_MAX_ATTEMPTS`` the e-mail is given up (``failed_at``), never retried for ever.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app import clock, mail
from app.extensions import db
from app.models import OutboxEmail

logger = logging.getLogger(__name__)

#: errors about one message (a refused recipient or content): the next e-mails are still tried;
#: any other error means the server is unreachable, and the run stops there
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@dataclass
class OutboxDelivery:
    """What a delivery did: sent, still waiting for a later attempt, given up."""

    sent: int = 0
    waiting: int = 0
    failed: int = 0


def _due_ids() -> list[int]:
    return list(db.session.scalars(sa.select(OutboxEmail.id).where(
        OutboxEmail.sent_at.is_(None), OutboxEmail.failed_at.is_(None),
        OutboxEmail.next_attempt_at <= clock.now()).order_by(OutboxEmail.id)))


def deliver_outbox() -> OutboxDelivery:
    """Send every e-mail due now; commits each claim and each outcome."""
    result = OutboxDelivery()
    due = _due_ids()
    db.session.commit()  # end the reading transaction: each claim below is its own
    for index, email_id in enumerate(due):
        if not _claim(email_id):
            continue  # another delivery took it
        email = db.session.get(OutboxEmail, email_id)
        try:
            mail.send_email(email.user, email.subject, email.body)
        except (smtplib.SMTPException, OSError) as error:
            if _give_back(email, error):
                result.failed += 1
            else:
                result.waiting += 1
            if not isinstance(error, MESSAGE_ERRORS):
                logger.warning("mail server failed (%s); the outbox waits for the next run", error)
                result.waiting += len(due) - index - 1
                break
            continue
        result.sent += 1
    return result


def _claim(email_id: int) -> bool:
    """Mark the e-mail sent before sending it, only if nobody did; committed, so it holds across runs."""
    claimed = db.session.execute(
        sa.update(OutboxEmail).where(OutboxEmail.id == email_id, OutboxEmail.sent_at.is_(None),
                                     OutboxEmail.failed_at.is_(None))
        .values(sent_at=clock.now()).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def _give_back(email: OutboxEmail, error: Exception) -> bool:
    """The server failed: count the attempt and wait longer each time, or give up at the limit.
    Committed; True when given up."""
    config = current_app.config
    now = clock.now()
    attempts = email.attempts + 1
    values = {"sent_at": None, "attempts": attempts, "last_error": str(error)[:300]}
    if attempts >= config["EMAIL_MAX_ATTEMPTS"]:
        values["failed_at"] = now
    else:
        values["next_attempt_at"] = now + timedelta(minutes=config["EMAIL_RETRY_MINUTES"] * 2 ** (attempts - 1))
    db.session.execute(sa.update(OutboxEmail).where(OutboxEmail.id == email.id).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    db.session.expire(email)
    return "failed_at" in values
