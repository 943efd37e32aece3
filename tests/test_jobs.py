"""Jobs run outside the request (app/jobs/): the annual report PDF and big imports, their page
(progress, result, Vietnamese errors) and who may see them."""
from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from app import queue
from app.jobs import services as jobs
from app.models import Job, JobKind, JobState, Product, Role
from tests.conftest import text_of
from tests.report_reading import pdf_text
from tests.test_import_export import GOOD_ROWS, commit, messy_xlsx, upload


@pytest.fixture
def waiting_queue(app, tmp_path, monkeypatch):
    """A real queue nothing consumes: jobs wait as they would for a busy worker."""
    monkeypatch.setitem(app.config, "HUEY_SQLITE_PATH", str(tmp_path / "queue.sqlite3"))
    monkeypatch.setitem(app.config, "HUEY_IMMEDIATE", False)
    queue.init_app(app)
    yield queue.huey
    queue.huey.storage.close()
    monkeypatch.undo()
    queue.init_app(app)


def _job(db, job_id: int) -> Job:
    db.session.remove()
    return db.session.get(Job, job_id)


def test_the_report_pdf_is_made_by_a_job_its_owner_downloads(db, login_as, freeze_today):
    freeze_today(date(2026, 12, 20))
    client, user = login_as(Role.CONSULTANT)
    response = client.post("/reports/annual/2010/pdf-job")
    # tests run tasks inline: the job is done by the time the request answers, so it goes to the file
    assert response.status_code == 302
    job_id = int(re.search(r"/jobs/(\d+)/result$", response.headers["Location"]).group(1))
    job = _job(db, job_id)
    assert (job.kind, job.state, job.progress, job.owner_id) == (JobKind.ANNUAL_REPORT_PDF, JobState.DONE, 100, user.id)
    download = client.get(f"/jobs/{job_id}/result")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert 'filename=bao-cao-shtt-2010.pdf' in download.headers["Content-Disposition"]
    assert "năm 2010" in pdf_text(download.data)
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200 and 'http-equiv="refresh"' not in page.get_data(as_text=True)
    assert "Tải về bao-cao-shtt-2010.pdf" in text_of(page)

    other, _ = login_as(Role.CONSULTANT, email="other@example.vn")
    assert other.get(f"/jobs/{job_id}").status_code == 404
    assert other.get(f"/jobs/{job_id}/result").status_code == 404
    admin, _ = login_as(Role.ADMIN)
    assert admin.get(f"/jobs/{job_id}").status_code == 200
    producer, _ = login_as(Role.PRODUCER)
    assert producer.post("/reports/annual/2010/pdf-job").status_code == 403
    assert client.post("/reports/annual/1999/pdf-job").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 1


def test_a_waiting_job_shows_its_progress_and_reloads_until_done(db, login_as, freeze_today, waiting_queue):
    freeze_today(date(2026, 12, 20))
    client, _user = login_as(Role.CONSULTANT)
    response = client.post("/reports/annual/2010/pdf-job")
    job_id = int(re.search(r"/jobs/(\d+)$", response.headers["Location"]).group(1))
    assert waiting_queue.pending_count() == 1
    html = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in html
    assert 'data-state="queued"' in html and "Đang chờ thực hiện" in html and '<progress id="job-progress"' in html
    jobs.run_job.call_local(job_id)  # what the worker does with the queued task
    html = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in html and 'data-state="done"' in html
    assert client.get(f"/jobs/{job_id}/result").mimetype == "application/pdf"


def test_a_big_import_is_written_by_a_job(app, db, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_INLINE_ROWS", 2)
    office, _user = login_as(Role.OFFICE)
    preview = upload(office, messy_xlsx(GOOD_ROWS), "danh sach.xlsx")
    assert preview.status_code == 200
    response = commit(office, preview.get_data(as_text=True))
    assert response.status_code == 302
    job_id = int(re.search(r"/jobs/(\d+)$", response.headers["Location"]).group(1))
    job = _job(db, job_id)
    assert job.kind == JobKind.PRODUCT_IMPORT and job.state == JobState.DONE, job.error
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == 3
    page = office.get(f"/jobs/{job_id}")
    assert "Đã nhập xong: 3 mới, 0 cập nhật, 0 không đổi." in text_of(page)


def test_a_small_import_stays_in_the_request(app, db, login_as):
    office, _user = login_as(Role.OFFICE)
    preview = upload(office, messy_xlsx(GOOD_ROWS), "danh sach.xlsx")
    response = commit(office, preview.get_data(as_text=True))
    assert response.headers["Location"].endswith("/products/import")
    assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 0


def test_a_failed_import_job_shows_the_reason_in_vietnamese_and_imports_nothing(app, db, login_as):
    office, user = login_as(Role.OFFICE)
    job = jobs.create(JobKind.PRODUCT_IMPORT, user, {"file_sha256": "0" * 64, "filename": "gone.xlsx",
                                                     "mapping": {}, "excluded": [], "wards": {}})
    db.session.commit()
    jobs.start(job)
    job = _job(db, job.id)
    assert job.state == JobState.FAILED
    page = office.get(f"/jobs/{job.id}")
    assert page.status_code == 200
    error = text_of(page)
    assert "Không thực hiện được công việc" in error and "không còn trên máy chủ" in error
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == 0


def test_an_unexpected_error_fails_the_job_and_undoes_its_work(app, db, login_as, monkeypatch):
    office, user = login_as(Role.OFFICE)

    def half_done(job):
        db.session.add(Product(name="Nửa chừng", organization_id=None))
        raise RuntimeError("boom")

    monkeypatch.setitem(jobs.HANDLERS, JobKind.PRODUCT_IMPORT, half_done)
    job = jobs.create(JobKind.PRODUCT_IMPORT, user, {})
    db.session.commit()
    jobs.start(job)
    assert _job(db, job.id).state == JobState.FAILED
    assert "lỗi ngoài dự kiến" in _job(db, job.id).error
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == 0


def test_an_import_job_whose_rows_have_errors_lists_them_and_imports_nothing(app, db, login_as):
    from app import spreadsheets
    from app.products import importer

    office, user = login_as(Role.OFFICE)
    data = messy_xlsx([GOOD_ROWS[0], [*GOOD_ROWS[1][:2], "9 sao", *GOOD_ROWS[1][3:]]])
    sha = importer.file_hash(data)
    path = importer.pending_path(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    layout = importer.detect_layout(spreadsheets.read_table("list.xlsx", data))
    job = jobs.create(JobKind.PRODUCT_IMPORT, user, {
        "file_sha256": sha, "filename": "list.xlsx", "excluded": [], "wards": {},
        "mapping": {str(column): name for column, name in layout.mapping.items()}})
    db.session.commit()
    jobs.start(job)
    assert _job(db, job.id).state == JobState.FAILED
    error = text_of(office.get(f"/jobs/{job.id}"))
    assert "Không có dữ liệu nào được nhập: hãy sửa các dòng có lỗi trước." in error, error
    assert "Dòng 5: Hạng sao 9 nằm ngoài khoảng 3–5." in error, error
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == 0
