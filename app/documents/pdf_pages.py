"""PDF files we did not render ourselves: checking an uploaded PDF, and adding its pages to ours.

WeasyPrint cannot draw a PDF inside an HTML page, so a map uploaded as a PDF is
printed by appending its pages, as they are, after the pages WeasyPrint rendered
(see app/cases/dossier.py). Both the check and the merge use pypdf, pure Python:
an uploaded PDF is parsed, never run or rendered.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Iterable

from flask_babel import lazy_gettext as _l
from pypdf import PdfReader, PdfWriter, Transformation

from app.documents.images import UploadRejected

#: The most pages a map may have: a map is a sheet or a few, not a report.
MAP_MAX_PAGES = 20
#: Keys of an uploaded page not copied into our PDFs: annotations (links, form fields, whose
#: actions may run script), the page's own actions, article threads.
PAGE_KEYS_LEFT_OUT = ("/Annots", "/AA", "/B")


def inspect_pdf(data: bytes, *, max_pages: int = MAP_MAX_PAGES) -> int:
    """Check that the bytes are a real, readable, unencrypted PDF; return its number of pages.

    Raises UploadRejected with a message for the user otherwise. Every page is
    opened (its size and its content streams read), so a file that only starts
    like a PDF is refused here rather than when the dossier is printed.
    """
    damaged = UploadRejected(
        _l("This file is not a readable PDF (it may be damaged or only named .pdf). "
           "Please export the map again as PDF, PNG or JPEG and upload the new file.")
    )
    if not data.startswith(b"%PDF-"):
        raise damaged
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRejected(
                _l("This PDF is protected by a password or encrypted, so it cannot be added to the dossier. "
                   "Save a copy without protection and upload that one.")
            )
        count = len(reader.pages)
        if count < 1:
            raise UploadRejected(_l("This PDF has no pages. Please upload the map itself."))
        if count > max_pages:
            raise UploadRejected(
                _l("This PDF has %(count)d pages; a map may have at most %(max)d.", count=count, max=max_pages)
            )
        for page in reader.pages:
            if page.mediabox.width <= 0 or page.mediabox.height <= 0:
                raise damaged
            page.get_contents()
    except UploadRejected:
        raise
    except Exception:  # pypdf raises many kinds of errors on a broken file: all mean "refuse"
        raise damaged from None
    return count


def check_readable_pdf(data: bytes) -> None:
    """A supporting document claimed to be a PDF: it must parse with pypdf and have readable pages
    (a file that merely starts with %PDF- and ends with %%EOF is not enough). Unlike a map it is
    never appended to the dossier, so encryption and length do not matter."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return  # a signed or protected scan is still a document; we never print its pages
        if not reader.pages:
            raise ValueError("no pages")
        for page in reader.pages:
            page.get_contents()
    except Exception:  # pypdf raises many kinds of errors on a broken file: all mean "refuse"
        raise UploadRejected(
            _l("This file is not a readable PDF (it may be damaged or only named .pdf). "
               "Please save it again as PDF and upload the new file.")
        ) from None


def page_count(path: Path) -> int:
    """The number of pages of a stored PDF (checked at upload, so it opens)."""
    return len(PdfReader(path).pages)


def append_pages(document: bytes, attachments: Iterable[Path], *, stamp: bytes | None = None) -> bytes:
    """`document` followed by every page of each PDF in `attachments`, as one PDF.

    `stamp`, if given, is a one-page PDF (e.g. the "BẢN NHÁP" watermark) drawn over
    each appended page, scaled to fit it: the rendered pages carry it already.
    """
    writer = PdfWriter(clone_from=io.BytesIO(document))
    stamp_page = PdfReader(io.BytesIO(stamp)).pages[0] if stamp else None
    for path in attachments:
        for source in PdfReader(path).pages:
            # Only what a page draws: no links, form fields, scripts or page actions come along.
            page = writer.add_page(source, excluded_keys=PAGE_KEYS_LEFT_OUT)
            if stamp_page is not None:
                page.transfer_rotation_to_content()
                _draw_over(page, stamp_page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _draw_over(page, stamp_page) -> None:
    """Draw `stamp_page` over `page`, scaled uniformly and centred on it."""
    box, stamp_box = page.mediabox, stamp_page.mediabox
    width, height = float(box.width), float(box.height)
    stamp_width, stamp_height = float(stamp_box.width), float(stamp_box.height)
    scale = min(width / stamp_width, height / stamp_height)
    dx = float(box.left) + (width - stamp_width * scale) / 2
    dy = float(box.bottom) + (height - stamp_height * scale) / 2
    page.merge_transformed_page(stamp_page, Transformation().scale(scale, scale).translate(dx, dy), over=True)
