"""Uploads and generated PDFs on disk, confined to UPLOAD_DIR.

The bytes decide what a file is, never its name or the browser's content type.
On disk a file is ``UPLOAD_DIR/<case id>/<random hex><.png|.jpg|.pdf>`` (generated
PDFs under ``<case id>/generated/``); the user's file name is only kept, made
safe, in the database. Every path is resolved and checked to stay under
UPLOAD_DIR before it is opened.

Like every service here, these functions add and flush but never commit: the
view commits once. A file written for a request that is then rolled back stays on
disk with no row pointing to it; it is never served, since files are only served
through their row.
"""
from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from app.documents.images import IMAGE_FORMATS, UploadRejected, downscale_mark, identify_image, inspect_mark_image
from app.documents.pdf_pages import check_readable_pdf, inspect_pdf
from app.extensions import db
from app.models import Case, FilePurpose, GeneratedDocument, StoredFile, User

__all__ = [
    "StorageError",
    "UploadRejected",
    "find_generated",
    "generated_path",
    "loose_document_path",
    "save_loose_document",
    "save_generated",
    "save_upload",
    "size_limit",
    "stored_path",
    "upload_root",
]

PDF_TYPE = ("application/pdf", ".pdf")
#: What our own stored names look like; anything else in the database is not ours to open.
STORED_NAME_RE = re.compile(r"^[0-9a-f]{32}\.(?:png|jpg|pdf)$")
GENERATED_DIR = "generated"
ORIGINAL_NAME_MAX = 255


class StorageError(Exception):
    """A stored path that would leave UPLOAD_DIR, or a name we never wrote: a bug or tampering."""


def upload_root() -> Path:
    """UPLOAD_DIR, resolved (symlinks followed)."""
    return Path(os.path.realpath(current_app.config["UPLOAD_DIR"]))


def _confined(path: Path) -> Path:
    """The resolved path, if it stays strictly inside UPLOAD_DIR; else StorageError."""
    root = upload_root()
    real = Path(os.path.realpath(path))
    if real == root or not real.is_relative_to(root):
        raise StorageError(f"{path} is outside the upload directory")
    return real


def _checked_name(name: str) -> str:
    if not STORED_NAME_RE.match(name or ""):
        raise StorageError(f"not a stored file name: {name!r}")
    return name


def stored_path(stored: StoredFile) -> Path:
    """Where an upload lives on disk (checked to be under UPLOAD_DIR)."""
    return _confined(upload_root() / str(int(stored.case_id)) / _checked_name(stored.stored_name))


def generated_path(doc: GeneratedDocument) -> Path:
    """Where a generated PDF lives on disk (checked to be under UPLOAD_DIR)."""
    return _confined(upload_root() / str(int(doc.case_id)) / GENERATED_DIR / _checked_name(doc.stored_name))


# --- uploads -------------------------------------------------------------------------------------


