"""The one way the app sends e-mail (deadline and contribution reminders)."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

from app.models import User

logger = logging.getLogger(__name__)


def send_email(user: User, subject: str, body: str) -> None:
    """E-mail one user; without MAIL_SERVER the message is written to the log instead. SMTP errors
    (smtplib.SMTPException, OSError) reach the caller, which decides whether the message waits."""
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
