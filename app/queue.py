"""The task queue (Huey): its one instance, where it keeps the queue, and the app context tasks run in.

Work that would hold a web worker runs in the worker, ``flask worker`` (started by ``make run``; a
systemd unit in production, see the README). The queue is Huey's own storage: by default a SQLite
file under instance/ (``HUEY_SQLITE_PATH``), which needs no server; with ``HUEY_REDIS_URL`` set,
Redis, so web and worker processes on several machines share it. Tests run tasks inline
(``HUEY_IMMEDIATE``) unless they start a worker.

The tasks live with what they do (app/tasks/: dossiers, reminders, outboxes; app/jobs/: jobs a
user waits for); this module imports none of them, so any package can queue work without an
import cycle. Every task runs inside an app context: the caller's when run inline, else the app
the worker was started with (``init_app``), else one made by the factory. Tasks commit their own
work.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context
from flask.config import Config
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

from app.extensions import db

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


def app_config() -> Config:
    """The settings of the app in use: the current one, else the worker's (its scheduler has no context)."""
    return current_app.config if has_app_context() else _worker_app.config


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
