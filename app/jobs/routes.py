"""A job's page (progress, then its result or errors; it reloads itself without JavaScript) and its
result file. Only the owner and admins see a job (app/security.py)."""
from __future__ import annotations

from flask import abort, render_template, send_file

from app.jobs import bp, services
from app.models import Job
from app.security import get_visible_or_404, permission_required

#: seconds between reloads of the page of a job still running
REFRESH_SECONDS = 2


@bp.route("/jobs/<int:job_id>")
@permission_required("job.view")
def detail(job_id: int):
    job = get_visible_or_404(Job, job_id, "job.view")
    return render_template("jobs/detail.html", job=job, refresh=None if job.state.finished else REFRESH_SECONDS)


@bp.route("/jobs/<int:job_id>/result")
@permission_required("job.view")
def result(job_id: int):
    job = get_visible_or_404(Job, job_id, "job.view")
    if job.result_name is None or not services.result_path(job).is_file():
        abort(404)
    response = send_file(services.result_path(job), mimetype=job.result_content_type, as_attachment=True,
                         download_name=job.result_filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