def save_upload(case: Case, purpose: FilePurpose, upload: FileStorage, actor: User | None) -> StoredFile:
    """Check an upload by its content, write it under the case's folder and record it.

    Raises UploadRejected (with a message for the user) if the file is refused.
    Whether `actor` may add files to `case` is the caller's business.
    """
    if getattr(upload.stream, "seekable", lambda: False)():
        upload.stream.seek(0)  # a form validator may have read it already
    data = upload.read()
    if not data:
        raise UploadRejected(_l("The file is empty. Please choose the file again."))
    purpose = FilePurpose(purpose)
    _check_size(data, size_limit(purpose))
    if purpose in PRINTED_SAMPLES:
        info = inspect_mark_image(data)
        smaller = downscale_mark(data)
        if smaller is not None:  # stored small once, so no render pays for the extra pixels
            data = smaller
            info = inspect_mark_image(data)
        content_type, extension = IMAGE_FORMATS[info.format]
        width, height = info.width_px, info.height_px
    elif purpose == FilePurpose.MAP:
        content_type, extension, width, height = _check_map(data)
    else:
        content_type, extension, width, height = _check_document(data)

    stored_name = f"{uuid.uuid4().hex}{extension}"
    path = _confined(upload_root() / str(int(case.id)) / stored_name)
    _write_new(path, data)
    stored = StoredFile(
        case=case,
        purpose=purpose,
        original_name=_original_name(upload.filename, purpose, extension),
        stored_name=stored_name,
        content_type=content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width_px=width,
        height_px=height,
        uploaded_by=actor,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


#: images printed as the form's sample (the mark, a GI's presentation): checked and stored alike
PRINTED_SAMPLES = frozenset({FilePurpose.MARK_IMAGE, FilePurpose.GI_SAMPLE})


def size_limit(purpose: FilePurpose) -> int:
    """The largest file accepted for `purpose`, in bytes (the forms say it, the browser checks it)."""
    key = "MARK_IMAGE_MAX_BYTES" if FilePurpose(purpose) in PRINTED_SAMPLES else "DOCUMENT_MAX_BYTES"
    return current_app.config[key]


def _check_size(data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise UploadRejected(
            _l("The file is %(size)s; at most %(limit)s is accepted.", size=human_size(len(data)), limit=human_size(limit))
        )


def _check_document(data: bytes) -> tuple[str, str, int | None, int | None]:
    """A supporting document: a PDF, or a PNG/JPEG photo or scan. Returns type, extension, size in px."""
    if data.startswith(b"%PDF-"):
        check_readable_pdf(data)
        return (*PDF_TYPE, None, None)
    facts = identify_image(
        data,
        wrong_format=lambda name: _l(
            "This is a %(format)s image; documents must be PDF files or PNG or JPEG images.", format=name
        ),
        not_an_image=_l("This document must be a PDF file or a PNG or JPEG image; this file is none of these."),
    )
    return facts.content_type, facts.extension, facts.width_px, facts.height_px


def _check_map(data: bytes) -> tuple[str, str, int | None, int | None]:
    """A map of the geographical area: a PNG/JPEG image, or a real PDF (it is parsed: it must
    open, have pages and not be encrypted, since its pages are appended to the dossier)."""
    if data.startswith(b"%PDF-"):
        inspect_pdf(data)
        return (*PDF_TYPE, None, None)
    facts = identify_image(
        data,
        wrong_format=lambda name: _l(
            "This is a %(format)s image; the map must be a PDF file or a PNG or JPEG image.", format=name
        ),
        not_an_image=_l("The map must be a PDF file or a PNG or JPEG image; this file is none of these."),
    )
    return facts.content_type, facts.extension, facts.width_px, facts.height_px


def human_size(n_bytes: int) -> str:
    """A file size for messages: '5 MB', '1,5 MB', '800 KB' (decimal comma in Vietnamese)."""
    if n_bytes >= 1024 * 1024:
        return f"{format_decimal(round(n_bytes / (1024 * 1024), 1), format='#,##0.#')} MB"
    return f"{format_decimal(max(1, round(n_bytes / 1024)), format='#,##0')} KB"


def _original_name(filename: str | None, purpose: FilePurpose, extension: str) -> str:
    """The user's file name made safe (ASCII, no path), at most 255 characters, keeping its extension."""
    name = secure_filename(filename or "") or f"{purpose.value}{extension}"
    if len(name) > ORIGINAL_NAME_MAX:
        stem, dot, suffix = name.rpartition(".")
        if dot and len(suffix) <= 10:
            name = stem[: ORIGINAL_NAME_MAX - len(suffix) - 1] + "." + suffix
        else:
            name = name[:ORIGINAL_NAME_MAX]
    return name


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file (never overwrite), readable only by the app's user and group."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


# --- documents of records that are not cases -----------------------------------------------------

#: the folder of such a record under UPLOAD_DIR: its kind and id ("contributions/12")
_LOOSE_FOLDER_RE = re.compile(r"^[a-z_]+/\d+$")


def _loose_folder(folder: str) -> Path:
    if not _LOOSE_FOLDER_RE.match(folder):
        raise StorageError(f"not a record folder: {folder!r}")
    return upload_root() / folder


def save_loose_document(folder: str, upload: FileStorage) -> tuple[str, str, str]:
    """A supporting document (PDF, PNG or JPEG, checked by content and size like a case's) kept for a
    record that is not a case, e.g. an agency's evidence for a figure; returns (stored name, content
    type, safe original name). Raises UploadRejected with a message for the user."""
    data = upload.read()
    if not data:
        raise UploadRejected(_l("The file is empty. Please choose the file again."))
    _check_size(data, current_app.config["DOCUMENT_MAX_BYTES"])
    content_type, extension, _width, _height = _check_document(data)
    stored_name = f"{uuid.uuid4().hex}{extension}"
    _write_new(_confined(_loose_folder(folder) / stored_name), data)
    return stored_name, content_type, _original_name(upload.filename, FilePurpose.OTHER, extension)


def loose_document_path(folder: str, stored_name: str) -> Path:
    """Where such a document lives (checked to be under UPLOAD_DIR and a name we wrote)."""
    return _confined(_loose_folder(folder) / _checked_name(stored_name))


# --- generated PDFs ------------------------------------------------------------------------------


def find_generated(case: Case, kind: str, data_hash: str) -> GeneratedDocument | None:
    """The PDF already rendered from the same data, if it is still on disk.

    A row whose file has gone missing is deleted, so the document is simply rendered again.
    """
    doc = db.session.scalars(
        sa.select(GeneratedDocument).where(
            GeneratedDocument.case_id == case.id,
            GeneratedDocument.kind == kind,
            GeneratedDocument.data_hash == data_hash,
        )
    ).first()
    if doc is None:
        return None
    if not generated_path(doc).is_file():
        db.session.delete(doc)
        db.session.flush()
        return None
    return doc


def save_generated(case: Case, kind: str, data_hash: str, pdf: bytes) -> GeneratedDocument:
    """Keep a rendered PDF under the case's generated/ folder and record it by its data hash."""
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("save_generated expects PDF bytes")
    stored_name = f"{uuid.uuid4().hex}.pdf"
    path = _confined(upload_root() / str(int(case.id)) / GENERATED_DIR / stored_name)
    _write_new(path, pdf)
    doc = GeneratedDocument(
        case_id=case.id, kind=kind, data_hash=data_hash, stored_name=stored_name, size_bytes=len(pdf)
    )
    try:
        # the background worker and a download may render the same data at once: the first one kept wins
        with db.session.begin_nested():
            db.session.add(doc)
    except sa.exc.IntegrityError:
        path.unlink(missing_ok=True)
        kept = find_generated(case, kind, data_hash)
        if kept is None:
            raise
        return kept
    return doc
