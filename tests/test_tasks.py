"""The task queue (app/tasks/) and dossiers rendered before they are asked for (app/tasks/prerender.py).

The worker test starts the real ``flask worker`` in a subprocess against a SQLite queue file and the
test's own database, and waits for the stored dossier it renders.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime

import pytest
import sqlalchemy as sa

from app import queue, tasks
from app.models import Case, GeneratedDocument, Role
from config import BASE_DIR
from tests.pdf_reading import text_of
from tests.wizard_helpers import MARK, filled_trademark, post_step

WORKER_WAIT_S = 90


@pytest.fixture
def queue_file(app, tmp_path, monkeypatch):
    """The app queues into a real SQLite queue file (nothing consumes it unless a test starts a worker)."""
    path = tmp_path / "queue.sqlite3"
    monkeypatch.setitem(app.config, "HUEY_SQLITE_PATH", str(path))
    monkeypatch.setitem(app.config, "HUEY_IMMEDIATE", False)
    monkeypatch.setitem(app.config, "DOSSIER_PRERENDER", True)
    queue.init_app(app)
    yield path
    queue.huey.storage.close()
    monkeypatch.undo()
    queue.init_app(app)


def _dossiers(db, case_id: int) -> list[GeneratedDocument]:
    rows = db.session.scalars(sa.select(GeneratedDocument).where(
        GeneratedDocument.case_id == case_id, GeneratedDocument.kind == "dossier")).all()
    db.session.remove()
    return list(rows)


def _start_worker(app, queue: str) -> subprocess.Popen:
    env = {**os.environ, "APP_CONFIG": "development", "SECRET_KEY": "worker-test-key",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "UPLOAD_DIR": app.config["UPLOAD_DIR"],
           "HUEY_SQLITE_PATH": queue}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "run", "worker", "--workers", "1"],
                            cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _stop(worker: subprocess.Popen) -> str:
    worker.send_signal(signal.SIGINT)
    try:
        output, _ = worker.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output.decode(errors="replace")


def test_saves_queue_one_render_and_the_real_worker_stores_it(app, db, queue_file, login_as, make_organization,
                                                              make_product):
    client, case_id = filled_trademark(login_as, make_organization, make_product)
    # six steps saved, one render waiting (the pending marker coalesces them), nothing rendered yet
    assert queue.huey.pending_count() == 1
    assert _dossiers(db, case_id) == []

    worker = _start_worker(app, str(queue_file))
    try:
        deadline = time.monotonic() + WORKER_WAIT_S
        while not _dossiers(db, case_id) and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.3)
        stored = _dossiers(db, case_id)
    finally:
        output = _stop(worker)
    assert len(stored) == 1, output[-3000:]
    assert queue.huey.pending_count() == 0

    # the download is the stored copy: same bytes, no second render
    from app.documents import storage
    response = client.get(f"/cases/{case_id}/dossier.pdf")
    assert response.data == storage.generated_path(stored[0]).read_bytes()
    assert len(_dossiers(db, case_id)) == 1

    # an edit queues a render; downloaded before the worker runs it, the dossier is rendered now, not stale
    assert post_step(client, case_id, "mark", {**MARK, "description": "Mô tả sau khi sửa."}).status_code == 302
    assert queue.huey.pending_count() == 1
    assert "Mô tả sau khi sửa." in text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert len(_dossiers(db, case_id)) == 2


def test_a_rolled_back_save_and_reads_queue_nothing(app, db, queue_file, login_as, make_organization, make_product):
    client, case_id = filled_trademark(login_as, make_organization, make_product)
    queue.huey.flush()
    # a save over someone else's newer version is rolled back (409): nothing changed, nothing to render
    stale = post_step(client, case_id, "mark", {**MARK, "step_version": "0", "wording": "KHÁC"})
    assert stale.status_code == 409
    assert client.get(f"/cases/{case_id}").status_code == 200
    assert client.get(f"/cases/{case_id}/dossier.pdf").status_code == 200
    assert queue.huey.pending_count() == 0
    # input the step refuses is still kept as a draft (never lost), so it is a change to render
    assert post_step(client, case_id, "mark", {**MARK, "wording": ""}).status_code == 422
    assert queue.huey.pending_count() == 1


def test_a_status_change_and_an_upload_queue_a_render(app, db, queue_file, login_as, make_organization, make_product):
    client, case_id = filled_trademark(login_as, make_organization, make_product)
    queue.huey.flush()
    assert client.post(f"/cases/{case_id}/submit").status_code == 302
    assert queue.huey.pending_count() == 1
    queue.huey.flush()
    db.session.get(Case, case_id).organization.verified = True  # DOST approves only a verified organization
    db.session.commit()
    consultant, _ = login_as(Role.CONSULTANT)
    assert consultant.post(f"/cases/{case_id}/transition", data={"name": "approve"}).status_code == 302
    assert queue.huey.pending_count() == 1


def test_inline_render_after_a_save_stores_the_current_dossier(app, db, login_as, make_organization, make_product,
                                                              monkeypatch):
    client, case_id = filled_trademark(login_as, make_organization, make_product)
    monkeypatch.setitem(app.config, "DOSSIER_PRERENDER", True)  # tests run tasks inline (HUEY_IMMEDIATE)
    assert post_step(client, case_id, "mark", {**MARK, "description": "Bản mới nhất."}).status_code == 302
    stored = _dossiers(db, case_id)
    assert stored, "the save rendered no dossier"
    from app.documents import storage
    newest = max(stored, key=lambda doc: doc.id)
    assert "Bản mới nhất." in text_of(storage.generated_path(newest).read_bytes())
    count = len(stored)
    assert client.get(f"/cases/{case_id}/dossier.pdf").data == storage.generated_path(newest).read_bytes()
    assert len(_dossiers(db, case_id)) == count


@pytest.mark.parametrize(("utc", "due"), [
    (datetime(2026, 12, 7, 23, 15), True),   # 06:15 on 8 Dec in Vietnam
    (datetime(2026, 12, 8, 6, 15), False),   # 13:15 in Vietnam
    (datetime(2026, 12, 7, 23, 16), False),
])
def test_the_reminders_run_at_the_configured_vietnam_time(app, utc, due):
    assert app.config["REMINDER_HOUR"] == 6 and app.config["REMINDER_MINUTE"] == 15
    assert tasks.in_vietnam(tasks._reminder_schedule)(utc) is due


def test_a_failing_outbox_does_not_hold_back_the_others(app, monkeypatch):
    delivered = []

    def broken():
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "OUTBOX_DELIVERIES", [broken, lambda: delivered.append("second")])
    tasks.deliver_outboxes()
    assert delivered == ["second"]


def test_a_redis_url_puts_the_queue_in_redis(app, monkeypatch):
    from huey.storage import RedisStorage, SqliteStorage

    monkeypatch.setitem(app.config, "HUEY_REDIS_URL", "redis://queue.example.vn:6380/3")
    monkeypatch.setitem(app.config, "HUEY_IMMEDIATE", False)
    queue.init_app(app)
    try:
        storage = queue.huey.storage
        assert isinstance(storage, RedisStorage)  # no connection is made until a task is queued
        kwargs = storage.pool.connection_kwargs
        assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("queue.example.vn", 6380, 3)
    finally:
        monkeypatch.undo()
        queue.init_app(app)
    assert queue.huey.immediate and not isinstance(queue.huey.storage, (RedisStorage, SqliteStorage))
