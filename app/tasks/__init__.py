"""Background work: the task queue (Huey), its tasks and its periodic jobs.

Work that would hold a web worker — rendering a case's dossier after a change, the daily reminders
and the e-mail outboxes — runs in the worker, ``flask worker`` (started by ``make run``; a systemd
unit in production, see the README). The queue is Huey's own storage: by default a SQLite file
under instance/ (``HUEY_SQLITE_PATH``), which needs no server; with ``HUEY_REDIS_URL`` set, Redis,
so web and worker processes on several machines share it. Tests run tasks inline
(``HUEY_IMMEDIATE``) unless they start a worker.

Every task runs inside an app context: the caller's when run inline, else the app the worker was
started with (``init_app``), else one made by the factory. Tasks commit their own work.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage

from app import clock
from app.cases import dossier
from app.contributions import reminders as contribution_reminders
from app.deadlines import reminders
from app.extensions import db
from app.models import Case

logger = logging.getLogger(__name__)

#: built unconfigured (inline, in memory) so importing this module opens nothing; create_app then
#: points it at the configured storage through init_app
huey = Huey("ocop", results=False, immediate=True, storage_class=SqliteStorage)

_worker_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Point the queue at the app's storage (Redis when configured, else the SQLite file) and remember
    the app for tasks run by a worker in this process."""
    global _worker_app
    _worker_app = app
    config = app.config
    if config.get("HUEY_REDIS_URL"):
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": config["HUEY_REDIS_URL"]}
    else:
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": config["HUEY_SQLITE_PATH"]}
    huey.immediate = config["HUEY_IMMEDIATE"]
    huey.storage = huey.create_storage()


@contextmanager
def app_context() -> Iterator[None]:
    """The app context a task runs in: the caller's (inline), else the worker's app."""
    if has_app_context():
        yield
        return
    from app import create_app  # only a worker started without init_app gets here

    app = _worker_app or create_app()
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()


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
    return recorded, delivery.sent, delivery.waiting


#: what the worker delivers every few minutes: each callable sends what waits in its outbox and
#: keeps what the mail server refused for the next round (add a notification outbox here)
OUTBOX_DELIVERIES: list[Callable[[], object]] = [reminders.deliver_emails]


def in_vietnam(schedule: Callable[[datetime], bool]) -> Callable[[datetime], bool]:
    """A crontab read on Vietnam's clock: Huey passes UTC times, offices think in local time."""
    def validate(moment: datetime) -> bool:
        return schedule(moment.replace(tzinfo=timezone.utc).astimezone(clock.VIETNAM_TZ).replace(tzinfo=None))
    return validate


def _reminder_schedule(moment: datetime) -> bool:
    config = (_worker_app or current_app).config  # the worker's scheduler has no app context of its own
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
