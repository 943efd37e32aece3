"""The annual report PDF as a job: rendered by the worker (about 200 MB and 1.7 s at 50,000 cases),
not inside a web worker; its page shows the progress, then the download."""
from __future__ import annotations

from app.jobs import services as jobs
from app.models import Job, JobKind
from app.reports import services


@jobs.handler(JobKind.ANNUAL_REPORT_PDF)
def render_annual_pdf(job: Job) -> None:
    year = job.params["year"]
    jobs.progress(job, 10)
    jobs.save_result(job, services.pdf_bytes(year), services.pdf_filename(year), "application/pdf")
