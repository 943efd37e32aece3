"""Import and export of the product list (GET|POST /products/import, /products/export.xlsx|.csv)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import addresses, clock, spreadsheets
from app.extensions import db
from app.forms import EmptyForm
from app.jobs import services as jobs
from app.models import ImportBatch
from app.products import bp, exporter, import_jobs, importer, ip_status, services
from app.products.forms import ImportUploadForm
from app.security import permission_required

EXPORT_LIMIT = 50_000
#: how long an uploaded list waits for its confirmation before it is deleted
WAITING_FOR = timedelta(days=1)


def _pending_path(file_sha256: str) -> Path:
    """Where an uploaded list waits between preview and commit (400 for a name that is not a hash)."""
    path = importer.pending_path(file_sha256)
    if path is None:
        abort(400)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _remove_stale_uploads(folder: Path) -> None:
    """Delete the lists uploaded more than WAITING_FOR ago and never confirmed: an abandoned
    preview must not keep a copy of an office's list on the server for ever."""
    oldest = (clock.now() - WAITING_FOR).timestamp()
    for path in folder.glob("*.bin"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except FileNotFoundError:  # removed meanwhile by another request
            continue


def _mapping_from(form) -> dict[int, str] | None:
    mapping = {}
    found = False
    for key, value in form.items():
        if key.startswith("map-"):
            found = True
            try:
                column = int(key[4:])
            except ValueError:
                continue
            if value in importer.FIELDS:
                mapping[column] = value
    return mapping if found else None


def _fixes_from(form) -> importer.Fixes:
    """The preview's fixes: rows excluded (kept in hidden fields, one more with each "exclude"
    button, one fewer with "include"), and wards picked for rows whose ward was not understood."""
    excluded = {int(v) for v in form.getlist("excluded") + form.getlist("exclude") if v.isdigit()}
    excluded -= {int(v) for v in form.getlist("include") if v.isdigit()}
    wards = {int(key[5:]): int(value) for key, value in form.items()
             if key.startswith("ward-") and key[5:].isdigit() and value.isdigit()}
    return importer.Fixes(excluded, wards)


@bp.route("/import", methods=["GET", "POST"])
@permission_required("product.import")
def import_products():
    """Upload, map columns, preview with per-row errors; commit all or nothing."""
    form = ImportUploadForm()
    batches = list(db.session.scalars(sa.select(ImportBatch).order_by(ImportBatch.id.desc()).limit(10)))
    if request.method == "GET":
        return render_template("products/import.html", form=form, preview=None, batches=batches)
    if not form.validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    try:
        if upload is not None and upload.filename:
            data = upload.read(spreadsheets.MAX_FILE_BYTES + 1)
            filename = upload.filename
            table = spreadsheets.read_table(filename, data)
            file_sha256 = importer.file_hash(data)
            _remove_stale_uploads(_pending_path(file_sha256).parent)
            _pending_path(file_sha256).write_bytes(data)
        else:
            file_sha256 = request.form.get("file_sha256", "")
            filename = request.form.get("filename", "")[:255]
            path = _pending_path(file_sha256)
            if not path.exists():
                flash(_("Choose a file to import."), "danger")
                return render_template("products/import.html", form=form, preview=None, batches=batches), 422
            data = path.read_bytes()
            table = spreadsheets.read_table(filename, data)
        fixes = _fixes_from(request.form)
        preview = importer.build_preview(table, filename, file_sha256, _mapping_from(request.form), fixes)
        if request.form.get("action") == "commit":
            if not preview.ok:
                flash(_("Nothing was imported: correct the rows with errors first."), "danger")
            elif len(preview.kept) > current_app.config["IMPORT_INLINE_ROWS"]:
                job = import_jobs.queue_import(preview, fixes, current_user)
                db.session.commit()
                jobs.start(job)
                return redirect(url_for("jobs.detail", job_id=job.id))
            else:
                batch = importer.commit_preview(preview, current_user)
                db.session.commit()
                _pending_path(file_sha256).unlink(missing_ok=True)
                flash(importer.outcome(batch), "success")
                return redirect(url_for("products.import_products"))
    except importer.ImportRejected as rejection:
        db.session.rollback()
        flash(_("Nothing was imported. %(reason)s", reason=rejection.message), "danger")
        return render_template("products/import.html", form=form, preview=None, batches=batches), 422
    return render_template("products/import.html", form=form, preview=preview, batches=batches,
                           fields=importer.FIELDS, action_form=EmptyForm(),
                           wards=addresses.wards(services.province_code()), picked=fixes.wards), \
        200 if preview.ok else 422


def _export(kind: str) -> Response:
    filters = services.ProductFilters.from_args(request.args)
    query = services.filtered_query(filters, current_user).limit(EXPORT_LIMIT)
    statuses = ip_status.for_query(query)
    # streamed in batches: written as they are read, so memory holds a batch, not the whole list
    products = db.session.execute(exporter.values_query(query).execution_options(yield_per=1000))
    stamp = clock.today().strftime("%Y%m%d")
    if kind == "xlsx":
        body = exporter.to_xlsx(products, statuses)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exporter.to_csv(products, statuses)
        content_type = "text/csv; charset=utf-8"  # as is: a mimetype would get a second charset from Werkzeug
    return Response(body, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="san-pham-ocop-{stamp}.{kind}"',
        "Cache-Control": "no-store",
    })


@bp.route("/export.xlsx")
@permission_required("product.export")
def export_xlsx():
    return _export("xlsx")


@bp.route("/export.csv")
@permission_required("product.export")
def export_csv():
    return _export("csv")
