"""Reminders to agencies whose contribution is not in: 7 and 1 days before the due date and once
when it is late (from `flask send-reminders`, daily), and when DOST presses "Remind" (once a day).
In the app always; by e-mail through the notification outbox (app/notifications/delivery.py sends
it, never the request that pressed "Remind"), unless the contributor unticked that kind. Each
(contribution, person, moment, channel) is recorded once, so nothing is ever sent twice."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.contributions.services import is_late
from app.extensions import db
from app.i18n import format_date_vn
from app.models import CollectionRound, Contribution, ContributionReminder, NotificationKind, Role, User
from app.models.contribution import EDITABLE_CONTRIBUTION
from app.notifications import services as notifications
from app.public_urls import public_url

DAYS_BEFORE = (7, 1)


def automatic_moment(contribution: Contribution, today: date) -> str | None:
    """The reminder due today for a pending contribution: "7", "1", "0" (late) or None."""
    if contribution.status not in EDITABLE_CONTRIBUTION:
        return None
    if is_late(contribution, today):
        return "0"
    remaining = (contribution.round.due_date - today).days
    reached = [d for d in DAYS_BEFORE if remaining <= d]
    return str(min(reached)) if reached else None


def recipients(contribution: Contribution) -> list[User]:
    """The agency's active contributor accounts."""
    return list(db.session.scalars(sa.select(User).where(
        User.agency_id == contribution.agency_id, User.role == Role.CONTRIBUTOR, User.active.is_(True))))


def _message(contribution: Contribution, today: date) -> str:
    due = format_date_vn(contribution.round.due_date)
    if is_late(contribution, today):
        return _("Your agency's figures for the %(year)d report were due on %(date)s: please send them to DOST.",
                 year=contribution.round.year, date=due)
    return _("Your agency's figures for the %(year)d report are due on %(date)s.", year=contribution.round.year,
             date=due)


def remind(contribution: Contribution, moment: str, today: date) -> int:
    """Send the reminder of this moment to each recipient not reminded of it yet; how many were sent."""
    sent = 0
    for user in recipients(contribution):
        for channel in ("app", "email"):
            already = db.session.scalar(sa.select(ContributionReminder.id).where(
                ContributionReminder.contribution_id == contribution.id, ContributionReminder.user_id == user.id,
                ContributionReminder.moment == moment, ContributionReminder.channel == channel))
            if already:
                continue
            with force_locale(user.locale or "vi"):
                text = _message(contribution, today)
                subject = _("Figures for the annual IP report")
                link = _("Open the page: %(url)s", url=public_url("contributions.index"))
            key = f"contribution:{contribution.id}:{moment}"
            if channel == "app":
                notifications.add_in_app(user, NotificationKind.CONTRIBUTION_REMINDER, key, text)
            else:
                notifications.queue_email(user, NotificationKind.CONTRIBUTION_REMINDER, key, subject,
                                          text + "\n\n" + link)
            db.session.add(ContributionReminder(contribution_id=contribution.id, user_id=user.id, moment=moment,
                                                channel=channel))
            db.session.flush()
            sent += 1
    return sent


def send_due_reminders(today: date) -> int:
    """Every automatic reminder due today in every round (run daily)."""
    sent = 0
    pending = db.session.scalars(sa.select(Contribution).join(CollectionRound).where(
        Contribution.status.in_(EDITABLE_CONTRIBUTION)))
    for contribution in pending:
        moment = automatic_moment(contribution, today)
        if moment is not None:
            sent += remind(contribution, moment, today)
    return sent


def remind_pending(collection: CollectionRound, today: date) -> int:
    """DOST's reminder to every agency of the round that has not submitted (at most once a day)."""
    moment = f"dost-{today.isoformat()}"
    return sum(remind(c, moment, today) for c in collection.contributions if c.status in EDITABLE_CONTRIBUTION)
