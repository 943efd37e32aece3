"""The app's background tasks (queued on app/queue.py's Huey): dossiers rendered after each change
(with app/tasks/prerender.py), the daily reminders and the e-mail outboxes."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, datetime, timezone

from huey import crontab

from app import clock
from app.cases import dossier
from app.contributions import reminders as contribution_reminders
from app.deadlines import reminders
from app.extensions import db
from app.models import Case
from app.notifications.delivery import deliver_outbox
from app.queue import app_config, app_context, huey

logger = logging.getLogger(__name__)


# --- dossiers ready before they are asked for ------------------------------------------------------

#: a case whose documents wait in the queue for rendering; later changes join that render
PENDING_KEY = "dossier-pending:{case_id}"
#: a pending marker older than this is a render that was lost (a queue emptied by hand): enqueue anew
PENDING_STALE_SECONDS = 600


def request_render(case_id: int) -> bool:
    """Queue the rendering of a case's dossier and documents unless one is already waiting; True if queued.

    The worker clears the marker before it reads the case, so a change made after that point queues
    a new render, and a change made before it is in the data the waiting render will read."""
    key = PENDING_KEY.format(case_id=case_id)
    if not huey.put_if_empty(key, time.time()):
        since = huey.get(key, peek=True)
        if since is not None and time.time() - since < PENDING_STALE_SECONDS:
            return False
        huey.put(key, time.time())
    render_case_documents(case_id)
    return True


@huey.task()
def render_case_documents(case_id: int) -> None:
    """Render and store the case's dossier and its documents alone, unless stored for its current data."""
    huey.delete(PENDING_KEY.format(case_id=case_id))
    with app_context():
        case = db.session.get(Case, case_id)
        if case is None:  # deleted since
            return
        rendered = dossier.prepare_documents(case)
        db.session.commit()
        logger.info("case %s: %s document(s) rendered in the background", case_id, rendered)


# --- reminders and outboxes -------------------------------------------------------------------------


def daily_reminders(today: date) -> tuple[int, int, int]:
    """Record the deadline and contribution reminders due today, commit, then send the waiting e-mails;
    (recorded, e-mails sent, e-mails still waiting). Used by the periodic task and ``flask send-reminders``."""
    recorded = reminders.record_due_reminders(today) + contribution_reminders.send_due_reminders(today)
    db.session.commit()
    delivery = reminders.deliver_emails()
    outbox = deliver_outbox()  # contribution reminders and notifications wait there
    return recorded, delivery.sent + outbox.sent, delivery.waiting + outbox.waiting


#: what the worker delivers every few minutes: each callable sends what waits in its outbox and
#: keeps what the mail server refused for the next round
OUTBOX_DELIVERIES: list[Callable[[], object]] = [reminders.deliver_emails, deliver_outbox]


def in_vietnam(schedule: Callable[[datetime], bool]) -> Callable[[datetime], bool]:
    """A crontab read on Vietnam's clock: Huey passes UTC times, offices think in local time."""
    def validate(moment: datetime) -> bool:
        return schedule(moment.replace(tzinfo=timezone.utc).astimezone(clock.VIETNAM_TZ).replace(tzinfo=None))
    return validate


def _reminder_schedule(moment: datetime) -> bool:
    config = app_config()
    return crontab(minute=str(config["REMINDER_MINUTE"]), hour=str(config["REMINDER_HOUR"]))(moment)


@huey.periodic_task(in_vietnam(_reminder_schedule))
def send_daily_reminders() -> None:
    """Every morning (REMINDER_HOUR:REMINDER_MINUTE, Vietnam time): the day's reminders."""
    with app_context():
        recorded, sent, waiting = daily_reminders(clock.today())
        logger.info("%s reminder(s) recorded, %s e-mail(s) sent, %s waiting", recorded, sent, waiting)


@huey.periodic_task(crontab(minute="*/5"))
def deliver_outboxes() -> None:
    """Every five minutes: e-mails that waited for the mail server, and any other outbox."""
    with app_context():
        for deliver in OUTBOX_DELIVERIES:
            try:
                deliver()
            except Exception:  # one outbox failing must not keep the others waiting
                logger.exception("outbox delivery %s failed", getattr(deliver, "__name__", deliver))
                db.session.rollback()


from app.tasks import prerender  # noqa: E402,F401  (its session hooks queue the renders defined above)
