"""A big import confirmed by the office is written by the worker (a 20,000-row list takes seconds and
hundreds of MB): the request keeps the upload and the choices made in the preview (column mapping,
rows left out, wards picked) as the job's parameters; the worker checks the list again against
today's database and imports it all or nothing."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app import spreadsheets
from app.jobs import services as jobs
from app.models import Job, JobKind, User
from app.products import importer

#: how many rows' errors a failed job lists (the preview shows them all)
ERRORS_SHOWN = 20


def queue_import(preview: importer.Preview, fixes: importer.Fixes, owner: User) -> Job:
    """Record the import of a previewed list as a job; flushes (the caller commits and starts it)."""
    return jobs.create(JobKind.PRODUCT_IMPORT, owner, {
        "file_sha256": preview.file_sha256,
        "filename": preview.filename,
        "mapping": {str(column): name for column, name in preview.layout.mapping.items()},
        "excluded": sorted(fixes.excluded),
        "wards": {str(line): ward for line, ward in fixes.wards.items()},
    })


@jobs.handler(JobKind.PRODUCT_IMPORT)
def import_products(job: Job) -> None:
    params = job.params
    path = importer.pending_path(params["file_sha256"])
    if path is None or not path.is_file():
        raise jobs.JobFailed(_l("The uploaded list is no longer on the server (a list waits one day for its "
                                "confirmation). Nothing was imported: upload it again."))
    fixes = importer.Fixes({int(line) for line in params["excluded"]},
                           {int(line): int(ward) for line, ward in params["wards"].items()})
    try:
        table = spreadsheets.read_table(params["filename"], path.read_bytes())
        jobs.progress(job, 20)
        with force_locale("vi"):
            preview = importer.build_preview(table, params["filename"], params["file_sha256"],
                                             {int(column): name for column, name in params["mapping"].items()}, fixes)
    except importer.ImportRejected as rejection:
        raise jobs.JobFailed(rejection.message) from None
    if not preview.ok:  # the database changed since the preview (e.g. a certificate number now taken)
        rows = [row for row in preview.kept if row.errors][:ERRORS_SHOWN]
        raise jobs.JobFailed(_l("Nothing was imported: correct the rows with errors first."),
                             *(_l("Row %(line)d: %(errors)s", line=row.line, errors="; ".join(map(str, row.errors)))
                               for row in rows))
    jobs.progress(job, 60)
    batch = importer.commit_preview(preview, job.owner)
    with force_locale("vi"):
        job.summary = importer.outcome(batch)
    path.unlink(missing_ok=True)
