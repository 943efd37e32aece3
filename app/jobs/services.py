"""Running a job outside the request: the request records it (kind, owner, parameters), commits and
queues it; the worker runs its kind's handler, records progress, then the result file or summary,
or the errors the owner reads on the job's page.

A feature registers the handler of its kind with ``@handler(JobKind.X)``; the handler reads
``job.params``, may call ``progress`` between stages, and ends with ``save_result`` or
``job.summary``, or raises ``JobFailed`` with a message for the owner. A handler's own work is
committed once, with the job's final state, so an import stays all or nothing.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app import clock
from app.documents.storage import upload_root
from app.extensions import db
from app.models import Job, JobKind, JobState, User
from app.queue import app_context, huey

logger = logging.getLogger(__name__)

#: the job kinds' handlers, registered by the features that own them
HANDLERS: dict[JobKind, Callable[[Job], None]] = {}
#: where result files are kept, under UPLOAD_DIR
RESULT_DIR = "jobs"


class JobFailed(Exception):
    """The job cannot be done for a reason the owner can act on; its messages are shown, one a line."""

    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = messages


def handler(kind: JobKind) -> Callable[[Callable[[Job], None]], Callable[[Job], None]]:
    """Register the function that does a kind of job."""
    def register(function: Callable[[Job], None]) -> Callable[[Job], None]:
        HANDLERS[kind] = function
        return function
    return register


def create(kind: JobKind, owner: User, params: dict) -> Job:
    """Record a job waiting to start; flushes. The caller commits, then calls ``start``."""
    job = Job(kind=kind, owner=owner, params=params, state=JobState.QUEUED, progress=0)
    db.session.add(job)
    db.session.flush()
    return job


def start(job: Job) -> None:
    """Queue a committed job for the worker (inline when the queue runs tasks inline)."""
    run_job(job.id)


def progress(job: Job, percent: int) -> None:
    """Record how far the job got. Commits: call it only between stages, before the job writes its work."""
    job.progress = max(0, min(100, percent))
    db.session.commit()


def result_path(job: Job) -> Path:
    return upload_root() / RESULT_DIR / job.result_name


def save_result(job: Job, data: bytes, filename: str, content_type: str) -> None:
    """Keep the job's result file for its owner to download."""
    stored_name = f"{uuid.uuid4().hex}{Path(filename).suffix[:10]}"
    path = upload_root() / RESULT_DIR / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    job.result_name, job.result_filename, job.result_content_type = stored_name, filename, content_type


@huey.task()
def run_job(job_id: int) -> None:
    """Run a queued job once (a job already started or finished is left alone)."""
    with app_context():
        job = db.session.get(Job, job_id)
        if job is None or job.state != JobState.QUEUED:
            return
        job.state, job.started_at = JobState.RUNNING, clock.now()
        db.session.commit()
        try:
            HANDLERS[job.kind](job)
        except JobFailed as failure:
            _fail(job_id, failure.messages)
            return
        except Exception:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            _fail(job_id, [_l("The work stopped on an unexpected error. Nothing was changed; please try "
                              "again, and tell the administrator if it happens again.")])
            return
        job.state, job.progress, job.finished_at = JobState.DONE, 100, clock.now()
        db.session.commit()


def _fail(job_id: int, messages) -> None:
    """Undo the handler's unfinished work and record why, in Vietnamese (the worker has no user's language)."""
    db.session.rollback()
    job = db.session.get(Job, job_id)
    with force_locale("vi"):
        job.error = "\n".join(str(message) for message in messages)
    job.state, job.finished_at = JobState.FAILED, clock.now()
    db.session.commit()
