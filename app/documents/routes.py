"""File downloads: an upload is served only to those who may see its case."""
from __future__ import annotations

from flask import abort, current_app, send_file

from app.documents import bp
from app.documents.storage import StorageError, stored_path
from app.extensions import db
from app.models import Case, StoredFile
from app.security import get_visible_or_404, permission_required


@bp.route("/files/<int:file_id>")
@permission_required("case.view")
def file(file_id: int):
    """An uploaded file: images inline, PDFs as a download under the user's file name.

    Another organization's producer gets 404, as for the case itself.
    """
    stored = db.session.get(StoredFile, file_id)
    if stored is None:
        abort(404)
    get_visible_or_404(Case, stored.case_id, "case.view")
    try:
        path = stored_path(stored)
    except StorageError:
        current_app.logger.error("stored file %s has an unsafe path", stored.id)
        abort(404)
    if not path.is_file():
        current_app.logger.error("stored file %s is missing on disk", stored.id)
        abort(404)

    is_pdf = stored.content_type == "application/pdf"
    response = send_file(
        path,
        mimetype=stored.content_type,
        as_attachment=is_pdf,
        download_name=_download_name(stored),
        conditional=True,
        etag=stored.sha256,
    )
    # Private to the user; the browser must not guess another type from the bytes, and
    # nothing in a served file may run script or load anything.
    response.cache_control.public = False
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _download_name(stored: StoredFile) -> str:
    """The user's file name, with the extension of what the file really is."""
    extension = {"image/png": ".png", "image/jpeg": ".jpg", "application/pdf": ".pdf"}.get(stored.content_type, "")
    name = stored.original_name or f"file-{stored.id}"
    if extension and not name.lower().endswith(extension) and not (
        extension == ".jpg" and name.lower().endswith(".jpeg")
    ):
        name = name.rsplit(".", 1)[0] + extension if "." in name else name + extension
    return name
